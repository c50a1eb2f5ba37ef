using Coverage.Analysis.Siting;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>The oracle: every subset of columns, by brute force (instances of up to ~16 columns).</summary>
public static class Enumeration
{
    public static IEnumerable<int[]> Subsets(int n, int size)
    {
        var pick = new int[size];
        IEnumerable<int[]> From(int start, int depth)
        {
            if (depth == size) { yield return (int[])pick.Clone(); yield break; }
            for (int c = start; c <= n - (size - depth); c++)
            {
                pick[depth] = c;
                foreach (var s in From(c + 1, depth + 1)) yield return s;
            }
        }
        return From(0, 0);
    }

    /// <summary>Best covered weight over all subsets of at most k columns.</summary>
    public static long BestOfAtMost(CoverInstance inst, int k) =>
        Enumerable.Range(0, Math.Min(k, inst.ColumnCount) + 1).SelectMany(size => Subsets(inst.ColumnCount, size)).Max(inst.CoveredBy);

    /// <summary>Best covered weight over all subsets whose cost fits the budget.</summary>
    public static long BestWithinBudget(CoverInstance inst, long budget) =>
        Enumerable.Range(0, inst.ColumnCount + 1).SelectMany(size => Subsets(inst.ColumnCount, size))
            .Where(s => s.Sum(c => inst.Cost[c]) <= budget).Max(inst.CoveredBy);

    /// <summary>Size of the smallest subset covering at least <paramref name="needed"/>, or null when none does.</summary>
    public static int? SmallestReaching(CoverInstance inst, long needed)
    {
        for (int size = 0; size <= inst.ColumnCount; size++)
            if (Subsets(inst.ColumnCount, size).Any(s => inst.CoveredBy(s) >= needed)) return size;
        return null;
    }

    /// <summary>Seeded random instance: each column reaches each row with the given probability; weights 1..1000.</summary>
    public static CoverInstance Random(int seed, int rows, int columns, double density, bool withCosts = false)
    {
        var rng = new Random(seed);
        var weight = Enumerable.Range(0, rows).Select(_ => (long)rng.Next(1, 1001)).ToArray();
        var cols = Enumerable.Range(0, columns).Select(_ => Enumerable.Range(0, rows).Where(_ => rng.NextDouble() < density).ToArray()).ToArray();
        var cost = withCosts ? Enumerable.Range(0, columns).Select(_ => (long)rng.Next(50, 800)).ToArray() : null;
        return new CoverInstance(weight, cols, cost);
    }
}
