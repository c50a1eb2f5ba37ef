using Coverage.Core.Geo;
using Coverage.Network.Snapping;

namespace Coverage.Network.Search;

/// <param name="SpacingMetres">The trail is sampled at every vertex and at least this often in between.</param>
/// <param name="ToleranceMetres">A node this close to the trail is on it (a zero-cost source where trail and network coincide).</param>
/// <param name="MaxSnapMetres">Samples farther than this from every walkable edge are left out.</param>
public sealed record TrailOptions(double SpacingMetres = 10, double ToleranceMetres = 15, double MaxSnapMetres = Snapper.DefaultMaxMetres)
{
    public static TrailOptions Default { get; } = new();
}

/// <summary>What a trail became: samples taken, samples on the network, edge stretches and nodes seeded.</summary>
public readonly record struct TrailSeeding(int Samples, int OnNetwork, int Stretches, int Nodes);

public sealed partial class SourceSet
{
    /// <summary>
    /// A line source (a fitness trail, a greenway) entered anywhere along its length. The line is sampled densely,
    /// each sample is snapped, consecutive samples on one edge become a seeded stretch of that edge, and nodes the
    /// line passes within <see cref="TrailOptions.ToleranceMetres"/> become sources at their small distance. Samples join
    /// their nearest edge (<see cref="Snapper.SnapNearest"/>): a trail follows its own ways, fragment or not.
    /// </summary>
    public TrailSeeding AddLine(Snapper snapper, ReadOnlySpan<LonLat> line, int source, TrailOptions? options = null)
    {
        var o = options ?? TrailOptions.Default;
        if (!(o.SpacingMetres > 0) || !(o.ToleranceMetres >= 0)) throw new ArgumentOutOfRangeException(nameof(options), "Trail spacing must be > 0 m and tolerance ≥ 0 m.");
        if (line.Length == 0) throw new ArgumentException($"线状设施没有坐标 / Line source {source} has no points.", nameof(line));
        for (int i = 0; i < line.Length; i++)
            if (!line[i].IsValid)
                throw new ArgumentOutOfRangeException(nameof(line),
                    $"线状设施坐标无效 / Line source {source}, vertex {i}: invalid coordinate {line[i].Lon},{line[i].Lat} (need lon in [-180,180], lat in [-90,90]).");

        var g = snapper.Graph;
        var runs = new List<(int Edge, float A, float LegA, float B, float LegB)>();
        int samples = 0, onNetwork = 0;
        void Sample(double lon, double lat)
        {
            samples++;
            var s = snapper.SnapNearest(lon, lat, o.MaxSnapMetres);
            if (!s.IsOnNetwork) { runs.Add((-1, 0, 0, 0, 0)); return; } // a gap ends the current run
            onNetwork++;
            float x = (float)s.OffsetMetres, leg = (float)s.DistanceMetres;
            if (runs.Count > 0 && runs[^1].Edge == s.Edge)
            {
                var r = runs[^1];
                if (x < r.A) { r.A = x; r.LegA = leg; }
                if (x > r.B) { r.B = x; r.LegB = leg; }
                runs[^1] = r;
            }
            else runs.Add((s.Edge, x, leg, x, leg));
        }
        for (int i = 0; i + 1 < line.Length; i++)
        {
            var (p, q) = (line[i], line[i + 1]);
            int pieces = Math.Max(1, (int)Math.Ceiling(p.DistanceTo(q) / o.SpacingMetres));
            for (int k = 0; k < pieces; k++)
            {
                double t = (double)k / pieces;
                Sample(p.Lon + (q.Lon - p.Lon) * t, p.Lat + (q.Lat - p.Lat) * t);
            }
        }
        Sample(line[^1].Lon, line[^1].Lat);

        // Nodes on the trail: ends of the touched edges that lie within tolerance of the line.
        var nodeLeg = new Dictionary<int, float>();
        foreach (var r in runs)
        {
            if (r.Edge < 0) continue;
            foreach (int n in (ReadOnlySpan<int>)[g.EdgeFrom[r.Edge], g.EdgeTo[r.Edge]])
            {
                if (nodeLeg.ContainsKey(n)) continue;
                double d = DistanceToLine(g.NodeLon(n), g.NodeLat(n), line);
                if (d <= o.ToleranceMetres) nodeLeg[n] = (float)d;
            }
        }
        foreach (var (n, leg) in nodeLeg) AddNode(n, source, leg);

        // A stretch whose end sample is within one spacing of an on-trail end node runs on to that node.
        int stretches = 0;
        float reach = (float)(o.SpacingMetres + o.ToleranceMetres);
        foreach (var run in runs)
        {
            if (run.Edge < 0) continue;
            var r = run;
            float length = g.EdgeLength[r.Edge];
            if (r.A <= reach && nodeLeg.TryGetValue(g.EdgeFrom[r.Edge], out float legFrom)) { r.A = 0; r.LegA = legFrom; }
            if (length - r.B <= reach && nodeLeg.TryGetValue(g.EdgeTo[r.Edge], out float legTo)) { r.B = length; r.LegB = legTo; }
            AddStretch(r.Edge, r.A, r.B, r.LegA, r.LegB, source);
            stretches++;
        }
        return new TrailSeeding(samples, onNetwork, stretches, nodeLeg.Count);
    }

    /// <summary>Metres from (lon, lat) to the nearest point of the polyline, in the tangent plane at the point.</summary>
    static double DistanceToLine(double lon, double lat, ReadOnlySpan<LonLat> line)
    {
        var (ky, kx) = Geodesy.MetresPerDegree(lat);
        double best = double.PositiveInfinity;
        double ax = (line[0].Lon - lon) * kx, ay = (line[0].Lat - lat) * ky;
        if (line.Length == 1) return Math.Sqrt(ax * ax + ay * ay);
        for (int i = 1; i < line.Length; i++)
        {
            double bx = (line[i].Lon - lon) * kx, by = (line[i].Lat - lat) * ky;
            best = Math.Min(best, TangentPlane.DistanceToSegment(ax, ay, bx, by, out _));
            ax = bx; ay = by;
        }
        return best;
    }
}
