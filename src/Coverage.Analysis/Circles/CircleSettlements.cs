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

    CircleSettlements(bool[] applies, HashSet<string> ids, VillageHierarchy villages)
    {
        _applies = applies; _ids = ids; Villages = villages;
    }

    /// <summary>Natural villages rolled into their administrative villages, among the scored settlements.</summary>
    public VillageHierarchy Villages { get; }

    /// <summary>Whether the settlement at this index is scored.</summary>
    public bool Applies(int settlement) => _applies[settlement];

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
        return new CircleSettlements(applies, ids, VillageHierarchy.Of(settlements, st => circle.AppliesToKind(st.Kind)));
    }
}
