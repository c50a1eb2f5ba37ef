using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>
/// POST /api/siting?format=csv|geojson|xlsx: the sites table of the same answer, read back with plain readers, equals the
/// JSON answer row for row (its table and its proposals' names and places).
/// </summary>
public sealed class SitingExportTests(SitingServerFixture fixture) : IClassFixture<SitingServerFixture>
{
    static readonly object Question = new { circle = "elderly-15", @new = 3, timeLimitSeconds = 10 };

    async Task<HttpResponseMessage> PostAsync(string path)
    {
        var planner = await fixture.Server.PlannerAsync("export-" + Guid.NewGuid().ToString("N")[..6]);
        return await planner.PostAsync(path, CoverageServer.Json(Question));
    }

    async Task<JsonElement> AnswerAsync()
    {
        var response = await PostAsync("/api/siting");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    async Task<byte[]> FileAsync(string format, string mediaType, string extension)
    {
        var response = await PostAsync("/api/siting?format=" + format);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(extension, response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Each_file_holds_the_rows_of_the_json_answer_with_chinese_headings()
    {
        var answer = await AnswerAsync();
        var expected = SitingFiles.Json(answer.GetProperty("table"));
        var proposals = answer.GetProperty("proposals").GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(3, expected.Count);
        // The table names each proposal as the proposals do, at the same place.
        for (int i = 0; i < proposals.Count; i++)
        {
            var p = proposals[i].GetProperty("properties");
            Assert.Equal(p.GetProperty("label").GetProperty("zh").GetString(), expected[i][1]);
            Assert.Equal(p.GetProperty("label").GetProperty("en").GetString(), expected[i][2]);
            Assert.Matches(@"^.+旁 · .+（way \d+）$", expected[i][1]);
        }

        var csv = SitingFiles.Csv(await FileAsync("csv", "text/csv", ".csv"));
        Assert.Equal(SitingFiles.ChineseHeadings, csv.Headings);
        Assert.Equal(expected, csv.Rows);

        var xlsx = SitingFiles.Xlsx(await FileAsync("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"));
        Assert.Equal(SitingFiles.ChineseHeadings, xlsx.Headings);
        Assert.Equal(expected, xlsx.Rows);

        var geo = SitingFiles.GeoJson(await FileAsync("geojson", "application/geo+json", ".geojson"));
        Assert.Equal(answer.GetProperty("table").GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("id").GetString()!), geo.Ids);
        Assert.Equal(expected, geo.Rows);
        Assert.Equal(proposals.Select(p => (p.GetProperty("geometry").GetProperty("coordinates")[0].GetDouble(),
            p.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble())), geo.Points);
    }

    [Fact]
    public async Task The_answer_says_its_quality_in_plain_words_beside_the_solver_fields()
    {
        var solver = (await AnswerAsync()).GetProperty("solver");
        var quality = solver.GetProperty("quality");
        if (solver.GetProperty("status").GetString() == "optimal")
            Assert.Equal(("已证明为最优", "proved best"), (quality.GetProperty("zh").GetString(), quality.GetProperty("en").GetString()));
        else
            Assert.Equal($"within {quality.GetProperty("withinPercent").GetDouble():0.0} % of the best", quality.GetProperty("en").GetString());
        Assert.True(solver.TryGetProperty("bound", out _) && solver.TryGetProperty("gap", out _), "machine fields stay for tools");
    }

    [Fact]
    public async Task An_unknown_format_is_a_bilingual_400()
    {
        var problem = await Problem.ReadAsync(await PostAsync("/api/siting?format=pdf"), HttpStatusCode.BadRequest);
        Assert.Contains("Cannot export sites as 'pdf': use .csv, .geojson or .xlsx", problem.Detail);
        Assert.Contains("选址结果无法导出为“pdf”：请用 .csv、.geojson 或 .xlsx", problem.DetailZh);
    }
}
