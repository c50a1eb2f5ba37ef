using System.Diagnostics;
using System.IO.Compression;
using Coverage.Network.Cache;
using Coverage.Server.Region;

namespace Coverage.Server.Tests.Cli;

/// <summary>`coverage network build|time --roads`: a road layer alone or beside the extract, with its reports.</summary>
public sealed class NetworkRoadsCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("coverage-cli-roads-").FullName;
    readonly string _extract, _shapefile;

    /// <summary>Monaco's extract and its own `lines` layer written by ogr2ogr as a Shapefile.</summary>
    public NetworkRoadsCliTests()
    {
        _extract = Path.Combine(_dir, "monaco.osm");
        using (var gz = new GZipStream(File.OpenRead(CliRunner.SharedExtract("monaco.osm.gz")), CompressionMode.Decompress))
        using (var file = File.Create(_extract)) gz.CopyTo(file);
        var psi = new ProcessStartInfo("ogr2ogr") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-f", "ESRI Shapefile", Path.Combine(_dir, "shp"), _extract, "lines", "-lco", "ENCODING=UTF-8" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        _shapefile = Path.Combine(_dir, "shp", "lines.shp");
    }

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Build_with_an_extract_and_a_layer_prints_the_layer_and_merge_reports_also_from_the_cache()
    {
        var cache = Path.Combine(_dir, "m.walkgraph");
        var expected = NetworkInputs.Load(new NetworkSources(_extract, [new RoadLayerSource(_shapefile)], Network.Roads.NetworkMergeOptions.Default),
            Path.Combine(_dir, "oracle.walkgraph"));
        Assert.Contains(expected.Report, l => l.Contains("junctions made"));

        var built = CliRunner.Run("network", "build", _extract, "--roads", _shapefile, "--cache", cache);
        Assert.Equal(0, built.ExitCode);
        foreach (var line in expected.Report) Assert.Contains(line, built.Stdout);
        Assert.Contains("built", built.Stdout);

        var cached = CliRunner.Run("network", "build", _extract, "--roads", _shapefile, "--cache", cache);
        Assert.Equal(0, cached.ExitCode);
        Assert.Contains("缓存 cache", cached.Stdout);
        foreach (var line in expected.Report) Assert.Contains(line, cached.Stdout);
    }

    [Fact]
    public void A_layer_alone_builds_and_walks_without_an_extract()
    {
        var cache = Path.Combine(_dir, "l.walkgraph");
        var built = CliRunner.Run("network", "build", "--roads", _shapefile, "--cache", cache);
        Assert.Equal(0, built.ExitCode);
        Assert.Contains("Road layer lines.shp", built.Stdout);
        Assert.DoesNotContain("junctions made", built.Stdout);

        var time = CliRunner.Run("network", "time", "--roads", _shapefile, "--cache", cache, "--from", "7.4190,43.7317", "--to", "7.4246,43.7384");
        Assert.Equal(0, time.ExitCode);
        Assert.Contains("步行时间 walk time", time.Stdout);
    }

    /// <summary>
    /// Monaco's own lines are noded (their junctions are OSM's shared nodes): by default the layer is joined only there
    /// and merged at shared vertices; --topology repair forces the repairs and the distance merge, under its own cache key.
    /// </summary>
    [Fact]
    public void Topology_is_decided_from_the_layer_and_can_be_forced_per_build()
    {
        var cache = Path.Combine(_dir, "t.walkgraph");
        var auto = CliRunner.Run("network", "build", _extract, "--roads", _shapefile, "--cache", cache);
        Assert.Equal(0, auto.ExitCode);
        Assert.Contains("已成网（自动判断）", auto.Stdout);
        Assert.Contains("Already noded (auto)", auto.Stdout);
        Assert.Contains("merging lines.shp (noded: joined only at vertices shared with OSM", auto.Stdout);

        var repair = CliRunner.Run("network", "build", _extract, "--roads", _shapefile, "--topology", "repair", "--cache", Path.Combine(_dir, "r.walkgraph"));
        Assert.Equal(0, repair.ExitCode);
        Assert.Contains("需修复（按指定）", repair.Stdout);
        Assert.Contains("merging lines.shp (by distance and direction: overlap 8 m", repair.Stdout);
        Assert.NotEqual(new NetworkSources(_extract, [new RoadLayerSource(_shapefile)], Network.Roads.NetworkMergeOptions.Default).ContentKey(),
            new NetworkSources(_extract, [new RoadLayerSource(_shapefile, Topology: Network.Roads.RoadTopology.Repair)], Network.Roads.NetworkMergeOptions.Default).ContentKey());
    }

    [Theory]
    [InlineData("network", "build", "--roads", "{shp}", "--topology", "tidy")]
    [InlineData("network", "build", "{osm}", "--topology", "noded")]
    public void A_bad_or_misplaced_topology_is_one_clear_error(params string[] args)
    {
        var r = CliRunner.Run([.. args.Select(a => a.Replace("{shp}", _shapefile).Replace("{osm}", _extract)), "--cache", Path.Combine(_dir, "b.walkgraph")]);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(args.Contains("tidy") ? "未知的道路拓扑" : "只适用于 --roads", line);
        Assert.DoesNotContain("   at ", r.Stderr + r.Stdout);
    }

    [Fact]
    public void Neither_an_extract_nor_a_layer_is_one_clear_error()
    {
        var r = CliRunner.Run("network", "build", "--cache", Path.Combine(_dir, "x.walkgraph"));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--roads", line);
        Assert.Contains("提取文件", line);
        Assert.DoesNotContain("   at ", r.Stderr + r.Stdout);
    }
}
