namespace Coverage.Core;

/// <summary>
/// How fast a kind of pedestrian walks. Profiles are data: speeds carry their source.
/// </summary>
/// <param name="Id">Stable identifier used in seeds, CLI and API (e.g. "adult", "elderly").</param>
/// <param name="SpeedMetresPerSecond">Walking speed on level ground.</param>
/// <param name="StepsTimeFactor">Multiplier on the level-ground time of a way tagged highway=steps (horizontal length).</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record WalkProfile(string Id, string NameZh, string NameEn, double SpeedMetresPerSecond, double StepsTimeFactor, string Source)
{
    /// <summary>
    /// 1.2 m/s: the design walking speed of the Highway Capacity Manual (HCM 2010, ch. 18, 4.0 ft/s) and within the
    /// 1.0–1.2 m/s pedestrian speed of China's CJJ 37-2012 城市道路工程设计规范; steps at 2× level time
    /// (Fruin 1971: ~0.5–0.6 m/s horizontal on stairs).
    /// </summary>
    public static readonly WalkProfile Adult = new("adult", "成人", "Adult", 1.2, 2.0,
        "HCM 2010 ch.18 (4.0 ft/s = 1.2 m/s); CJJ 37-2012 §3.5 (1.0–1.2 m/s); steps: Fruin 1971");

    /// <summary>
    /// 0.9 m/s: 15th-percentile walking speed of pedestrians aged 65+ measured in TCRP Report 112 / NCHRP 562
    /// (Fitzpatrick et al. 2006: 3.03 ft/s = 0.92 m/s), the speed HCM recommends where older pedestrians dominate;
    /// steps at 3× level time.
    /// </summary>
    public static readonly WalkProfile Elderly = new("elderly", "老年人", "Elderly", 0.9, 3.0,
        "TCRP Report 112 / NCHRP Report 562 (Fitzpatrick et al. 2006), older pedestrians 15th percentile 0.92 m/s");

    public static IReadOnlyList<WalkProfile> BuiltIn { get; } = [Adult, Elderly];

    public static WalkProfile Get(string id) =>
        BuiltIn.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown walk profile '{id}'. Known: {string.Join(", ", BuiltIn.Select(p => p.Id))} / 未知步行类型");
}
