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
    public void A_point_far_from_any_walkable_way_is_reported_with_its_geodesic_distance_and_its_own_exit_code()
    {
        var path = CliRunner.SharedExtract("andorra.osm.pbf");
        var far = new Snapper(OsmNetworkReader.Read(path).Graph).Snap(1.40, 42.60);
        var r = CliRunner.Run("network", "time", path, "--from", "1.40,42.60", "--to", "1.5343,42.5063", "--cache", Path.Combine(_dir, "a.walkgraph"));
        // Exit 4, not 2: the coordinates were valid; the place is just too far from any way.
        AssertOneLineError(r, 4, string.Create(CultureInfo.InvariantCulture, $"The start is {far.DistanceMetres:#,0} m from the nearest walkable way, beyond the 500 m snap limit"));
    }

    [Fact]
    public void A_zero_snap_limit_never_prints_zero_metres_beyond_a_zero_limit()
    {
        // 5 cm north of an Andorra road node, with --max-snap 0: the distance shows in centimetres, not as "0 m".
        var path = CliRunner.SharedExtract("andorra.osm.pbf");
        var g = OsmNetworkReader.Read(path).Graph;
        var (lon, lat) = (g.NodeLon(0), g.NodeLat(0) + 0.05 / Geodesy.MetresPerDegree(g.NodeLat(0)).MetresPerDegLat);
        var from = string.Create(CultureInfo.InvariantCulture, $"{lon:0.0000000},{lat:0.0000000}");
        var off = new Snapper(g).Snap(LonLat.Parse(from), 0);
        Assert.InRange(off.DistanceMetres, 0.03, 0.07); // 5 cm, give or take the 7th decimal of the typed latitude
        var r = CliRunner.Run("network", "time", path, "--from", from, "--to", "1.5343,42.5063", "--max-snap", "0", "--cache", Path.Combine(_dir, "a.walkgraph"));
        AssertOneLineError(r, 4, string.Create(CultureInfo.InvariantCulture, $"The start is {off.DistanceMetres:0.00} m from the nearest walkable way, beyond the 0 m snap limit"));

        var onNode = string.Create(CultureInfo.InvariantCulture, $"{g.NodeLon(0):0.0000000},{g.NodeLat(0):0.0000000}");
        var ok = CliRunner.Run("network", "time", path, "--from", onNode, "--to", onNode, "--max-snap", "0", "--cache", Path.Combine(_dir, "a.walkgraph"));
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("0.0 min (0 s), 0 m", ok.Stdout);
    }

    [Fact]
    public void No_path_names_the_island_and_how_far_the_main_network_is_not_water()
    {
        // The demo county: natural village nv-00005 lies on a 13-node piece cut off by canals. With a 20 m limit its
        // nearest main-network way is out of reach, so it joins that island and reaches nothing beyond it.
        var demo = Path.Combine(RepositoryRoot(), "geodata", "demo", "demo-county.synthetic.osm.pbf");
        var g = OsmNetworkReader.Read(demo).Graph;
        var snapper = new Snapper(g);
        var village = DemoPoint("nv-00005");
        int townNode = Enumerable.Range(0, g.NodeCount).First(n => g.NodeComponent[n] == 0);
        var town = string.Create(CultureInfo.InvariantCulture, $"{g.NodeLon(townNode):0.0000000},{g.NodeLat(townNode):0.0000000}");
        var snap = snapper.Snap(village, 20);
        Assert.True(snap.IsOnIsland);
        double main = snapper.MainNetworkMetres(village.Lon, village.Lat);
        var (edges, metres) = snapper.ComponentSize(snap.Component);

        var at = string.Create(CultureInfo.InvariantCulture, $"{village.Lon:0.0000000},{village.Lat:0.0000000}");
        var r = CliRunner.Run("network", "time", demo, "--from", at, "--to", town, "--max-snap", "20", "--cache", Path.Combine(_dir, "d.walkgraph"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"({edges} ways, {metres:0} m in all); the nearest main-network way is {main:0} m away, beyond the 20 m snap limit"), r.Stdout);
        Assert.DoesNotContain("water", r.Stdout);
    }

    static LonLat DemoPoint(string id)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryRoot(), "geodata", "demo", "settlements.synthetic.geojson")));
        var f = doc.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetString() == id);
        var c = f.GetProperty("geometry").GetProperty("coordinates");
        return new LonLat(c[0].GetDouble(), c[1].GetDouble());
    }

    static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }

    [Fact]
    public void An_unknown_profile_is_one_line_and_exit_2() =>
        AssertOneLineError(CliRunner.Run("network", "time", CliRunner.SharedExtract("andorra.osm.pbf"), "--from", "1.5211,42.5078", "--to", "1.5343,42.5063", "--profile", "runner"), 2, "Unknown walk profile");
}
