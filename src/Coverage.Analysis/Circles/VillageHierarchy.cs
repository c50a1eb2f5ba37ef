using Coverage.Analysis.Region;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Circles;

/// <summary>
/// Each person counted once. A natural village (自然村) names its administrative village (行政村) by ParentId; when both
/// are scored, the natural villages hold their own people and the administrative village only the remainder of its
/// own figure (people in none of its listed natural villages), so its row is the roll-up of its natural villages.
/// </summary>
public sealed class VillageHierarchy
{
    static readonly int[] None = [];
    readonly int[] _parent;
    readonly int[]?[] _children;
    readonly double[] _ownPopulation, _ownElderly;

    VillageHierarchy(int[] parent, int[]?[] children, double[] ownPopulation, double[] ownElderly, IReadOnlyList<AnalysisNote> notes)
    {
        _parent = parent; _children = children; _ownPopulation = ownPopulation; _ownElderly = ownElderly; Notes = notes;
    }

    /// <summary>Remarks on the links: a parent that is not in the data, natural villages holding more people than their village's figure.</summary>
    public IReadOnlyList<AnalysisNote> Notes { get; }

    /// <summary>The administrative village a natural village is rolled into; -1 for none.</summary>
    public int ParentOf(int settlement) => _parent[settlement];

    /// <summary>Natural villages rolled into this settlement (empty for every other settlement).</summary>
    public IReadOnlyList<int> ChildrenOf(int settlement) => _children[settlement] ?? None;

    /// <summary>People counted at the settlement's own samples: everyone, or an administrative village's remainder.</summary>
    public double OwnPopulation(int settlement) => _ownPopulation[settlement];
    public double OwnElderly(int settlement) => _ownElderly[settlement];

    /// <summary>Links among the settlements <paramref name="included"/> selects (a circle's settlements); others stay unlinked.</summary>
    public static VillageHierarchy Of(IReadOnlyList<Settlement> settlements, Func<Settlement, bool> included)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int s = 0; s < settlements.Count; s++) index.TryAdd(settlements[s].Id, s);
        return Of(settlements, included, id => index.GetValueOrDefault(id, -1));
    }

    /// <summary>The links among a region's settlements, its parents found by the region's id index (<see cref="AnalysisRegion.SettlementIndexOf"/>).</summary>
    public static VillageHierarchy Of(AnalysisRegion region, Func<Settlement, bool> included) =>
        Of(region.Settlements, included, region.SettlementIndexOf);

    /// <param name="indexOf">The index of the settlement with an id (the first of a repeated one), -1 for none.</param>
    static VillageHierarchy Of(IReadOnlyList<Settlement> settlements, Func<Settlement, bool> included, Func<string, int> indexOf)
    {
        int n = settlements.Count;
        var parent = new int[n];
        var children = new List<int>?[n];
        var notes = new List<AnalysisNote>();
        var missing = new List<string>();
        for (int s = 0; s < n; s++)
        {
            parent[s] = -1;
            var st = settlements[s];
            if (st.Kind != SettlementKind.NaturalVillage || string.IsNullOrWhiteSpace(st.ParentId) || !included(st)) continue;
            int p = indexOf(st.ParentId);
            if (p < 0) { missing.Add($"{st.Name} → {st.ParentId}"); continue; }
            // Only a village of another kind holds natural villages: one level, no cycles.
            if (p == s || settlements[p].Kind == SettlementKind.NaturalVillage || !included(settlements[p])) continue;
            parent[s] = p;
            (children[p] ??= []).Add(s);
        }
        if (missing.Count > 0)
            notes.Add(AnalysisNote.Warning("unknown-parent",
                $"{missing.Count} 个自然村的上级行政村不在数据中，按独立居民点计：{string.Join("、", missing.Take(5))}",
                $"{missing.Count} natural villages name an administrative village that is not in the data; counted on their own: {string.Join(", ", missing.Take(5))}"));

        var ownPopulation = new double[n];
        var ownElderly = new double[n];
        var exceeded = new List<string>();
        for (int s = 0; s < n; s++)
        {
            var st = settlements[s];
            double population = Math.Max(0, st.Population), elderly = Math.Max(0, st.Elderly);
            if (children[s] is { } kids)
            {
                double inChildren = kids.Sum(c => Math.Max(0, settlements[c].Population));
                double elderlyInChildren = kids.Sum(c => Math.Max(0, settlements[c].Elderly));
                // An administrative village without its own figure (0) is simply the sum of its natural villages.
                if (population > 0 && inChildren > population) exceeded.Add($"{st.Name} ({inChildren:0} > {population:0})");
                population = Math.Max(0, population - inChildren);
                elderly = Math.Max(0, elderly - elderlyInChildren);
            }
            ownPopulation[s] = population;
            ownElderly[s] = elderly;
        }
        if (exceeded.Count > 0)
            notes.Add(AnalysisNote.Warning("natural-villages-exceed",
                $"{exceeded.Count} 个行政村的自然村人口之和大于行政村人口，按自然村人口计：{string.Join("、", exceeded.Take(5))}",
                $"In {exceeded.Count} administrative villages the natural villages hold more people than the village's figure; the natural villages' figures are used: {string.Join(", ", exceeded.Take(5))}"));
        return new VillageHierarchy(parent, children.Select(c => c?.ToArray()).ToArray(), ownPopulation, ownElderly, notes);
    }
}
