namespace Coverage.Analysis.Capacity;

/// <summary>How a facility's pull falls off with walk time inside the circle's catchment.</summary>
public enum CatchmentMethod
{
    /// <summary>Classic two-step floating catchment (2SFCA, Luo &amp; Wang 2003): weight 1 within the circle's minutes, 0 beyond.</summary>
    TwoStep,
    /// <summary>
    /// Enhanced 2SFCA with a Gaussian decay (Luo &amp; Qi 2009, "An enhanced two-step floating catchment area (E2SFCA)
    /// method"; the continuous Gaussian form of Dai 2010). With t the walk time and T the circle's limit:
    /// w(t) = (exp(−½·(t/T)²) − exp(−½)) / (1 − exp(−½)) for t ≤ T, and 0 beyond; so w(0) = 1 and w(T) = 0.
    /// </summary>
    Gaussian,
}

/// <summary>Catchment weights, and the method names the API and CLI accept ("2sfca", "e2sfca").</summary>
public static class Catchment
{
    static readonly double EdgeValue = Math.Exp(-0.5);

    /// <summary>The weight of a walk of <paramref name="seconds"/> under a catchment of <paramref name="limitSeconds"/>.</summary>
    public static double Weight(CatchmentMethod method, double seconds, double limitSeconds)
    {
        if (!(seconds <= limitSeconds)) return 0;
        if (method == CatchmentMethod.TwoStep) return 1;
        double r = limitSeconds > 0 ? seconds / limitSeconds : 0;
        return Math.Max(0, (Math.Exp(-0.5 * r * r) - EdgeValue) / (1 - EdgeValue));
    }

    public static string Name(CatchmentMethod method) => method == CatchmentMethod.TwoStep ? "2sfca" : "e2sfca";

    /// <summary>"2sfca" or "e2sfca" (any case); null for anything else.</summary>
    public static CatchmentMethod? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "2sfca" => CatchmentMethod.TwoStep,
        "e2sfca" => CatchmentMethod.Gaussian,
        _ => null,
    };

    public static string LabelZh(CatchmentMethod method) => method == CatchmentMethod.TwoStep ? "两步移动搜索法（2SFCA）" : "高斯衰减两步移动搜索法（E2SFCA）";
    public static string LabelEn(CatchmentMethod method) => method == CatchmentMethod.TwoStep ? "two-step floating catchment (2SFCA)" : "Gaussian enhanced 2SFCA (E2SFCA)";
}
