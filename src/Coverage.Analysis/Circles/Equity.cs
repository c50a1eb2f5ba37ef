namespace Coverage.Analysis.Circles;

/// <summary>Urban/rural gap and dispersion of access time (均等化): who is served worse, and how unevenly.</summary>
public static class Equity
{
    internal static EquityMeasures Measure(IReadOnlyList<SettlementCoverage> rows, IReadOnlyList<AreaCoverage> towns)
    {
        double? Share(bool urban)
        {
            double d = 0, c = 0;
            foreach (var r in rows) if (r.Settlement.Urban == urban) { d += r.Demand; c += r.CoveredDemand; }
            return d > 0 ? c / d : null;
        }
        var urbanShare = Share(true);
        var ruralShare = Share(false);
        var timed = rows.Where(r => r.Demand > 0 && r.MeanMinutes is not null).ToList();
        var values = timed.Select(r => r.MeanMinutes!.Value).ToArray();
        var weights = timed.Select(r => r.Demand).ToArray();
        var townTimed = towns.Where(t => t.MeanMinutes is not null && t.Demand > 0).ToList();
        return new EquityMeasures
        {
            UrbanShare = urbanShare,
            RuralShare = ruralShare,
            UrbanRuralGapPoints = urbanShare is { } u && ruralShare is { } r0 ? (u - r0) * 100 : null,
            TownMeanMinutesCv = CoefficientOfVariation(townTimed.Select(t => t.MeanMinutes!.Value).ToArray(), townTimed.Select(t => t.Demand).ToArray()),
            Gini = Gini(values, weights),
            Theil = Theil(values, weights),
        };
    }

    /// <summary>Weighted coefficient of variation (population standard deviation / mean); null when undefined.</summary>
    public static double? CoefficientOfVariation(double[] x, double[] w)
    {
        double W = w.Sum();
        if (x.Length == 0 || W <= 0) return null;
        double mean = x.Zip(w, (a, b) => a * b).Sum() / W;
        if (mean <= 0) return null;
        double variance = x.Zip(w, (a, b) => b * (a - mean) * (a - mean)).Sum() / W;
        return Math.Sqrt(variance) / mean;
    }

    /// <summary>
    /// Weighted Gini from the Lorenz curve (values sorted ascending): G = 1 − Σ wᵢ (Sᵢ₋₁ + Sᵢ) / (W·Sₙ), where Sᵢ is
    /// the running sum of w·x. O(n log n); null when the total is zero.
    /// </summary>
    public static double? Gini(double[] x, double[] w)
    {
        double W = w.Sum();
        if (x.Length == 0 || W <= 0) return null;
        var order = AscendingOrder(x);
        double total = 0;
        foreach (int i in order) total += w[i] * x[i];
        if (total <= 0) return null;
        double running = 0, area = 0;
        foreach (int i in order)
        {
            double next = running + w[i] * x[i];
            area += w[i] * (running + next);
            running = next;
        }
        return 1 - area / (W * total);
    }

    /// <summary>
    /// Indices of <paramref name="x"/> by ascending value, ties by index: the order a stable sort (LINQ OrderBy) gives, so the
    /// running sums add in the same order, without OrderBy's per-element key and comparer calls (135 k places per circle on a province).
    /// </summary>
    static int[] AscendingOrder(double[] x)
    {
        var keyed = new (double Value, int Index)[x.Length];
        for (int i = 0; i < x.Length; i++) keyed[i] = (x[i], i);
        Array.Sort(keyed, static (a, b) => a.Value.CompareTo(b.Value) is var c and not 0 ? c : a.Index.CompareTo(b.Index));
        var order = new int[x.Length];
        for (int i = 0; i < order.Length; i++) order[i] = keyed[i].Index;
        return order;
    }

    /// <summary>Weighted Theil T index: Σ (wᵢ/W)(xᵢ/μ) ln(xᵢ/μ); zero values contribute 0; null when μ = 0.</summary>
    public static double? Theil(double[] x, double[] w)
    {
        double W = w.Sum();
        if (x.Length == 0 || W <= 0) return null;
        double mean = x.Zip(w, (a, b) => a * b).Sum() / W;
        if (mean <= 0) return null;
        double t = 0;
        for (int i = 0; i < x.Length; i++)
            if (x[i] > 0) t += w[i] / W * (x[i] / mean) * Math.Log(x[i] / mean);
        return t;
    }
}
