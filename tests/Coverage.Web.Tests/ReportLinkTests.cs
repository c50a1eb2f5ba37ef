using Coverage.Web.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Coverage.Web.Tests;

/// <summary>Issue #13 item 5 on the page: the summary offers the circle's report as HTML and as Word, in the page's language.</summary>
[Collection(SiteCollection.Name)]
public sealed class ReportLinkTests(CoverageSite site)
{
    [Fact]
    public async Task Summary_links_download_the_chosen_circles_report_as_html_and_word()
    {
        await using var tab = await SitePage.OpenAsync(site);
        await tab.ChooseCircleAsync("park-10");
        var page = tab.Page;
        Assert.Equal("评估报告： 网页 HTML · Word 文档", (await page.InnerTextAsync("#summary-report")).Trim());
        Assert.Equal("/api/reports/park-10?format=html", await page.GetAttributeAsync("#summary-report a[data-format=html]", "href"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#summary-report a[data-format=docx]"));
        Assert.Equal("coverage-park-10.docx", download.SuggestedFilename);
        var path = Path.Combine(Path.GetTempPath(), $"coverage-web-{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(path);
        try
        {
            using var doc = WordprocessingDocument.Open(path, false);
            Assert.Empty(new OpenXmlValidator().Validate(doc));
            Assert.StartsWith("10分钟公园绿地服务圈", doc.MainDocumentPart!.Document.Body!.Elements<Paragraph>().First().InnerText);
        }
        finally { File.Delete(path); }

        await page.ClickAsync("#lang-toggle");
        Assert.Equal("Report: HTML · Word (.docx)", (await page.InnerTextAsync("#summary-report")).Trim());
        Assert.Empty(tab.Errors);
    }
}
