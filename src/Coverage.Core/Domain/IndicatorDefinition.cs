namespace Coverage.Core.Domain;

/// <summary>What an indicator measures (seeds/indicators.json "kind").</summary>
public enum IndicatorKind
{
    /// <summary>Facilities of the categories with a counted status, built in or after <see cref="IndicatorDefinition.SinceYear"/>.</summary>
    CountBuilt,
    /// <summary>Kilometres of line facilities (fitness trails) so built.</summary>
    LengthBuilt,
    /// <summary>Towns (镇/街道) with at least <see cref="IndicatorDefinition.MinCount"/> such facilities; the value is the share of towns, %.</summary>
    PresencePerTown,
    /// <summary>
    /// The share of villages a circle covers, % (行政村候车亭覆盖率 is the presence circle "bus-shelter-village"): read from the
    /// circle's own result, so the indicator and the circle can never disagree about a village.
    /// </summary>
    CircleVillages,
    /// <summary>Sum of the facilities' area (m²) per resident.</summary>
    PerCapitaArea,
    /// <summary>Sum of the facilities' capacity per 1,000 of the demand (residents or older people).</summary>
    PerThousand,
}

/// <summary>
/// A target of the plan beyond walk circles (issue 13): "新增日间照料中心 20 家", "每个镇（街道）至少 1 个…", "人均体育场地面积
/// 3.0 平方米". Indicators are data (seeds/indicators.json), each with the document and clause it comes from, as circles are.
/// </summary>
public sealed record IndicatorDefinition
{
    public required string Id { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }
    public required IndicatorKind Kind { get; init; }
    /// <summary>Category ids or "category/kind" (as circles name them).</summary>
    public required IReadOnlyList<string> Categories { get; init; }
    /// <summary>Statuses that count as built (count-built, length-built, and what exists for the others); default existing.</summary>
    public IReadOnlyList<FacilityStatus> Statuses { get; init; } = [FacilityStatus.Existing];
    /// <summary>First year counted by count-built and length-built ("新增/新建" since the plan's base year).</summary>
    public int? SinceYear { get; init; }
    /// <summary>
    /// Last year counted by count-built and length-built (a one-year task list: "2019年重点任务" counts 2019 only); null: up to
    /// the current year. Facilities dated after the current year are never counted as built.
    /// </summary>
    public int? UntilYear { get; init; }
    /// <summary>Facilities a town needs (presence-per-town).</summary>
    public int MinCount { get; init; } = 1;
    /// <summary>The circle (circles.json id) a circle_villages indicator reads.</summary>
    public string? Circle { get; init; }
    /// <summary>Demand of a per-thousand ratio.</summary>
    public DemandField Demand { get; init; } = DemandField.Population;
    /// <summary>The value when the plan was set (null when the document gives none).</summary>
    public double? Baseline { get; init; }
    public required double Target { get; init; }
    /// <summary>"&gt;=" (at least the target) or "&gt;" (above it, a target printed "&gt;3.9").</summary>
    public string Comparison { get; init; } = ">=";
    public required string UnitZh { get; init; }
    public required string UnitEn { get; init; }
    public required string PolicySource { get; init; }
    public string? Clause { get; init; }

    public bool Counts(string category, string? kind) => Categories.Any(c => CategoryReference.Parse(c).Matches(category, kind));

    /// <summary>Whether <paramref name="value"/> meets the target.</summary>
    public bool Meets(double value) => Comparison == ">" ? value > Target + 1e-9 : value >= Target - 1e-9;
}
