namespace Coverage.Analysis.Tests.Oracle;

/// <summary>
/// Sources on the oracle graph: a stretch [T1, T2] of a segment (a snapped point when T1 = T2; a trail running along
/// the segment otherwise) reached after an off-network leg that varies linearly from Leg1 to Leg2 metres.
/// </summary>
public readonly record struct OracleSource(int Segment, double T1, double T2, double Leg1, double Leg2);

/// <summary>
/// Textbook multi-source Dijkstra on a <see cref="PriorityQueue{TElement,TPriority}"/>, with no time limit: seconds
/// from the nearest source to every vertex, walking at the profile's speed (steps at its steps factor times the level
/// time) and taking a ferry's share of its crossing time. Every way is two-way (the reader checked).
/// </summary>
public sealed class OracleSearch
{
    readonly OracleWalkGraph _g;
    readonly double _perMetre, _stepsFactor;
    readonly Dictionary<int, List<OracleSource>> _onSegment = [];

    public double[] Seconds { get; }

    public OracleSearch(OracleWalkGraph g, double speed, double stepsFactor, IEnumerable<OracleSource> sources)
    {
        _g = g; _perMetre = 1 / speed; _stepsFactor = stepsFactor;
        Seconds = new double[g.VertexCount];
        Array.Fill(Seconds, double.PositiveInfinity);
        var queue = new PriorityQueue<int, double>();
        void Improve(int v, double t)
        {
            if (t < Seconds[v]) { Seconds[v] = t; queue.Enqueue(v, t); }
        }
        foreach (var src in sources)
        {
            (_onSegment.TryGetValue(src.Segment, out var list) ? list : _onSegment[src.Segment] = []).Add(src);
            var s = g.Segments[src.Segment];
            Improve(s.A, src.Leg1 * _perMetre + Walk(s, src.T1 * s.Metres));
            Improve(s.B, src.Leg2 * _perMetre + Walk(s, (1 - src.T2) * s.Metres));
        }
        while (queue.TryDequeue(out int u, out double tu))
        {
            if (tu > Seconds[u]) continue; // stale entry
            foreach (int e in g.Incident(u))
            {
                var s = g.Segments[e];
                Improve(s.A == u ? s.B : s.A, tu + (s.IsFerry ? s.FerrySeconds : Walk(s, s.Metres)));
            }
        }
    }

    double Walk(OracleWalkGraph.Segment s, double metres) => metres * _perMetre * (s.Steps ? _stepsFactor : 1);

    /// <summary>Seconds to a snapped place: through either end of its segment, or along it from a source on it; plus its own leg.</summary>
    public double To(OraclePlace p)
    {
        var s = _g.Segments[p.Segment];
        double best = Math.Min(Seconds[s.A] + Walk(s, p.T * s.Metres), Seconds[s.B] + Walk(s, (1 - p.T) * s.Metres));
        if (_onSegment.TryGetValue(p.Segment, out var here))
            foreach (var src in here)
            {
                double t = p.T < src.T1 ? src.Leg1 * _perMetre + Walk(s, (src.T1 - p.T) * s.Metres)
                    : p.T > src.T2 ? src.Leg2 * _perMetre + Walk(s, (p.T - src.T2) * s.Metres)
                    : (src.T2 > src.T1 ? src.Leg1 + (src.Leg2 - src.Leg1) * (p.T - src.T1) / (src.T2 - src.T1) : src.Leg1) * _perMetre;
                best = Math.Min(best, t);
            }
        return best + p.LegMetres * _perMetre;
    }
}
