using Coverage.Core.Domain;

namespace Coverage.Core.Seeds;

/// <summary>
/// One row of seeds/osm-tags.json: when every tag in <see cref="Match"/> holds ("*" = any value), the OSM
/// object is a facility of <see cref="Category"/>/<see cref="Kind"/> or a settlement of <see cref="Settlement"/>, or, for a
/// <see cref="Skip"/> rule, not imported at all (a pitch marked access=private is not a public facility).
/// </summary>
public sealed record OsmTagRule
{
    public required IReadOnlyDictionary<string, string> Match { get; init; }
    public string? Category { get; init; }
    public string? Kind { get; init; }
    public SettlementKind? Settlement { get; init; }

    /// <summary>
    /// An object this rule matches first is not a facility or settlement: rules are tried in order, so a skip rule placed
    /// before a broader one excludes the objects it matches (leisure=pitch + access=private before leisure=pitch).
    /// </summary>
    public bool Skip { get; init; }

    public bool Matches(Func<string, string?> tagValue)
    {
        foreach (var (key, expected) in Match)
        {
            var value = tagValue(key);
            if (value is null || (expected != "*" && !string.Equals(value, expected, StringComparison.Ordinal)))
                return false;
        }
        return true;
    }

    public override string ToString() => string.Join(" + ", Match.Select(m => $"{m.Key}={m.Value}"));
}

/// <summary>Reference numbers of a national life-circle standard (seeds/life-circle-distances.json).</summary>
public sealed record LifeCircleReference
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Clause { get; init; }
    public required IReadOnlyList<LifeCircleLevel> Levels { get; init; }
}

/// <summary>One level of a life-circle standard, e.g. GB 50180-2018's 15-minute circle: 800–1000 m, 50,000–100,000 people.</summary>
public sealed record LifeCircleLevel
{
    public required string Id { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }
    public double? Minutes { get; init; }
    public double? WalkMetresMin { get; init; }
    public double? WalkMetresMax { get; init; }
    public int? PopulationMin { get; init; }
    public int? PopulationMax { get; init; }
    public int? DwellingsMin { get; init; }
    public int? DwellingsMax { get; init; }
    public double? AreaKm2 { get; init; }
    public string? Note { get; init; }
}
