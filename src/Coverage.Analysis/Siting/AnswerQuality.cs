using System.Globalization;

namespace Coverage.Analysis.Siting;

/// <summary>
/// How good a siting answer is, in plain words (no solver jargon): proved best, within x % of the best (from the
/// solver's proven bound), or a step-by-step (greedy) pick that nothing proves. The one place these words are made:
/// the API, the CLI and the exported tables read them.
/// </summary>
/// <param name="Code">proved-best | within | greedy | greedy-fallback</param>
/// <param name="WithinPercent">For "within": the gap to the proven bound in %, rounded up to 0.1 so the claim holds.</param>
public sealed record AnswerQuality(string Code, double? WithinPercent, string Zh, string En)
{
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static AnswerQuality Of(SitingAnswer a)
    {
        if (a.Method == "greedy")
            return new("greedy", null, "逐个挑选（贪心法）的结果，未证明为最优", "picked one at a time (greedy); not proved best");
        if (a.Status == SolveStatus.Optimal)
            return new("proved-best", 0, "已证明为最优", "proved best");
        if (a.Status == SolveStatus.Feasible && a.Gap is { } gap && double.IsFinite(gap))
        {
            double pct = Math.Ceiling(Math.Round(gap * 100, 9) * 10) / 10;
            return new("within", pct, string.Create(Ci, $"与最优相差不超过 {pct:0.0}%"), string.Create(Ci, $"within {pct:0.0} % of the best"));
        }
        return new("greedy-fallback", null, "时限内未找到更优方案，以下为逐个挑选（贪心法）的结果，未证明为最优",
            "no better answer found in the time limit: this is the one-at-a-time (greedy) pick, not proved best");
    }
}
