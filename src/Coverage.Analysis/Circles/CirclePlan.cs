using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;

namespace Coverage.Analysis.Circles;

/// <summary>
/// A circle standard checked against the catalogue and turned into searches: unknown categories are dropped with a
/// note, bad minutes or profiles make the circle not computable. Nearest and presence circles search the union of
/// their categories once; composite circles search each category on its own.
/// </summary>
sealed record CirclePlan(CircleStandard Circle, IReadOnlyList<CategoryGroup> Groups, IReadOnlyList<AnalysisNote> Notes)
{
    public bool Computable => Groups.Count > 0;
    public double LimitSeconds => Circle.Minutes * 60;

    public static CirclePlan For(CircleStandard circle, SeedCatalog seeds)
    {
        var notes = new List<AnalysisNote>();
        var known = new List<CategoryReference>();
        foreach (var text in circle.Categories)
        {
            var r = CategoryReference.Parse(text);
            var category = seeds.FindCategory(r.Category);
            if (category is null)
                notes.Add(AnalysisNote.Error("unknown-category", $"服务圈“{circle.NameZh}”引用了未知设施类别“{r.Category}”，已忽略；请检查 seeds/circles.json",
                    $"Circle '{circle.Id}' names unknown category '{r.Category}': ignored; check seeds/circles.json"));
            else if (r.Kind is not null && category.FindKind(r.Kind) is null)
                notes.Add(AnalysisNote.Error("unknown-kind", $"服务圈“{circle.NameZh}”引用了类别“{r.Category}”中未知的子类“{r.Kind}”，已忽略",
                    $"Circle '{circle.Id}' names unknown kind '{r.Kind}' of category '{r.Category}': ignored"));
            else known.Add(r);
        }
        bool badMinutes = double.IsNaN(circle.Minutes) || double.IsInfinity(circle.Minutes)
                          || (circle.Kind == CircleKind.Presence ? circle.Minutes < 0 : circle.Minutes <= 0);
        if (badMinutes)
            notes.Add(AnalysisNote.Error("bad-minutes", $"服务圈“{circle.NameZh}”的步行时间 {circle.Minutes} 分钟无效（须大于 0），无法计算",
                $"Circle '{circle.Id}' has {circle.Minutes} minutes: must be > 0 (presence: ≥ 0); not computed"));
        var profile = WalkProfile.BuiltIn.FirstOrDefault(p => string.Equals(p.Id, circle.Profile, StringComparison.OrdinalIgnoreCase));
        if (profile is null)
            notes.Add(AnalysisNote.Error("unknown-profile", $"服务圈“{circle.NameZh}”的步行类型“{circle.Profile}”未知，无法计算",
                $"Circle '{circle.Id}' names unknown walk profile '{circle.Profile}' (known: {string.Join(", ", WalkProfile.BuiltIn.Select(p => p.Id))}); not computed"));
        if (known.Count == 0 && circle.Categories.Count > 0 || circle.Categories.Count == 0)
            notes.Add(AnalysisNote.Error("no-category", $"服务圈“{circle.NameZh}”没有可用的设施类别，无法计算",
                $"Circle '{circle.Id}' has no known category: not computed"));
        if (badMinutes || profile is null || known.Count == 0) return new CirclePlan(circle, [], notes);

        // Searches run to the nearest facility, unbounded: every place learns its minutes (差几分钟), and one cached search
        // per group serves every circle that uses it, whatever its minutes.
        IReadOnlyList<CategoryGroup> groups = circle.Kind == CircleKind.Composite
            ? known.Select(r => new CategoryGroup([r], profile)).ToArray()
            : [new CategoryGroup(known, profile)];
        return new CirclePlan(circle, groups, notes);
    }
}
