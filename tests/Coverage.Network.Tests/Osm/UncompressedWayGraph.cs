using System.IO.Compression;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Network.Tests.Osm;

/// <summary>
/// Test oracle: the walkable network straight from OsmSharp's object stream (not the reader's block decoder),
/// one OSM segment per edge, no compression, dictionaries everywhere. Slow and obvious on purpose.
/// </summary>
public sealed class UncompressedWayGraph
{
    public double WalkableMetres;
    public readonly Dictionary<long, List<long>> Neighbours = new();
    public readonly Dictionary<long, (int Lat7, int Lon7)> Coordinates = new();
    public long WaysRead, WalkableWays;

    public static UncompressedWayGraph Read(string path)
    {
        var oracle = new UncompressedWayGraph();
        using var file = File.OpenRead(path);
        Stream stream = path.EndsWith(".gz") ? new GZipStream(file, CompressionMode.Decompress) : file;
        OsmStreamSource source = path.EndsWith(".pbf") ? new PBFOsmStreamSource(stream) : new XmlOsmStreamSource(stream);
        var nodes = new Dictionary<long, (int, int)>();
        foreach (var geo in source)
        {
            if (geo is Node n) nodes[n.Id!.Value] = (WalkGraphBuilder.ToFixed(n.Latitude!.Value), WalkGraphBuilder.ToFixed(n.Longitude!.Value));
            else if (geo is Way w)
            {
                oracle.WaysRead++;
                var access = PedestrianAccess.Classify(w.Tags);
                if (!access.IsWalkable || w.Nodes.Length < 2) continue;
                oracle.WalkableWays++;
                for (int i = 0; i + 1 < w.Nodes.Length; i++)
                {
                    long a = w.Nodes[i], b = w.Nodes[i + 1];
                    if (a == b || !nodes.TryGetValue(a, out var pa) || !nodes.TryGetValue(b, out var pb)) continue;
                    if (!access.IsFerry)
                        oracle.WalkableMetres += Geodesy.DistanceMeters(pa.Item2 / 1e7, pa.Item1 / 1e7, pb.Item2 / 1e7, pb.Item1 / 1e7);
                    oracle.Link(a, b);
                    oracle.Coordinates[a] = pa; oracle.Coordinates[b] = pb;
                }
            }
        }
        return oracle;
    }

    void Link(long a, long b)
    {
        if (!Neighbours.TryGetValue(a, out var la)) Neighbours[a] = la = [];
        if (!Neighbours.TryGetValue(b, out var lb)) Neighbours[b] = lb = [];
        la.Add(b); lb.Add(a);
    }

    /// <summary>Breadth-first component of every OSM node on a walkable segment.</summary>
    public Dictionary<long, int> Components(out int count)
    {
        var component = new Dictionary<long, int>();
        count = 0;
        var queue = new Queue<long>();
        foreach (var start in Neighbours.Keys)
        {
            if (component.ContainsKey(start)) continue;
            component[start] = count;
            queue.Enqueue(start);
            while (queue.Count > 0)
                foreach (var next in Neighbours[queue.Dequeue()])
                    if (component.TryAdd(next, count)) queue.Enqueue(next);
            count++;
        }
        return component;
    }
}
