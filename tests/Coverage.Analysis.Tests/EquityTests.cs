using Coverage.Analysis.Circles;

namespace Coverage.Analysis.Tests;

/// <summary>The O(n log n) weighted Gini and Theil against their definitions, computed the slow way.</summary>
public class EquityTests
{
    static double GiniByPairs(double[] x, double[] w)
    {
        double W = w.Sum(), mean = x.Zip(w, (a, b) => a * b).Sum() / W, sum = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < x.Length; j++) sum += w[i] * w[j] * Math.Abs(x[i] - x[j]);
        return sum / (2 * W * W * mean);
    }

    [Fact]
    public void Weighted_gini_equals_the_mean_absolute_difference_definition()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = rng.Next(1, 40);
            var x = Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 30).ToArray();
            var w = Enumerable.Range(0, n).Select(_ => (double)rng.Next(0, 1000)).ToArray();
            if (w.Sum() == 0) w[0] = 1;
            Assert.Equal(GiniByPairs(x, w), Equity.Gini(x, w)!.Value, 9);
        }
    }

    [Fact]
    public void Equal_access_has_zero_inequality_and_known_cases_match_hand_values()
    {
        Assert.Equal(0, Equity.Gini([5, 5, 5], [1, 2, 3])!.Value, 12);
        Assert.Equal(0, Equity.Theil([5, 5, 5], [1, 2, 3])!.Value, 12);
        // Two equal groups at 0 and 10 minutes: Gini 1/2; Theil = ½·2·ln 2 = ln 2.
        Assert.Equal(0.5, Equity.Gini([0, 10], [1, 1])!.Value, 12);
        Assert.Equal(Math.Log(2), Equity.Theil([0, 10], [1, 1])!.Value, 12);
        // CV of 5 and 15 with equal weights: sd 5 / mean 10.
        Assert.Equal(0.5, Equity.CoefficientOfVariation([5, 15], [1, 1])!.Value, 12);
        Assert.Null(Equity.Gini([], []));
    }

    /// <summary>
    /// The Lorenz order (a radix sort of the values' bits) is the order LINQ's stable OrderBy gives (which the running sums of
    /// Gini follow, to the last bit), on values with many ties, NaNs, -0, negatives and infinities.
    /// </summary>
    [Fact]
    public void Ascending_order_is_the_stable_order_of_the_values()
    {
        var rng = new Random(11);
        double[] pool = [0, -0.0, double.NaN, -double.NaN, 1.5, 2, 2.5, 7, double.PositiveInfinity, double.NegativeInfinity, -3.25, -1e-300, double.Epsilon];
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(0, 300);
            var x = Enumerable.Range(0, n).Select(_ => rng.Next(3) == 0 ? (rng.NextDouble() - 0.3) * 30 : pool[rng.Next(pool.Length)]).ToArray();
            var stable = Enumerable.Range(0, n).OrderBy(i => x[i]).ToArray();
            Assert.Equal(stable, Equity.AscendingOrder(x));
        }
    }
}
