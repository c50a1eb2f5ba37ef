using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using static Coverage.Server.Tests.Support.DemoTables;

namespace Coverage.Server.Tests;

/// <summary>
/// Which facility statuses count is one setting (Coverage:CountedStatuses), named on every view that depends on it:
/// counting planned facilities gives exactly what adding them as a what-if gives on a server that does not count them.
/// </summary>
public sealed class CountedStatusesTests
{
    const string Circle = "elderly-15";

    [Fact]
    public async Task Counting_planned_facilities_equals_the_what_if_that_adds_them_and_every_view_says_so()
    {
        await using var plain = CoverageServer.OnGeoPackage();
        await using var planned = CoverageServer.OnGeoPackage(new()
        {
            ["Coverage:CountedStatuses:0"] = "existing", ["Coverage:CountedStatuses:1"] = "under_construction", ["Coverage:CountedStatuses:2"] = "规划",
        });
        var add = Facilities().Where(f => Prop(f, "category") == "elderly" && Prop(f, "status") == "planned")
            .Select(f => new { category = "elderly", geometry = f.GetProperty("geometry") }).ToList();
        Assert.NotEmpty(add);

        var whatIf = await Json(plain.CreateClient().PostAsync("/api/whatif", CoverageServer.Json(new { circle = Circle, add })));
        var coverage = await Json(planned.CreateClient().GetAsync($"/api/coverage/{Circle}"));
        var predicted = whatIf.GetProperty("after");
        var county = coverage.GetProperty("county");
        foreach (var field in new[] { "coveredDemand", "coveredPopulation", "coveredElderly", "gapDemand" })
            Assert.Equal(predicted.GetProperty(field).GetDouble(), county.GetProperty(field).GetDouble(), 2);
        Assert.True(county.GetProperty("coveredDemand").GetDouble() > whatIf.GetProperty("before").GetProperty("coveredDemand").GetDouble());

        Assert.Equal(["existing", "under_construction"], Ids(whatIf.GetProperty("countedStatuses")));
        Assert.Equal(["existing", "under_construction", "planned"], Ids(coverage.GetProperty("countedStatuses")));
        Assert.Equal(["现状", "在建", "规划"], coverage.GetProperty("countedStatuses").EnumerateArray().Select(s => s.GetProperty("zh").GetString()));
    }

    [Fact]
    public void An_unknown_or_empty_setting_is_refused_with_a_bilingual_message_and_chinese_words_are_read()
    {
        var e = Assert.ThrowsAny<Coverage.Core.InputException>(() => Region.RegionHost.ParseCountedStatuses(["existing", "built"]));
        Assert.Equal("Coverage:CountedStatuses names unknown status 'built'; known: existing, under_construction, planned, proposed", e.Text.En);
        Assert.StartsWith("配置 Coverage:CountedStatuses 中的状态“built”未知", e.Text.Zh);
        Assert.Throws<Coverage.Core.InputException>(() => Region.RegionHost.ParseCountedStatuses([]));
        Assert.Equal([Core.Domain.FacilityStatus.Existing, Core.Domain.FacilityStatus.Planned],
            Region.RegionHost.ParseCountedStatuses(["现状", "规划"]).Order());
    }

    static IEnumerable<string?> Ids(JsonElement statuses) => statuses.EnumerateArray().Select(s => s.GetProperty("id").GetString());

    static async Task<JsonElement> Json(Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
