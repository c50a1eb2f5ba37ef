namespace Coverage.Analysis.Siting;

/// <summary>
/// Greedy covering with lazy gain updates (gains only shrink as rows get covered, so a stale gain is an upper bound):
/// the classic (1 − 1/e)-approximation for maximal covering, ln n for set covering. The comparison answer and the
/// solver's hint.
/// </summary>
public static class GreedyCover
{
    /// <summary>Columns in pick order, best gain per cost first, until the budget (k for unit costs) is spent or nothing adds.</summary>
    public static int[] MaxCover(CoverInstance inst, long budget)
    {
        var picked = Run(inst, budget, long.MaxValue);
        if (inst.Cost.All(c => c == 1)) return picked;
        // Budgeted: ratio greedy can miss one big column; the better of the two keeps a constant-factor guarantee.
        int best = -1; long bestGain = 0;
        for (int c = 0; c < inst.ColumnCount; c++)
        {
            if (inst.Cost[c] > budget) continue;
            long gain = inst.CoveredBy([c]);
            if (gain > bestGain) { best = c; bestGain = gain; }
        }
        return best >= 0 && bestGain > inst.CoveredBy(picked) ? [best] : picked;
    }

    /// <summary>Columns in pick order until at least <paramref name="needed"/> weight is covered; null when even all columns fall short.</summary>
    public static int[]? MinCover(CoverInstance inst, long needed)
    {
        if (needed <= 0) return [];
        var picked = Run(inst, long.MaxValue, needed);
        return inst.CoveredBy(picked) >= needed ? picked : null;
    }

    static int[] Run(CoverInstance inst, long budget, long stopAt)
    {
        var covered = new bool[inst.RowCount];
        var used = new bool[inst.ColumnCount];
        var queue = new PriorityQueue<int, (double Ratio, int Column)>(Comparer<(double Ratio, int Column)>.Create(
            (a, b) => a.Ratio != b.Ratio ? b.Ratio.CompareTo(a.Ratio) : a.Column.CompareTo(b.Column)));
        for (int c = 0; c < inst.ColumnCount; c++)
            queue.Enqueue(c, (Gain(c) / (double)Math.Max(1, inst.Cost[c]), c));

        var picked = new List<int>();
        long spent = 0, total = 0;
        while (queue.Count > 0 && total < stopAt)
        {
            int c = queue.Dequeue();
            if (used[c] || spent + inst.Cost[c] > budget) continue;
            long gain = Gain(c);
            if (gain <= 0) continue;
            double ratio = gain / (double)Math.Max(1, inst.Cost[c]);
            // Re-queue when the fresh gain fell below the next stale bound; otherwise it is the best.
            if (queue.TryPeek(out _, out var next) && ratio < next.Ratio) { queue.Enqueue(c, (ratio, c)); continue; }
            used[c] = true; picked.Add(c); spent += inst.Cost[c]; total += gain;
            foreach (int r in inst.Columns[c]) covered[r] = true;
        }
        return picked.ToArray();

        long Gain(int c)
        {
            long g = 0;
            foreach (int r in inst.Columns[c]) if (!covered[r]) g += inst.Weight[r];
            return g;
        }
    }
}
