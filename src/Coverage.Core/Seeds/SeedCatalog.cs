using System.Text.Json;
using System.Text.Json.Serialization;
using Coverage.Core.Domain;

namespace Coverage.Core.Seeds;

/// <summary>
/// Categories, circle standards, OSM tag mapping and life-circle reference numbers from seeds/*.json.
/// Core parses streams; reading the files is the caller's job (Coverage.Storage's SeedDirectory).
/// </summary>
public sealed record SeedCatalog
{
    public const string CategoriesFile = "categories.json";
    public const string CirclesFile = "circles.json";
    public const string OsmTagsFile = "osm-tags.json";
    public const string LifeCirclesFile = "life-circle-distances.json";
    public const string IndicatorsFile = "indicators.json";

    public required IReadOnlyList<FacilityCategory> Categories { get; init; }
    public required IReadOnlyList<CircleStandard> Circles { get; init; }
    public IReadOnlyList<OsmTagRule> OsmTags { get; init; } = [];
    public IReadOnlyList<LifeCircleReference> LifeCircles { get; init; } = [];
    public IReadOnlyList<IndicatorDefinition> Indicators { get; init; } = [];

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    sealed record CategoriesDoc(IReadOnlyList<FacilityCategory> Categories);
    sealed record CirclesDoc(IReadOnlyList<CircleStandard> Circles);
    sealed record OsmTagsDoc(IReadOnlyList<OsmTagRule> Rules);
    sealed record LifeCirclesDoc(IReadOnlyList<LifeCircleReference> Standards);
    sealed record IndicatorsDoc(IReadOnlyList<IndicatorDefinition> Indicators);

    public static IReadOnlyList<FacilityCategory> ParseCategories(Stream json) => Read<CategoriesDoc>(json, CategoriesFile).Categories;
    public static IReadOnlyList<CircleStandard> ParseCircles(Stream json) => Read<CirclesDoc>(json, CirclesFile).Circles;
    public static IReadOnlyList<OsmTagRule> ParseOsmTags(Stream json) => Read<OsmTagsDoc>(json, OsmTagsFile).Rules;
    public static IReadOnlyList<LifeCircleReference> ParseLifeCircles(Stream json) => Read<LifeCirclesDoc>(json, LifeCirclesFile).Standards;
    public static IReadOnlyList<IndicatorDefinition> ParseIndicators(Stream json) => Read<IndicatorsDoc>(json, IndicatorsFile).Indicators;

    static T Read<T>(Stream json, string name) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new SeedFormatException(name, "empty document / 文件为空");
        }
        catch (JsonException e)
        {
            throw new SeedFormatException(name, $"{e.Message} (line {e.LineNumber + 1}) / JSON 格式错误");
        }
    }

    public FacilityCategory? FindCategory(string id) =>
        Categories.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

    public CircleStandard? FindCircle(string id) =>
        Circles.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>First OSM rule whose tags all hold, or null when none does or the first is a <see cref="OsmTagRule.Skip"/> rule.</summary>
    public OsmTagRule? MatchOsm(Func<string, string?> tagValue) => OsmTags.FirstOrDefault(r => r.Matches(tagValue)) is { Skip: false } rule ? rule : null;

    /// <summary>Every inconsistency: duplicate ids, unknown category or kind references, rules mapping to nothing.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var dup in Categories.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"{CategoriesFile}: category id '{dup.Key}' appears {dup.Count()} times");
        foreach (var c in Categories)
            foreach (var dup in c.Kinds.GroupBy(k => k.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                problems.Add($"{CategoriesFile}: kind id '{dup.Key}' appears {dup.Count()} times in '{c.Id}'");
        foreach (var dup in Circles.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"{CirclesFile}: circle id '{dup.Key}' appears {dup.Count()} times");
        foreach (var circle in Circles)
        {
            if (circle.Categories.Count == 0) problems.Add($"{CirclesFile}: circle '{circle.Id}' lists no category");
            foreach (var reference in circle.Categories)
                CheckReference(CategoryReference.Parse(reference), $"{CirclesFile}: circle '{circle.Id}'", problems);
            if (!WalkProfile.BuiltIn.Any(p => string.Equals(p.Id, circle.Profile, StringComparison.OrdinalIgnoreCase)))
                problems.Add($"{CirclesFile}: circle '{circle.Id}' names unknown walk profile '{circle.Profile}'");
            if (string.IsNullOrWhiteSpace(circle.PolicySource))
                problems.Add($"{CirclesFile}: circle '{circle.Id}' has no policy source");
        }
        foreach (var dup in Indicators.GroupBy(i => i.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"{IndicatorsFile}: indicator id '{dup.Key}' appears {dup.Count()} times");
        foreach (var indicator in Indicators)
        {
            if (indicator.Categories.Count == 0) problems.Add($"{IndicatorsFile}: indicator '{indicator.Id}' lists no category");
            foreach (var reference in indicator.Categories)
                CheckReference(CategoryReference.Parse(reference), $"{IndicatorsFile}: indicator '{indicator.Id}'", problems);
            if (indicator.Comparison is not (">=" or ">"))
                problems.Add($"{IndicatorsFile}: indicator '{indicator.Id}' has comparison '{indicator.Comparison}' (use \">=\" or \">\")");
            if (indicator.Kind is IndicatorKind.CountBuilt or IndicatorKind.LengthBuilt && indicator.SinceYear is null)
                problems.Add($"{IndicatorsFile}: indicator '{indicator.Id}' counts what was built but names no sinceYear");
            if (indicator.UntilYear < indicator.SinceYear)
                problems.Add($"{IndicatorsFile}: indicator '{indicator.Id}' has untilYear {indicator.UntilYear} before sinceYear {indicator.SinceYear}");
            if (indicator.Kind == IndicatorKind.CircleVillages && (indicator.Circle is null || FindCircle(indicator.Circle) is null))
                problems.Add($"{IndicatorsFile}: indicator '{indicator.Id}' reads circle '{indicator.Circle}', which circles.json does not define");
            if (string.IsNullOrWhiteSpace(indicator.PolicySource))
                problems.Add($"{IndicatorsFile}: indicator '{indicator.Id}' has no policy source");
        }
        foreach (var rule in OsmTags)
        {
            if (rule.Skip)
            {
                if (rule.Category is not null || rule.Settlement is not null)
                    problems.Add($"{OsmTagsFile}: rule '{rule}' skips what it matches and must map to neither category nor settlement");
            }
            else if ((rule.Category is null) == (rule.Settlement is null))
                problems.Add($"{OsmTagsFile}: rule '{rule}' must map to exactly one of category or settlement");
            else if (rule.Category is not null)
                CheckReference(new CategoryReference(rule.Category, rule.Kind), $"{OsmTagsFile}: rule '{rule}'", problems);
        }
        return problems;
    }

    void CheckReference(CategoryReference reference, string where, List<string> problems)
    {
        var category = FindCategory(reference.Category);
        if (category is null)
            problems.Add($"{where} names unknown category '{reference.Category}'");
        else if (reference.Kind is not null && category.FindKind(reference.Kind) is null)
            problems.Add($"{where} names unknown kind '{reference.Kind}' of category '{reference.Category}'");
    }
}

/// <summary>A seed file that cannot be parsed.</summary>
public sealed class SeedFormatException(string file, string message)
    : Exception($"种子文件 {file} 无法读取 / Seed file {file} cannot be read: {message}")
{
    public string File { get; } = file;
}
