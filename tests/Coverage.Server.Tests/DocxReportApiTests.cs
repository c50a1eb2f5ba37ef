using System.Globalization;
using System.Net;
using System.Text.Json;
using Coverage.Analysis.Reports;
using Coverage.Server.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Coverage.Server.Tests;

/// <summary>The Word report as the page's link downloads it: an attachment that validates and shows the figures the API serves.</summary>
public sealed class DocxReportApiTests(GeoPackageServerFixture fixture) : IClassFixture<GeoPackageServerFixture>
{
    [Fact]
    public async Task Word_report_downloads_as_an_attachment_that_validates_and_holds_the_served_county_figures()
    {
        var client = fixture.Server.CreateClient();
        var response = await client.GetAsync("/api/reports/elderly-15?format=docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("coverage-elderly-15.docx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 10_000, $"{bytes.Length} B");

        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Microsoft365).Validate(doc).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5).Select(e => e.Description)));
        var body = doc.MainDocumentPart!.Document.Body!;
        Assert.Equal("十五分钟养老服务圈 · 步行覆盖评估报告", body.Elements<Paragraph>().First().InnerText);

        // The overview (one circle: printed sideways, a row per figure) against the API's own coverage answer.
        using var coverage = JsonDocument.Parse(await client.GetStringAsync("/api/coverage/elderly-15"));
        var county = coverage.RootElement.GetProperty("county");
        var overview = body.Elements<Table>().First().Elements<TableRow>()
            .ToDictionary(r => r.Elements<TableCell>().First().InnerText, r => r.Elements<TableCell>().Last().InnerText);
        string Count(string field) => county.GetProperty(field).GetInt32().ToString("#,##0", CultureInfo.InvariantCulture);
        Assert.Equal(Count("settlements"), overview["居民点（个）Settlements (places)"]);
        Assert.Equal(Count("covered"), overview["居民点覆盖（个）Settlements covered"]);
        Assert.Equal(Math.Round(county.GetProperty("coveredDemand").GetDouble(), MidpointRounding.AwayFromZero).ToString("#,##0", CultureInfo.InvariantCulture),
            overview["覆盖老年人口(60岁及以上)Covered older people (60+)"]);
        Assert.Equal(DocxReport.ContentType, response.Content.Headers.ContentType?.MediaType);
    }
}
