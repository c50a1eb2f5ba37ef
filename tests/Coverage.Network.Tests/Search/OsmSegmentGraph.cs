using System.IO.Compression;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Network.Tests.Search;

/// <summary>
/// Walk-time oracle straight from OsmSharp's object stream: every OSM node on a walkable way is a vertex, every way
/// segment an edge with the way's direction flags (from the shared <see cref="PedestrianAccess"/> table), snapping by
/// brute force over all segments, and a textbook Dijkstra on a PriorityQueue. Slow and obvious on purpose.
/// </summary>
public sealed class OsmSegmentGraph
{
    /// <summary>Within 1 cm a place is at the vertex: no walking, whatever the way's direction.</summary>
    const double SamePlaceMetres = 0.01;

    public readonly record struct Segment(int A, int B, EdgeFlags Flags, double Metres, double FerrySeconds);
    public readonly record struct Place(int Segment, double T, double Leg);

    readonly List<double> _lon = [], _lat = [];
    public readonly List<Segment> Segments = [];
    List<(int To, int Segment)>[] _out = [];

    public int VertexCount => _lon.Count;

    public static OsmSegmentGraph Read(string path)
    {
        var g = new OsmSegmentGraph();
        var vertexOf = new Dictionary<long, int>();
        var nodes = new Dictionary<long, (double Lon, double Lat)>();
        using var file = File.OpenRead(path);
        Stream stream = path.EndsWith(".gz") ? new GZipStream(file, CompressionMode.Decompress) : file;
        OsmStreamSource source = path.EndsWith(".pbf") ? new PBFOsmStreamSource(stream) : new XmlOsmStreamSource(stream);
        foreach (var geo in source)
        {
            if (geo is Node n)
                nodes[n.Id!.Value] = (WalkGraphBuilder.ToFixed(n.Longitude!.Value) / 1e7, WalkGraphBuilder.ToFixed(n.Latitude!.Value) / 1e7);
            else if (geo is Way w && w.Nodes.Length >= 2)
            {
                var access = PedestrianAccess.Classify(w.Tags);
                if (!access.IsWalkable) continue;
                var segments = new List<(int, int, double)>();
                for (int i = 0; i + 1 < w.Nodes.Length; i++)
                {
                    if (w.Nodes[i] == w.Nodes[i + 1] || !nodes.TryGetValue(w.Nodes[i], out var p) || !nodes.TryGetValue(w.Nodes[i + 1], out var q)) continue;
                    segments.Add((Vertex(w.Nodes[i], p), Vertex(w.Nodes[i + 1], q), Geodesy.DistanceMeters(p.Lon, p.Lat, q.Lon, q.Lat)));
                }
                double wayMetres = segments.Sum(s => s.Item3);
                double ferry = !access.IsFerry ? double.NaN
                    : float.IsNaN(access.FerrySeconds) ? PedestrianAccess.EstimateFerrySeconds(wayMetres) : access.FerrySeconds;
                foreach (var (a, b, metres) in segments)
                    g.Segments.Add(new Segment(a, b, access.Flags, metres, access.IsFerry ? ferry * metres / wayMetres : double.NaN));
            }
        }
        g._out = new List<(int, int)>[g.VertexCount];
        for (int v = 0; v < g.VertexCount; v++) g._out[v] = [];
        for (int s = 0; s < g.Segments.Count; s++)
        {
            var seg = g.Segments[s];
            if ((seg.Flags & EdgeFlags.Forward) != 0) g._out[seg.A].Add((seg.B, s));
            if ((seg.Flags & EdgeFlags.Backward) != 0) g._out[seg.B].Add((seg.A, s));
        }
        return g;

        int Vertex(long id, (double Lon, double Lat) p)
        {
            if (vertexOf.TryGetValue(id, out int v)) return v;
            vertexOf[id] = v = g._lon.Count;
            g._lon.Add(p.Lon); g._lat.Add(p.Lat);
            return v;
        }
    }

    public (double Lon, double Lat) PointOn(int segment, double t)
    {
        var s = Segments[segment];
        return (_lon[s.A] + (_lon[s.B] - _lon[s.A]) * t, _lat[s.A] + (_lat[s.B] - _lat[s.A]) * t);
    }

    /// <summary>
    /// The snapping rule, by brute force: the nearest point of the non-ferry segments not <paramref name="onIsland"/>
    /// within <paramref name="maxMetres"/> and at most <paramref name="slackMetres"/> farther than the nearest point of
    /// every non-ferry segment; when there is none, that nearest point.
    /// </summary>
    public Place Snap(double lon, double lat, Func<int, bool> onIsland, double maxMetres, double slackMetres = 50)
    {
        var main = Nearest(lon, lat, s => !onIsland(s));
        var any = Nearest(lon, lat, _ => true);
        return main.Segment >= 0 && main.Leg <= maxMetres && main.Leg <= any.Leg + slackMetres ? main : any;
    }

    /// <summary>Connected pieces of the segment graph, direction ignored (union–find): a piece id per segment.</summary>
    public int[] SegmentPieces()
    {
        var parent = Enumerable.Range(0, VertexCount).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var seg in Segments) parent[Find(seg.A)] = Find(seg.B);
        return [.. Segments.Select(seg => Find(seg.A))];
    }

    /// <summary>Position of vertex v in 1e-7° units, as the compressed graph stores its nodes.</summary>
    public (int Lon7, int Lat7) Fixed(int v) => ((int)Math.Round(_lon[v] * 1e7), (int)Math.Round(_lat[v] * 1e7));

    /// <summary>Nearest point of the non-ferry segments that <paramref name="allowed"/> accepts, by brute force.</summary>
    Place Nearest(double lon, double lat, Func<int, bool> allowed)
    {
        var (ky, kx) = Geodesy.MetresPerDegree(lat);
        var best = new Place(-1, 0, double.PositiveInfinity);
        for (int i = 0; i < Segments.Count; i++)
        {
            var s = Segments[i];
            if ((s.Flags & EdgeFlags.Ferry) != 0 || !allowed(i)) continue;
            double ax = (_lon[s.A] - lon) * kx, ay = (_lat[s.A] - lat) * ky;
            double dx = (_lon[s.B] - _lon[s.A]) * kx, dy = (_lat[s.B] - _lat[s.A]) * ky;
            double len2 = dx * dx + dy * dy;
            double t = len2 == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1);
            double d = Math.Sqrt(Math.Pow(ax + t * dx, 2) + Math.Pow(ay + t * dy, 2));
            if (d < best.Leg) best = new Place(i, t, d);
        }
        return best;
    }

    double Cost(Segment s, double metres, double secondsPerMetre, double stepsFactor) =>
        (s.Flags & EdgeFlags.Ferry) != 0 ? s.FerrySeconds : metres * secondsPerMetre * ((s.Flags & EdgeFlags.Steps) != 0 ? stepsFactor : 1);

    static bool May(Segment s, bool towardB, double metres) =>
        metres <= SamePlaceMetres || (s.Flags & (towardB ? EdgeFlags.Forward : EdgeFlags.Backward)) != 0;

    /// <summary>Seconds from the nearest source place to every vertex (no limit), walking at speed with a steps factor.</summary>
    public double[] Times(IReadOnlyList<Place> sources, double speed, double stepsFactor)
    {
        double perMetre = 1 / speed;
        var dist = new double[VertexCount];
        Array.Fill(dist, double.PositiveInfinity);
        var queue = new PriorityQueue<int, double>();
        foreach (var p in sources)
        {
            var s = Segments[p.Segment];
            double toA = p.T * s.Metres, toB = (1 - p.T) * s.Metres;
            if (May(s, false, toA)) Improve(s.A, p.Leg * perMetre + Cost(s, toA, perMetre, stepsFactor));
            if (May(s, true, toB)) Improve(s.B, p.Leg * perMetre + Cost(s, toB, perMetre, stepsFactor));
        }
        while (queue.TryDequeue(out int u, out double du))
        {
            if (du > dist[u]) continue; // stale entry
            foreach (var (v, seg) in _out[u]) Improve(v, du + Cost(Segments[seg], Segments[seg].Metres, perMetre, stepsFactor));
        }
        return dist;

        void Improve(int v, double t)
        {
            if (t < dist[v]) { dist[v] = t; queue.Enqueue(v, t); }
        }
    }

    /// <summary>Seconds from the nearest source to a place: through either end of its segment, or along it from a source on the same segment.</summary>
    public double TimeTo(double[] dist, IReadOnlyList<Place> sources, Place place, double speed, double stepsFactor)
    {
        double perMetre = 1 / speed;
        var s = Segments[place.Segment];
        double toA = place.T * s.Metres, toB = (1 - place.T) * s.Metres, best = double.PositiveInfinity;
        if (May(s, true, toA)) best = Math.Min(best, dist[s.A] + Cost(s, toA, perMetre, stepsFactor));
        if (May(s, false, toB)) best = Math.Min(best, dist[s.B] + Cost(s, toB, perMetre, stepsFactor));
        foreach (var src in sources.Where(x => x.Segment == place.Segment))
        {
            double along = Math.Abs(place.T - src.T) * s.Metres;
            if (May(s, place.T > src.T, along)) best = Math.Min(best, src.Leg * perMetre + Cost(s, along, perMetre, stepsFactor));
        }
        return best + place.Leg * perMetre;
    }
}
