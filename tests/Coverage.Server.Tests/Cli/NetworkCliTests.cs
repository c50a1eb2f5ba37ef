using System.Globalization;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Osm;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Server.Tests.Cli;

/// <summary>`coverage network build|time` as a planner meets it: figures on good input, one clear line on bad input.</summary>
public sealed class NetworkCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("coverage-cli-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    static void AssertOneLineError(CliRunner.Result r, int exitCode, string mustContain)
    {
        Assert.Equal(exitCode, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("错误 Error:", lines[0]);
        Assert.Contains(mustContain, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr + r.Stdout);
    }

    [Fact]
    public void Build_prints_the_graph_statistics_of_a_real_extract()
    {
        var path = CliRunner.SharedExtract("andorra.osm.pbf");
        var expected = OsmNetworkReader.Read(path).Stats;
        var r = CliRunner.Run("network", "build", path, "--cache", Path.Combine(_dir, "a.walkgraph"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(expected.OsmNodesRead.ToString("N0", CultureInfo.InvariantCulture), r.Stdout);
        Assert.Contains(expected.GraphNodes.ToString("N0", CultureInfo.InvariantCulture), r.Stdout);
        Assert.Contains(expected.WalkableKm.ToString("N1", CultureInfo.InvariantCulture), r.Stdout);
        Assert.True(File.Exists(Path.Combine(_dir, "a.walkgraph")));
    }

    [Fact]
    public void Time_prints_the_same_minutes_as_the_library_for_both_profiles()
    {
        var path = CliRunner.SharedExtract("andorra.osm.pbf");
        var snapper = new Snapper(OsmNetworkReader.Read(path).Graph);
        var from = new LonLat(1.5211, 42.5078);
        var to = new LonLat(1.5343, 42.5063);
        foreach (var profile in WalkProfile.BuiltIn)
        {
            var expected = WalkTime.Between(snapper, from, to, profile);
            Assert.True(expected.IsReached);
            var r = CliRunner.Run("network", "time", path, "--from", "1.5211,42.5078", "--to", "1.5343,42.5063",
                "--profile", profile.Id, "--cache", Path.Combine(_dir, "a.walkgraph"));
            Assert.Equal(0, r.ExitCode);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{expected.Seconds / 60:0.0} min ({expected.Seconds:0} s), {expected.Metres:0} m"), r.Stdout);
        }
    }

    [Fact]
    public void A_missing_file_is_one_line_and_exit_2() =>
        AssertOneLineError(CliRunner.Run("network", "build", Path.Combine(_dir, "nope.osm.pbf")), 2, "File not found");

    [Fact]
    public void A_truncated_pbf_is_one_line_and_exit_2()
    {
        var bytes = File.ReadAllBytes(CliRunner.SharedExtract("andorra.osm.pbf"));
        var cut = Path.Combine(_dir, "cut.osm.pbf");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        AssertOneLineError(CliRunner.Run("network", "build", cut, "--cache", Path.Combine(_dir, "c.walkgraph")), 2, "truncated or corrupt");
    }

    [Fact]
    public void Xml_that_is_not_osm_is_one_line_and_exit_2()
    {
        var f = Path.Combine(_dir, "page.osm");
        File.WriteAllText(f, "<html><body>not osm</body></html>");
        AssertOneLineError(CliRunner.Run("network", "build", f, "--cache", Path.Combine(_dir, "x.walkgraph")), 2, "not OSM data");
    }

    [Fact]
    public void An_empty_extract_is_one_line_and_exit_2()
    {
        var f = Path.Combine(_dir, "empty.osm");
        File.WriteAllText(f, "<?xml version='1.0'?><osm version='0.6'></osm>");
        AssertOneLineError(CliRunner.Run("network", "build", f, "--cache", Path.Combine(_dir, "e.walkgraph")), 2, "no walkable ways");
    }

    [Theory]
    [InlineData("1.52,142.5", "out of range")]
    [InlineData("200,42.5", "out of range")]
    [InlineData("1.52", "is not LON,LAT")]
    [InlineData("east,north", "is not LON,LAT")]
    public void Bad_coordinates_are_one_line_and_exit_2(string from, string expected) =>
        AssertOneLineError(CliRunner.Run("network", "time", CliRunner.SharedExtract("andorra.osm.pbf"), "--from", from, "--to", "1.5343,42.5063"), 2, expected);

    [Fact]
    public void A_point_far_from_any_walkable_way_is_reported_with_its_distance()
    {
        var r = CliRunner.Run("network", "time", CliRunner.SharedExtract("andorra.osm.pbf"), "--from", "1.40,42.60", "--to", "1.5343,42.5063",
            "--cache", Path.Combine(_dir, "a.walkgraph"));
        AssertOneLineError(r, 2, "m from the nearest walkable way (limit 500 m)");
    }

    [Fact]
    public void An_unknown_profile_is_one_line_and_exit_2() =>
        AssertOneLineError(CliRunner.Run("network", "time", CliRunner.SharedExtract("andorra.osm.pbf"), "--from", "1.5211,42.5078", "--to", "1.5343,42.5063", "--profile", "runner"), 2, "Unknown walk profile");
}
