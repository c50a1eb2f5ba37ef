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
}
