using System.Globalization;
using Coverage.Core;
using Coverage.Core.Seeds;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// What a 15-minute life-circle unit must meet: every member within <see cref="Minutes"/> on foot of its centre under
/// <see cref="Profile"/>, and at most <see cref="PopulationMax"/> people. The minutes and the size bound are GB 50180-2018's
/// 15-minute level as recorded in seeds/life-circle-distances.json (Table 4.0.1 there: 50,000–100,000 residents); the
/// walk profile is the one seeds/circles.json gives the 15-minute life circle (life-15), so units and coverage walk alike.
/// </summary>
public sealed record LifeCircleRule(double Minutes, WalkProfile Profile, int PopulationMax, int? PopulationMin, string SourceZh, string SourceEn)
{
    public const string StandardId = "gb-50180-2018";
    public const string LevelId = "15-min";
    public const string CircleId = "life-15";

    public double LimitSeconds => Minutes * 60;

    /// <summary>The rule read from the seed catalogue; a catalogue without the GB 50180-2018 15-minute level is refused with what is missing.</summary>
    public static LifeCircleRule FromSeeds(SeedCatalog seeds)
    {
        var standard = seeds.LifeCircles.FirstOrDefault(s => string.Equals(s.Id, StandardId, StringComparison.OrdinalIgnoreCase));
        var level = standard?.Levels.FirstOrDefault(l => string.Equals(l.Id, LevelId, StringComparison.OrdinalIgnoreCase));
        if (standard is null || level is not { Minutes: > 0, PopulationMax: > 0 })
            throw new AnalysisInputException(
                $"种子文件 {SeedCatalog.LifeCirclesFile} 缺少 {StandardId} 的 {LevelId} 层级（步行分钟数与人口上限），无法划定生活圈；请补上该层级",
                $"Seed file {SeedCatalog.LifeCirclesFile} lacks level {LevelId} of {StandardId} (walk minutes and population maximum): life-circle units cannot be drawn; add that level");
        var circle = seeds.FindCircle(CircleId);
        var profile = circle is null ? WalkProfile.Adult : WalkProfile.Get(circle.Profile);
        var ci = CultureInfo.InvariantCulture;
        return new LifeCircleRule(level.Minutes!.Value, profile, level.PopulationMax!.Value, level.PopulationMin,
            string.Create(ci, $"{standard.Title}，{standard.Clause}：{level.NameZh}，步行 {level.Minutes} 分钟，人口 {level.PopulationMin:N0}–{level.PopulationMax:N0} 人（{SeedCatalog.LifeCirclesFile}）"),
            string.Create(ci, $"{standard.Title}, {standard.Clause}: {level.NameEn}, {level.Minutes} min on foot, {level.PopulationMin:N0}–{level.PopulationMax:N0} residents ({SeedCatalog.LifeCirclesFile})"));
    }
}
