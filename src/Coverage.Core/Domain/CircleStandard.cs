namespace Coverage.Core.Domain;

public enum CircleKind
{
    /// <summary>The nearest facility of any listed category within the limit.</summary>
    Nearest,
    /// <summary>Every listed category within the limit (e.g. the 15-minute life circle).</summary>
    Composite,
    /// <summary>A facility inside the settlement or within the limit (e.g. a bus shelter in every administrative village).</summary>
    Presence,
}

public enum DemandField { Population, Elderly }

/// <summary>
/// A spatial target from a policy document, e.g. "15-minute elderly service circle, 100% of villages".
/// Standards are data (seeds/circles.json), each with the document and clause it comes from.
/// </summary>
public sealed record CircleStandard
{
    /// <summary>Stable id, e.g. "elderly-15".</summary>
    public required string Id { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }
    public CircleKind Kind { get; init; } = CircleKind.Nearest;
    public required IReadOnlyList<string> Categories { get; init; }
    /// <summary>Walk-time limit in minutes (for Presence: the allowance beyond the settlement; 0 = inside).</summary>
    public double Minutes { get; init; }
    /// <summary>Walk profile id ("adult", "elderly").</summary>
    public string Profile { get; init; } = "adult";
    public DemandField Demand { get; init; } = DemandField.Population;
    /// <summary>Target share (0–100) of demand to be covered.</summary>
    public double TargetPercent { get; init; } = 100;
    /// <summary>Settlement kinds the target applies to (empty = all).</summary>
    public IReadOnlyList<SettlementKind> AppliesTo { get; init; } = [];
    /// <summary>Policy document the target comes from (e.g. 《湖州市基本公共服务均等化“十四五”规划》).</summary>
    public required string PolicySource { get; init; }
    /// <summary>Clause or section within the document, with the words it sets in 「」 as printed.</summary>
    public string? Clause { get; init; }
    /// <summary>Why the standard is set up this way (e.g. which services a composite circle includes).</summary>
    public string? Note { get; init; }

    /// <summary>
    /// Whether a facility counts towards this standard. <see cref="Categories"/> entries are a category id
    /// ("clinic") or a category with one kind ("school/primary").
    /// </summary>
    public bool Counts(string category, string? kind) => Categories.Any(c => CategoryReference.Parse(c).Matches(category, kind));

    /// <summary>Whether the target applies to settlements of this kind (<see cref="AppliesTo"/> empty = every kind).</summary>
    public bool AppliesToKind(SettlementKind kind) => AppliesTo.Count == 0 || AppliesTo.Contains(kind);
}

/// <summary>A category id, optionally narrowed to one kind: "school" or "school/primary".</summary>
public readonly record struct CategoryReference(string Category, string? Kind)
{
    public static CategoryReference Parse(string text)
    {
        int slash = text.IndexOf('/');
        return slash < 0 ? new(text, null) : new(text[..slash], text[(slash + 1)..]);
    }

    public bool Matches(string category, string? kind) =>
        string.Equals(Category, category, StringComparison.OrdinalIgnoreCase)
        && (Kind is null || string.Equals(Kind, kind, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Kind is null ? Category : $"{Category}/{Kind}";
}
