using System.Text.Json;
using Coverage.Analysis;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Region;

/// <summary>A settlement or facility named in the health report.</summary>
public sealed record HealthPlace(string Id, string Name, string? Town, string? Category = null, int Population = 0);

/// <summary>A place that is farther than the snap limit from every walkable way (left out, or partly), with its distance.</summary>
public sealed record HealthSnap(string Kind, string Id, string Name, string? Town, string Reason, double DistanceMetres, string Zh, string En);

/// <summary>A piece of network cut off from the main one (an island component) that people join: how many places and people.</summary>
public sealed record HealthIsland(int Component, int Nodes, int Settlements, long People, IReadOnlyList<string> Names);

/// <summary>A town without any facility of some categories (category ids).</summary>
public sealed record HealthTownGap(string Town, IReadOnlyList<string> MissingCategories);

/// <summary>Which coordinate system an input was read in, and why (given, a .prj, the format's rule, or a default).</summary>
public sealed record HealthCrs(string Input, string File, string Crs, string ReasonZh, string ReasonEn);

/// <summary>The walking network: its size, and what clipping to the boundary kept and dropped (null without a boundary).</summary>
public sealed record HealthNetwork(int Nodes, int Edges, double WalkableKm, int Components, int MainComponentNodes,
    double? MarginMetres, int? KeptEdges, int? DroppedEdges, double? KeptKm, double? DroppedKm);

/// <summary>
/// The data-health report of a region, computed once (<see cref="Compute"/>) and written from this one model to the
/// console, health.json and health.md (<see cref="RegionHealthReport"/>), so the numbers cannot disagree.
/// Settlement figures are over the settlements counted (inside the boundary); facility figures over the facilities kept
/// (inside the boundary or its margin).
/// </summary>
public sealed record RegionHealth
{
    public required string Region { get; init; }
    public required double SnapLimitMetres { get; init; }
    public required HealthNetwork Network { get; init; }
    public required IReadOnlyList<HealthCrs> CoordinateSystems { get; init; }
    public required int SettlementsRead { get; init; }
    public required int SettlementsCounted { get; init; }
    public required long PeopleCounted { get; init; }
    public required int FacilitiesRead { get; init; }
    public required int FacilitiesKept { get; init; }
    /// <summary>Kept facilities per category id (every category of the seeds, zero included).</summary>
    public required IReadOnlyDictionary<string, int> FacilitiesByCategory { get; init; }
    public required IReadOnlyList<HealthPlace> WithoutPopulation { get; init; }
    public required IReadOnlyList<HealthPlace> WithoutElderly { get; init; }
    public required IReadOnlyList<HealthSnap> BeyondSnapLimit { get; init; }
    public required IReadOnlyList<HealthIsland> Islands { get; init; }
    public required long PeopleOnIslands { get; init; }
    /// <summary>Town names known (towns table — those the boundary touches —, else the counted settlements' towns); empty when the data names none.</summary>
    public required IReadOnlyList<string> Towns { get; init; }
    public required IReadOnlyList<HealthTownGap> TownsWithoutCategory { get; init; }
    public required IReadOnlyList<HealthPlace> SettlementsOutside { get; init; }
    public required IReadOnlyList<HealthPlace> FacilitiesOutside { get; init; }
    public required IReadOnlyList<HealthPlace> FacilitiesInMargin { get; init; }
    /// <summary>What the readers noticed ("中文 / English").</summary>
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>
    /// Computes every figure from the region's graph (clipped when it has a boundary), its tables split by the boundary,
    /// and the analysis join (the same snapping the coverage uses, at <paramref name="options"/>' snap limit). With
    /// <paramref name="placesCache"/>, the samples and joins are kept there for the server (or read from there).
    /// </summary>
    public static RegionHealth Compute(RegionSource source, RegionNetwork network, RegionTables tables, SeedCatalog seeds,
        IReadOnlyList<HealthCrs> crs, IReadOnlyList<string> warnings, IReadOnlyList<(string Name, Geometry Area)> towns,
        AnalysisOptions? options = null, PlacesCache? placesCache = null)
    {
        options ??= AnalysisOptions.Default;
        var settlements = tables.Settlements.Kept;
        var facilities = tables.Facilities.Kept;
        var region = new AnalysisRegion(network.Graph, seeds, facilities, settlements, options, placesCache: placesCache);
        // With a boundary, only the towns it touches: a neighbouring county's towns have none of our facilities by design.
        if (network.Scope is { } scope) towns = towns.Where(t => scope.Boundary.Intersects(t.Area)).ToList();
        var townNames = towns.Count > 0 ? towns.Select(t => t.Name).ToList()
            : settlements.Select(s => s.Town).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().Order(StringComparer.Ordinal).ToList();
        var islands = IslandsOf(region);
        return new RegionHealth
        {
            Region = source.Name,
            SnapLimitMetres = options.MaxSnapMetres,
            Network = NetworkOf(network),
            CoordinateSystems = crs,
            SettlementsRead = tables.SettlementImport.Items.Count,
            SettlementsCounted = settlements.Count,
            PeopleCounted = settlements.Sum(s => (long)s.Population),
            FacilitiesRead = tables.FacilityImport.Items.Count,
            FacilitiesKept = facilities.Count,
            FacilitiesByCategory = seeds.Categories.ToDictionary(c => c.Id, c => facilities.Count(f => f.Category == c.Id)),
            WithoutPopulation = settlements.Where(s => s.Population <= 0).Select(Place).ToList(),
            WithoutElderly = settlements.Where(s => s.Elderly <= 0).Select(Place).ToList(),
            BeyondSnapLimit = region.SnapIssues.Where(i => i.Reason is not SnapIssueReason.Island)
                .Select(i => new HealthSnap(i.Kind == PlaceKind.Facility ? "facility" : "settlement", i.Id, i.Name, i.Town, i.Reason.ToString(),
                    Math.Round(i.DistanceMetres, 1), i.DescribeZh, i.DescribeEn)).ToList(),
            Islands = islands,
            PeopleOnIslands = islands.Sum(i => i.People),
            Towns = townNames,
            TownsWithoutCategory = TownGaps(townNames, facilities, settlements, seeds),
            SettlementsOutside = tables.Settlements.Outside.Select(Place).ToList(),
            FacilitiesOutside = tables.Facilities.Outside.Select(Place).ToList(),
            FacilitiesInMargin = tables.Facilities.KeptInMargin.Select(Place).ToList(),
            Warnings = warnings,
        };
    }

    static HealthPlace Place(Settlement s) => new(s.Id, s.Name, s.Town, null, s.Population);
    static HealthPlace Place(Facility f) => new(f.Id, f.Name, f.Town, f.Category);

    static HealthNetwork NetworkOf(RegionNetwork n)
    {
        var g = n.Graph;
        return new HealthNetwork(g.NodeCount, g.EdgeCount, Math.Round(g.WalkableMetres() / 1000, 3), g.ComponentCount,
            g.ComponentCount > 0 ? g.ComponentNodeCount[0] : 0, n.Scope?.MarginMetres, n.Clip?.KeptEdges, n.Clip?.DroppedEdges,
            n.Clip is { } c ? Math.Round(c.KeptKm, 3) : null, n.Clip is { } d ? Math.Round(d.DroppedKm, 3) : null);
    }

    /// <summary>
    /// Settlements whose samples join an island (a small piece of network cut off from the main one, as the snapper judges
    /// it), grouped by island; a settlement's people are shared over its samples as the coverage shares them.
    /// </summary>
    static List<HealthIsland> IslandsOf(AnalysisRegion region)
    {
        var people = new Dictionary<int, double>();
        var places = new Dictionary<int, SortedSet<string>>();
        var counted = new Dictionary<int, HashSet<int>>();
        for (int k = 0; k < region.SampleCount; k++)
        {
            if (!region.SampleSnaps[k].IsOnNetwork || !region.SampleOnIsland(k)) continue;
            int s = region.SampleSettlement[k], component = region.SampleComponent(k);
            people[component] = people.GetValueOrDefault(component) + region.SampleShareOf(s) * region.Settlements[s].Population;
            if (!places.TryGetValue(component, out var names)) places[component] = names = new(StringComparer.Ordinal);
            names.Add(region.Settlements[s].Name);
            if (!counted.TryGetValue(component, out var set)) counted[component] = set = [];
            set.Add(s);
        }
        return people.Keys.Order().Select(c => new HealthIsland(c, region.Graph.ComponentNodeCount[c], counted[c].Count,
            (long)Math.Round(people[c]), places[c].ToList())).ToList();
    }

    /// <summary>
    /// Per town, the categories it has no kept facility of. A facility belongs to its town by the one rule every view uses
    /// (<see cref="FacilityTowns"/>: its own town when a settlement or the towns table names it, else its nearest settlement's),
    /// so this list and the indicator sheet's per-town figures never disagree about where a facility is.
    /// </summary>
    public static List<HealthTownGap> TownGaps(IReadOnlyList<string> townNames, IReadOnlyList<Facility> facilities,
        IReadOnlyList<Settlement> settlements, SeedCatalog seeds)
    {
        var placed = FacilityTowns.Place(facilities, settlements, townNames);
        var has = new HashSet<(string Town, string Category)>();
        for (int i = 0; i < facilities.Count; i++)
            if (!string.IsNullOrWhiteSpace(placed[i])) has.Add((placed[i], facilities[i].Category));
        return townNames.Select(t => new HealthTownGap(t, seeds.Categories.Select(c => c.Id).Where(c => !has.Contains((t, c))).ToList()))
            .Where(g => g.MissingCategories.Count > 0).ToList();
    }

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RegionHealth FromJson(string json) => JsonSerializer.Deserialize<RegionHealth>(json, Json)!;
}
