namespace Coverage.Analysis.Circles;

/// <summary>Urban/rural gap and dispersion of access time (均等化): who is served worse, and how unevenly.</summary>
public static class Equity
{
    /// <summary>The measures over a circle's places (each row's remainder in its place: <see cref="CircleCoverage.PlacesOf"/>) and its towns.</summary>
    /// <remarks>
    /// Loops rather than LINQ over the places (135 k per circle on a province), each sum in place order as before, read from
    /// the packed rows rather than made into rows twice over.
    /// </remarks>
    internal static EquityMeasures Measure(CoverageRows rows, IReadOnlyList<AreaCoverage> towns)
    {
        double urbanDemand = 0, urbanCovered = 0, ruralDemand = 0, ruralCovered = 0;
        int timed = 0;
        var packed = rows.PackedRows;
        for (int j = 0; j < packed.Length; j++)
        {
            ref readonly var place = ref rows.PlaceOf(packed[j]);
            var people = rows.PeopleOf(place);
            double demand = people.Demand;
            if (rows.IsUrban(place)) { urbanDemand += demand; urbanCovered += people.CoveredDemand; }
            else { ruralDemand += demand; ruralCovered += people.CoveredDemand; }
            if (demand > 0 && place.Is(CoverageRows.HasMeanMinutes)) timed++;
        }
        double? urbanShare = urbanDemand > 0 ? urbanCovered / urbanDemand : null;
        double? ruralShare = ruralDemand > 0 ? ruralCovered / ruralDemand : null;
        var values = new double[timed];
        var weights = new double[timed];
        int i = 0;
        for (int j = 0; j < packed.Length; j++)
        {
            ref readonly var place = ref rows.PlaceOf(packed[j]);
            double demand = rows.PeopleOf(place).Demand;
            if (demand > 0 && place.Is(CoverageRows.HasMeanMinutes)) { values[i] = place.MeanMinutes; weights[i++] = demand; }
        }
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
    /// running sums add in the same order. A least-significant-digit radix sort of the values' bits (six passes of 11 bits,
    /// stable, so equal values keep their index order): 135 k places per circle on a province, where sorting the doubles as
    /// primitives and then each run of equal ones by index took five times as long.
    /// </summary>
    internal static int[] AscendingOrder(double[] x)
    {
        int n = x.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (n < 2) return order;
        var keys = new ulong[n];
        for (int i = 0; i < n; i++) keys[i] = OrderKey(x[i]);
        var otherKeys = new ulong[n];
        var otherOrder = new int[n];
        var count = new int[1 << RadixBits];
        for (int shift = 0; shift < 64; shift += RadixBits)
        {
            Array.Clear(count);
            for (int i = 0; i < n; i++) count[(int)(keys[i] >> shift) & RadixMask]++;
            if (count[(int)(keys[0] >> shift) & RadixMask] == n) continue; // every key has this digit: nothing moves
            for (int d = 0, start = 0; d < count.Length; d++) (count[d], start) = (start, start + count[d]);
            for (int i = 0; i < n; i++)
            {
                int at = count[(int)(keys[i] >> shift) & RadixMask]++;
                otherKeys[at] = keys[i];
                otherOrder[at] = order[i];
            }
            (keys, otherKeys) = (otherKeys, keys);
            (order, otherOrder) = (otherOrder, order);
        }
        return order;
    }

    const int RadixBits = 11, RadixMask = (1 << RadixBits) - 1;

    /// <summary>
    /// An unsigned key that orders as <see cref="double.CompareTo(double)"/> does: NaN first (every NaN equal), -0 equal to
    /// 0, then the sign-magnitude bits turned into an ascending unsigned order (-∞'s key is above 0, which NaN takes).
    /// </summary>
    static ulong OrderKey(double v)
    {
        if (double.IsNaN(v)) return 0;
        if (v == 0) v = 0;
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(v);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
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
