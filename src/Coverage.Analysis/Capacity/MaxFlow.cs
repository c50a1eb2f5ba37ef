namespace Coverage.Analysis.Capacity;

/// <summary>
/// Dinic's maximum flow on real-valued capacities. Written here rather than taken from OR-Tools because OR-Tools' max-flow
/// solvers take integer capacities, and demand here is fractional (a settlement's people shared among its samples);
/// rounding would make the served figures disagree with the coverage figures. Capacities below <see cref="Eps"/> count as 0.
/// </summary>
sealed class MaxFlow(int nodes)
{
    const double Eps = 1e-9;
    readonly List<int>[] _out = Enumerable.Range(0, nodes).Select(_ => new List<int>()).ToArray();
    readonly List<int> _to = [];
    readonly List<double> _cap = [];

    /// <summary>Adds arc from → to with a capacity (+∞ allowed); returns its id for <see cref="Flow"/>.</summary>
    public int AddArc(int from, int to, double capacity)
    {
        int id = _to.Count;
        _to.Add(to); _cap.Add(capacity); _out[from].Add(id);
        _to.Add(from); _cap.Add(0); _out[to].Add(id + 1);
        return id;
    }

    /// <summary>Flow on an arc after <see cref="Solve"/>.</summary>
    public double Flow(int arc) => _cap[arc ^ 1]; // the paired reverse arc starts at 0 and holds what was pushed

    public double Solve(int source, int sink)
    {
        double total = 0;
        var level = new int[_out.Length];
        var next = new int[_out.Length];
        while (Levels(source, sink, level))
        {
            Array.Clear(next);
            double pushed;
            while ((pushed = Push(source, sink, double.PositiveInfinity, level, next)) > Eps) total += pushed;
        }
        return total;
    }

    bool Levels(int source, int sink, int[] level)
    {
        Array.Fill(level, -1);
        level[source] = 0;
        var queue = new Queue<int>();
        queue.Enqueue(source);
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            foreach (int a in _out[v])
                if (_cap[a] > Eps && level[_to[a]] < 0) { level[_to[a]] = level[v] + 1; queue.Enqueue(_to[a]); }
        }
        return level[sink] >= 0;
    }

    double Push(int v, int sink, double limit, int[] level, int[] next)
    {
        if (v == sink) return limit;
        for (; next[v] < _out[v].Count; next[v]++)
        {
            int a = _out[v][next[v]], w = _to[a];
            if (_cap[a] <= Eps || level[w] != level[v] + 1) continue;
            double got = Push(w, sink, Math.Min(limit, _cap[a]), level, next);
            if (got <= Eps) continue;
            _cap[a] -= got; _cap[a ^ 1] += got;
            return got;
        }
        return 0;
    }
}
