using Coverage.Analysis.Region;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Circles;

/// <summary>
/// The settlements a circle scores (its <see cref="CircleStandard.AppliesTo"/> kinds) and their village links. The same for
/// every circle with the same kinds, so an engine builds it once per kind set instead of once per circle and request:
/// on a province the links and the id set are a good part of a circle's scoring time.
/// </summary>
public sealed class CircleSettlements
{
    readonly bool[] _applies;
    readonly AnalysisRegion _region;
    readonly HashSet<string>? _ids;     // only where settlement ids repeat: then any settlement of an id may be the scored one
    readonly int[] _town;

    CircleSettlements(bool[] applies, AnalysisRegion region, HashSet<string>? ids, VillageHierarchy villages, int[] town, string[] towns)
    {
        _applies = applies; _region = region; _ids = ids; Villages = villages; _town = town; Towns = towns;
        foreach (bool a in applies) if (a) Count++;
    }

    /// <summary>How many settlements the circle scores (its rows).</summary>
    public int Count { get; }

    /// <summary>Natural villages rolled into their administrative villages, among the scored settlements.</summary>
    public VillageHierarchy Villages { get; }

    /// <summary>Whether the settlement at this index is scored.</summary>
    public bool Applies(int settlement) => _applies[settlement];

    /// <summary>
    /// The towns of the scored settlements (as <see cref="CircleScorer.TownOf"/> names them), in ordinal order: a circle's
    /// town rows, summed by index rather than grouped by name per circle and request.
    /// </summary>
    public IReadOnlyList<string> Towns { get; }

    /// <summary>A scored settlement's index into <see cref="Towns"/> (-1 for a settlement not scored).</summary>
    public int TownIndexOf(int settlement) => _town[settlement];

    /// <summary>Whether a scored settlement has this id (snap issues name settlements by id).</summary>
    public bool AppliesTo(string settlementId) =>
        _ids?.Contains(settlementId) ?? _region.SettlementIndexOf(settlementId) is int s && s >= 0 && _applies[s];

    /// <summary>
    /// Per snap issue of the region (<see cref="AnalysisRegion.SnapIssues"/>, by index), whether it is a settlement's that is
    /// scored here: the same for every circle of these kinds, so found once (a province lists ~50 k such issues, each
    /// found by its settlement's id).
    /// </summary>
    public bool[] SettlementIssues => _settlementIssues ??= _region.SnapIssues.Select(i => i.Kind == PlaceKind.Settlement && AppliesTo(i.Id)).ToArray();

    bool[]? _settlementIssues; // a race builds the same array twice: either is kept

    /// <summary>Cache key: circles whose kinds are the same set share one instance.</summary>
    public static string KeyOf(CircleStandard circle) => string.Join(",", circle.AppliesTo.Distinct().Order());

    /// <remarks>
    /// The ids and towns are the region's (<see cref="AnalysisRegion.SettlementIndexOf"/>, <see cref="AnalysisRegion.SettlementTowns"/>),
    /// built once per region: here only which settlements the kinds select, and the towns among them (the region's names,
    /// already in ordinal order, those the selected settlements lie in).
    /// </remarks>
    public static CircleSettlements Of(AnalysisRegion region, CircleStandard circle)
    {
        var settlements = region.Settlements;
        var applies = new bool[settlements.Count];
        for (int s = 0; s < applies.Length; s++) applies[s] = circle.AppliesToKind(settlements[s].Kind);
        HashSet<string>? ids = null;
        if (region.SettlementIdsRepeat)
        {
            ids = new HashSet<string>(StringComparer.Ordinal);
            for (int s = 0; s < applies.Length; s++) if (applies[s]) ids.Add(settlements[s].Id);
        }
        var (townOf, names) = region.SettlementTowns;
        var used = new bool[names.Length];
        for (int s = 0; s < applies.Length; s++) if (applies[s]) used[townOf[s]] = true;
        var local = new int[names.Length]; // region town -> this set's town index (-1: none of its settlements there)
        var towns = new List<string>();
        for (int t = 0; t < names.Length; t++)
        {
            local[t] = used[t] ? towns.Count : -1;
            if (used[t]) towns.Add(names[t]);
        }
        var town = new int[applies.Length];
        for (int s = 0; s < town.Length; s++) town[s] = applies[s] ? local[townOf[s]] : -1;
        return new CircleSettlements(applies, region, ids, VillageHierarchy.Of(region, st => circle.AppliesToKind(st.Kind)), town, [.. towns]);
    }
}
