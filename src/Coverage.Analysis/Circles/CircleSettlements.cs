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
    readonly HashSet<string> _ids;
    readonly int[] _town;

    CircleSettlements(bool[] applies, HashSet<string> ids, VillageHierarchy villages, int[] town, string[] towns)
    {
        _applies = applies; _ids = ids; Villages = villages; _town = town; Towns = towns;
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
    public bool AppliesTo(string settlementId) => _ids.Contains(settlementId);

    /// <summary>Cache key: circles whose kinds are the same set share one instance.</summary>
    public static string KeyOf(CircleStandard circle) => string.Join(",", circle.AppliesTo.Distinct().Order());

    public static CircleSettlements Of(AnalysisRegion region, CircleStandard circle)
    {
        var settlements = region.Settlements;
        var applies = new bool[settlements.Count];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int s = 0; s < applies.Length; s++)
            if (applies[s] = circle.AppliesToKind(settlements[s].Kind)) ids.Add(settlements[s].Id);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int s = 0; s < applies.Length; s++)
            if (applies[s]) names.TryAdd(CircleScorer.TownOf(settlements[s]), 0);
        var towns = names.Keys.ToArray();
        Array.Sort(towns, StringComparer.Ordinal);
        for (int t = 0; t < towns.Length; t++) names[towns[t]] = t;
        var town = new int[applies.Length];
        for (int s = 0; s < town.Length; s++) town[s] = applies[s] ? names[CircleScorer.TownOf(settlements[s])] : -1;
        return new CircleSettlements(applies, ids, VillageHierarchy.Of(settlements, st => circle.AppliesToKind(st.Kind)), town, towns);
    }
}
