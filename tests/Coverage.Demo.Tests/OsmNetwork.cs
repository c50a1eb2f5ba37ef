using System.Globalization;
using NetTopologySuite.Geometries;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Demo.Tests;

/// <summary>
/// The generated PBF read back with OsmSharp into plain lists: the test-side view of what an importer sees.
/// Walkability here is this test's own reading of the DESIGN rules, independent of the Network project.
/// </summary>
public sealed class OsmNetwork
{
    static readonly HashSet<string> WalkableHighways =
    [
        "footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "unclassified", "track",
        "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link", "cycleway",
    ];

    public sealed record OsmWay(long Id, long[] Nodes, Dictionary<string, string> Tags)
    {
        public string? Tag(string key) => Tags.GetValueOrDefault(key);
        public bool IsFerry => Tag("route") == "ferry";
        public bool IsBridge => Tag("bridge") == "yes";
        public bool IsWalkable =>
            IsFerry || (Tag("highway") is { } h && WalkableHighways.Contains(h) && Tag("foot") != "no"
                && (Tag("access") is not ("private" or "no") || Tag("foot") is "yes" or "designated" or "permissive"));
    }

    public List<long> NodeIdsInFileOrder { get; } = [];
    public List<long> WayIdsInFileOrder { get; } = [];
    public bool AllNodesBeforeWays { get; private set; } = true;
    public Dictionary<long, Coordinate> NodeMetres { get; } = [];
    public Dictionary<long, (double Lon, double Lat)> NodeLonLat { get; } = [];
    public Dictionary<long, Dictionary<string, string>> NodeTags { get; } = [];
    public List<OsmWay> Ways { get; } = [];

    public static OsmNetwork Read(string path)
    {
        var net = new OsmNetwork();
        using var stream = File.OpenRead(path);
        foreach (var geo in new PBFOsmStreamSource(stream))
        {
            if (geo is Node n)
            {
                if (net.WayIdsInFileOrder.Count > 0) net.AllNodesBeforeWays = false;
                net.NodeIdsInFileOrder.Add(n.Id!.Value);
                net.NodeLonLat[n.Id.Value] = (n.Longitude!.Value, n.Latitude!.Value);
                net.NodeMetres[n.Id.Value] = Metric.ToMetres(n.Longitude.Value, n.Latitude.Value);
                if (n.Tags is { Count: > 0 }) net.NodeTags[n.Id.Value] = n.Tags.ToDictionary(t => t.Key, t => t.Value);
            }
            else if (geo is Way w)
            {
                net.WayIdsInFileOrder.Add(w.Id!.Value);
                net.Ways.Add(new OsmWay(w.Id.Value, w.Nodes, w.Tags?.ToDictionary(t => t.Key, t => t.Value) ?? []));
            }
        }
        return net;
    }

    public IEnumerable<OsmWay> Walkable => Ways.Where(w => w.IsWalkable);

    public LineString Line(OsmWay w) => new([.. w.Nodes.Select(id => NodeMetres[id])]);

    /// <summary>Closed natural=water ways as polygons in metres.</summary>
    public List<(OsmWay Way, Polygon Polygon)> WaterAreas() =>
        [.. Ways.Where(w => w.Tag("natural") == "water").Select(w => (w, new Polygon(new LinearRing([.. w.Nodes.Select(id => NodeMetres[id])]))))];

    /// <summary>Seconds of a ferry's duration tag ("HH:MM").</summary>
    public static double FerrySeconds(OsmWay ferry)
    {
        var parts = ferry.Tag("duration")!.Split(':');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture) * 60 + int.Parse(parts[1], CultureInfo.InvariantCulture)) * 60;
    }
}
