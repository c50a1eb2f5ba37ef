using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests.Cli;

/// <summary>`coverage life-circles`: the units as GeoJSON or CSV on stdout; a bad format is one bilingual line.</summary>
public class LifeCircleCliTests
{
    [Fact]
    public void A_bad_format_is_one_clear_line()
    {
        var r = CliRunner.Run("life-circles", "--format", "xlsx");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("错误 Error: --format 应为 csv 或 geojson，而不是“xlsx” / --format must be csv or geojson, not 'xlsx'", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Geojson_lists_every_member_once_and_csv_has_a_row_per_unit()
    {
        var store = "gpkg:" + Path.Combine(Directory.CreateTempSubdirectory("coverage-life-cli-").FullName, "plan.gpkg");
        var geo = CliRunner.Run("life-circles", "--format", "geojson", "--time-limit", "10", "--store", store);
        Assert.True(geo.ExitCode == 0, geo.Stderr);
        var features = JsonDocument.Parse(geo.Stdout).RootElement.GetProperty("features").EnumerateArray().ToList();
        var ids = features.Select(f => f.GetProperty("properties").GetProperty("unit_id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var members = features.SelectMany(f => f.GetProperty("properties").GetProperty("members").GetString()!.Split('、')).ToList();
        Assert.Equal(members.Count, members.Distinct().Count());
        var csv = CliRunner.Run("life-circles", "--format", "csv", "--time-limit", "10", "--store", store);
        Assert.True(csv.ExitCode == 0, csv.Stderr);
        var lines = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("单元编号", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(features.Count + 1, lines.Length);
    }

    [Fact]
    public async Task A_saved_grouping_prints_as_its_table_with_the_moved_village_in_its_new_unit()
    {
        await using var server = CoverageServer.OnGeoPackage(new() { ["Coverage:RateLimit:PermitsPerWindow"] = "1000" });
        var life = JsonDocument.Parse(await server.CreateClient().GetStringAsync("/api/life-circles")).RootElement;
        var units = life.GetProperty("units").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .Select(p => (Id: p.GetProperty("id").GetString()!, Centre: p.GetProperty("centreId").GetString()!,
                Members: p.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToList())).ToList();
        var unitOf = units.SelectMany(u => u.Members.Select(m => (m, u.Id))).ToDictionary(p => p.m, p => p.Id);
        var member = life.GetProperty("members").EnumerateArray().First(m => units.All(u => u.Centre != m.GetProperty("id").GetString())
            && m.GetProperty("neighbours").EnumerateArray().Any(n => unitOf[n.GetString()!] != unitOf[m.GetProperty("id").GetString()!]));
        var (village, villageName) = (member.GetProperty("id").GetString()!, member.GetProperty("name").GetString()!);
        var to = member.GetProperty("neighbours").EnumerateArray().Select(n => unitOf[n.GetString()!]).First(u => u != unitOf[village]);
        var body = new
        {
            planVersion = life.GetProperty("planVersion").GetInt64(),
            units = units.Select(u => new { id = u.Id, centre = u.Centre, members = u.Members.Where(m => m != village).Concat(u.Id == to ? [village] : []).ToList() }),
        };
        var planner = await server.PlannerAsync("cli-grouping");
        var saved = JsonDocument.Parse(await (await planner.PutAsync("/api/life-circles/groupings/东片", CoverageServer.Json(body))).Content.ReadAsStringAsync()).RootElement;
        var check = saved.GetProperty("check");

        var csv = CliRunner.Run("life-circles", "--grouping", "东片", "--format", "csv", "--time-limit", "10", "--store", server.StoreSpec);
        Assert.True(csv.ExitCode == 0, csv.Stderr);
        var rows = csv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(check.GetProperty("unitCount").GetInt32(), rows.Count);
        Assert.Contains(villageName, rows.Single(r => r[0] == to)[5].Split('、'));
        Assert.Equal(check.GetProperty("meeting").GetInt32(), rows.Count(r => r[9] == "true"));

        var missing = CliRunner.Run("life-circles", "--grouping", "西片", "--store", server.StoreSpec);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("错误 Error: 没有名为“西片”的生活圈划分；已保存：东片 / No life-circle grouping named '西片'; saved: 东片", missing.Stderr.Trim());
    }
}
