using System.IO.Compression;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using Coverage.Network.Tests.Support;
using Xunit.Abstractions;

namespace Coverage.Network.Tests.Roads;

/// <summary>
/// The issue's check end to end: half the village lanes of north-bayreuth removed from the extract (osmium removeid)
/// and given as a Shapefile (ogr2ogr from the extract's own <c>lines</c> layer, -where on osm_id), merged by
/// <see cref="MergedNetwork"/>: walk times equal the full extract's.
/// </summary>
public class NetworkMergeShapefileTests(ITestOutputHelper output)
{
    /// <summary>
    /// Default options: the lanes' layer is found already noded (its junctions are vertices shared with OSM), so it is
    /// built without repairs and merged at shared vertices only — the times are equal (measured max |Δ| 0.000 s). Forced
    /// to Repair with the distance-and-direction merge (8 m overlap, 6 m joins), 0.1 km of lanes running 5–7 m beside a
    /// parallel OSM way are taken for duplicates and gaps OSM leaves are closed: measured max |Δ| 1.34 s at 8 m overlap
    /// with 1 m joins, hence that row's bound. A null topology is the default (Auto).
    /// </summary>
    [Theory]
    [InlineData(null, 1.0)]
    [InlineData(RoadTopology.Repair, 1.5)]
    public void Half_the_lanes_as_a_Shapefile_beside_the_rest_walk_like_the_full_extract(RoadTopology? topology, double tolerance)
    {
        var (dir, plain, half, features) = LaneShapefile(everyOther: true);
        // GDAL leaves out ways it takes for areas: only the lanes it wrote leave the OSM side.
        var written = features.Select(f => f["osm_id"]!).ToList();
        Assert.True(written.Count > 0.9 * half.Count, $"{written.Count} of {half.Count} lanes written");
        var ids = Path.Combine(dir, "ids.txt");
        File.WriteAllLines(ids, written.Select(id => "w" + id));
        var rest = Path.Combine(dir, "rest.osm.pbf");
        Osmium.Run("removeid", "-i", ids, plain, "-o", rest, "--overwrite");

        var merged = topology == null
            ? MergedNetwork.Build(rest, [new RoadLayerFeatures("lanes.shp", features)])
            : MergedNetwork.Build(rest, [new RoadLayerFeatures("lanes.shp", features)],
                NetworkMergeOptions.Default with { JoinMetres = 1, FollowLayerTopology = false },
                new RoadNodingOptions(ToleranceMetres: 0, SnapMetres: 0, NodeCrossings: false, Topology: topology.Value));
        Assert.Contains(merged.Report, l => l.StartsWith(topology == null ? "已成网（自动判断）" : "需修复（按指定）"));
        foreach (var line in merged.Report) output.WriteLine(line);
        var full = OsmNetworkReader.Read(plain).Graph;
        var (pairs, worst) = NetworkMergeRealExtractTests.CompareTimes(full, merged.Graph, new Random(5), 30, 60);
        output.WriteLine($"{written.Count} lanes in the Shapefile; {pairs} pairs compared, max |Δ| {worst:0.000} s");
        Assert.True(pairs > 1000, $"only {pairs} pairs reached");
        Assert.True(worst <= tolerance, $"max |Δ| {worst:0.00} s");
    }

    /// <summary>
    /// No doubled roads: the full extract merged, with default options, with a Shapefile of all its lanes (ways OSM
    /// already has) gives the full extract's graph — measured +0 edges, +0.000 km of walkable length.
    /// </summary>
    [Fact]
    public void Every_lane_as_a_Shapefile_beside_the_full_extract_adds_no_road()
    {
        var (_, plain, _, features) = LaneShapefile(everyOther: false);
        var merged = MergedNetwork.Build(plain, [new RoadLayerFeatures("lanes.shp", features)]);
        foreach (var line in merged.Report) output.WriteLine(line);
        var full = OsmNetworkReader.Read(plain).Graph;
        output.WriteLine($"{features.Count} lanes; edges {full.EdgeCount} → {merged.Graph.EdgeCount}; km {full.WalkableMetres() / 1000:0.000} → {merged.Graph.WalkableMetres() / 1000:0.000}");
        Assert.True(features.Count > 1500, $"{features.Count} lanes");
        Assert.Equal(full.EdgeCount, merged.Graph.EdgeCount);
        Assert.Equal(full.WalkableMetres(), merged.Graph.WalkableMetres(), 1.0);
    }

    /// <summary>north-bayreuth unpacked, and its village lanes (every other one, or all) written by ogr2ogr as a Shapefile.</summary>
    static (string Dir, string Plain, List<long> Lanes, List<Coverage.Core.Geo.GisFeature> Features) LaneShapefile(bool everyOther)
    {
        var dir = TempDir.Create();
        var plain = Path.Combine(dir, "north-bayreuth.osm");
        using (var gz = new GZipStream(File.OpenRead(Extracts.PathOf("north-bayreuth.osm.gz")), CompressionMode.Decompress))
        using (var file = File.Create(plain)) gz.CopyTo(file);

        var lanes = LaneLayer.LaneWayIds(plain).Where((_, i) => !everyOther || i % 2 == 0).ToList();
        var shp = Path.Combine(dir, "shp");
        RoadLayerFiles.Ogr2Ogr("-f", "ESRI Shapefile", shp, plain, "lines", "-lco", "ENCODING=UTF-8",
            "-where", $"osm_id IN ({string.Join(",", lanes.Select(id => $"'{id}'"))})");
        return (dir, plain, lanes, RoadLayerFiles.FromShapefile(Path.Combine(shp, "lines.shp")));
    }
}
