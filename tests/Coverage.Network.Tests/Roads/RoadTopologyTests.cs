using System.Globalization;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Roads;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Roads;

/// <summary>
/// Auto topology on hand-built layers whose walk times are known by construction: a CAD-like street grid (lines cross
/// without shared vertices, side lanes stop 0.5–3 m short) needs repair and gets its junctions; the same grid drawn
/// with shared vertices is taken as noded; and a noded layer keeps a gap it was drawn with, which repair would close.
/// </summary>
public class RoadTopologyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static readonly LocalProjection Gk = LocalProjection.GaussKruger3(120);
    static readonly (double X, double Y) Origin = Gk.Forward(120, 30);
    /// <summary>1 m/s and no steps penalty: seconds read as metres walked.</summary>
    static readonly WalkProfile Metres = new("metres-oracle", "米", "Metres", 1.0, 1.0, "test profile: seconds equal metres");
    static readonly double[] Grid = [0, 100, 200, 300, 400];

    static string Line(params (double X, double Y)[] points) =>
        "[" + string.Join(",", points.Select(p =>
        {
            var ll = Gk.Inverse(Origin.X + p.X, Origin.Y + p.Y);
            return string.Create(CultureInfo.InvariantCulture, $"[{ll.Lon:F7},{ll.Lat:F7}]");
        })) + "]";

    static string Feature(string coordinates) =>
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":" + coordinates + "},\"properties\":{\"道路等级\":\"村道\"}}";

    static List<GisFeature> Layer(IEnumerable<string> features) =>
        RoadLayerFiles.FromGeoJson($$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""");

    /// <summary>
    /// Five streets each way, 100 m apart, overshooting the outer ones by 20 m; two side lanes between y = 100 and 200
    /// at x = 50 and 250, each through a middle vertex at y = 150. CAD-like: each street is one two-point line (crossings
    /// without vertices) and the lanes stop <paramref name="gapSouth"/> and <paramref name="gapNorth"/> m short.
    /// Noded: streets carry a vertex at every crossing and lane end (positions on the 1e-7° grid, as an export writes them).
    /// </summary>
    static List<GisFeature> StreetGrid(bool noded, double gapSouth, double gapNorth)
    {
        double[] along = noded ? [-20, 0, 50, 100, 200, 250, 300, 400, 420] : [-20, 420];
        var features = new List<string>();
        foreach (var c in Grid)
        {
            // Lane ends lie only on y = 100 and 200 streets; other streets get no extra vertex at 50 and 250.
            var xs = along.Where(a => noded && (a == 50 || a == 250) ? c is 100 or 200 : true).ToArray();
            features.Add(Feature(Line(xs.Select(x => (x, c)).ToArray())));
            features.Add(Feature(Line(along.Where(a => a is not (50 or 250)).Select(y => (c, y)).ToArray())));
        }
        foreach (var x in new[] { 50.0, 250 })
            features.Add(Feature(Line((x, 100 + gapSouth), (x, 150), (x, 200 - gapNorth))));
        return Layer(features);
    }

    /// <summary>Metres walked between the points of the network nearest (x0, y0) and (x1, y1), both within 0.5 m of it.</summary>
    static double Walk(WalkGraph g, (double X, double Y) from, (double X, double Y) to)
    {
        var snapper = new Snapper(g);
        var sources = new SourceSet();
        sources.AddPoint(Snap(snapper, from), 0);
        return BoundedDijkstra.Run(g, Metres, sources).SecondsTo(Snap(snapper, to));
    }

    static SnapResult Snap(Snapper snapper, (double X, double Y) p)
    {
        var ll = Gk.Inverse(Origin.X + p.X, Origin.Y + p.Y);
        var snap = snapper.SnapNearest(ll.Lon, ll.Lat);
        Assert.True(snap.DistanceMetres < 0.5, $"({p.X}, {p.Y}) is {snap.DistanceMetres:0.0} m off the network");
        return snap;
    }

    [Theory]
    [InlineData(0.5, 3.0)]
    [InlineData(2.0, 1.0)]
    public void A_CAD_grid_without_shared_vertices_is_repaired_and_walks_across(double gapSouth, double gapNorth)
    {
        var (g, _, r) = RoadNetwork.Build(StreetGrid(noded: false, gapSouth, gapNorth), layer: "cad.geojson");
        output.WriteLine(r.TopologyLine());
        Assert.Equal(RoadTopology.Repair, r.Topology);
        Assert.True(r.TopologyChosen);
        Assert.Equal(0, r.SharedVertices);
        Assert.Equal(25, r.CrossingsNoded);
        Assert.Equal(4, r.TJunctions + r.DanglingEndsJoined);
        // South-west street start (0, -20) to north-east street end (400, 420): 20 + 400 + 420 m along the grid.
        Assert.Equal(840, Walk(g, (0, -20), (400, 420)), 0.05);
        // To a lane's middle vertex from (0, -20): up 120, east 50, north 50 (the lane joined across its 0.5–3 m gap).
        Assert.Equal(220, Walk(g, (0, -20), (50, 150)), 1.0);
        Assert.Equal(220 + 200, Walk(g, (0, -20), (250, 150)), 1.0);
    }

    [Fact]
    public void The_same_grid_drawn_with_shared_vertices_is_taken_as_noded_and_walks_the_same()
    {
        var (g, _, r) = RoadNetwork.Build(StreetGrid(noded: true, 0, 0), layer: "noded.geojson");
        Assert.Equal(RoadTopology.Noded, r.Topology);
        Assert.Equal(25 + 4, r.SharedVertices);
        Assert.Equal(0, r.RepairsFound);
        Assert.Equal(840, Walk(g, (0, -20), (400, 420)), 0.05);
        Assert.Equal(220, Walk(g, (0, -20), (50, 150)), 0.05);
        Assert.Equal(420, Walk(g, (0, -20), (250, 150)), 0.05);
    }

    /// <summary>
    /// A noded grid whose lane at x = 250 stops 3 m short of y = 200, as OSM lanes sometimes do: Auto keeps the gap (1
    /// repair against 28 shared vertices), so the lane's north end is reached round by its south end; forced repair joins
    /// it. Without the threshold (always repair, or never) one of the two assertions fails.
    /// </summary>
    [Fact]
    public void A_noded_layer_keeps_a_gap_it_was_drawn_with_which_repair_would_close()
    {
        var layer = StreetGrid(noded: true, 0, 0).Where(f => !IsLaneAt250(f)).ToList();
        layer.AddRange(Layer([Feature(Line((250, 100), (250, 150), (250, 197)))]));
        var (auto, _, r) = RoadNetwork.Build(layer, layer: "gap.geojson");
        var (repaired, _, forced) = RoadNetwork.Build(layer, options: RoadNodingOptions.Default with { Topology = RoadTopology.Repair }, layer: "gap.geojson");
        Assert.Equal(RoadTopology.Noded, r.Topology);
        Assert.Equal(1, r.RepairsFound);
        Assert.Equal(RoadTopology.Repair, forced.Topology);
        Assert.Equal(1, forced.DanglingEndsJoined);
        // From (250, 200) to the lane's end (250, 197): round by x = 300 and y = 100 (50 + 100 + 50 + 97 m) when the gap is kept, 3 m when closed.
        Assert.Equal(297, Walk(auto, (250, 200), (250, 197)), 0.05);
        Assert.Equal(3, Walk(repaired, (250, 200), (250, 197)), 0.05);

        static bool IsLaneAt250(GisFeature f) => f.Geometry.NumPoints == 3 && Math.Abs(f.Geometry.Coordinates[0].X - Gk.Inverse(Origin.X + 250, Origin.Y + 100).Lon) < 1e-6;
    }

    [Theory]
    [InlineData(90, 10, true)]
    [InlineData(89, 11, false)]
    [InlineData(1608, 87, true)]   // Andorra via ogr2ogr
    [InlineData(0, 29, false)]     // the CAD grid
    [InlineData(0, 0, false)]      // nothing meets: no evidence of noding
    public void Auto_takes_a_layer_as_noded_when_repairs_are_at_most_a_tenth_of_its_junctions(int shared, int repairs, bool noded) =>
        Assert.Equal(noded, RoadNoder.IsNoded(shared, repairs));
}
