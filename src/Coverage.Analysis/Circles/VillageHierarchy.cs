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
        return Of(settlements, included, s => index.GetValueOrDefault(settlements[s].ParentId!, -1));
    }

    /// <summary>
    /// The links among a region's settlements, each parent read from the region's index of them
    /// (<see cref="AnalysisRegion.SettlementParents"/>, built once per region: an engine builds a hierarchy per set of
    /// settlement kinds, and looking up a province's ~100 k parent ids each time took most of it).
    /// </summary>
    public static VillageHierarchy Of(AnalysisRegion region, Func<Settlement, bool> included)
    {
        var parents = region.SettlementParents;
        return Of(region.Settlements, included, s => parents[s]);
    }

    /// <param name="parentOf">For a settlement with a parent id, the index of the settlement with that id (the first of a repeated one), -1 for none.</param>
    static VillageHierarchy Of(IReadOnlyList<Settlement> settlements, Func<Settlement, bool> included, Func<int, int> parentOf)
    {
        int n = settlements.Count;
        var parent = new int[n];
        var childCount = new int[n];
        var notes = new List<AnalysisNote>();
        var missing = new List<string>();
        int missingCount = 0;
        for (int s = 0; s < n; s++)
        {
            parent[s] = -1;
            var st = settlements[s];
            if (st.Kind != SettlementKind.NaturalVillage || string.IsNullOrWhiteSpace(st.ParentId) || !included(st)) continue;
            int p = parentOf(s);
            if (p < 0)
            {
                if (missingCount++ < NamedInNote) missing.Add($"{st.Name} → {st.ParentId}");
                continue;
            }
            // Only a village of another kind holds natural villages: one level, no cycles.
            if (p == s || settlements[p].Kind == SettlementKind.NaturalVillage || !included(settlements[p])) continue;
            parent[s] = p;
            childCount[p]++;
        }
        if (missingCount > 0)
            notes.Add(AnalysisNote.Warning("unknown-parent",
                $"{missingCount} 个自然村的上级行政村不在数据中，按独立居民点计：{string.Join("、", missing)}",
                $"{missingCount} natural villages name an administrative village that is not in the data; counted on their own: {string.Join(", ", missing)}"));

        // Each village's natural villages in settlement order, in an array of their own.
        var children = new int[]?[n];
        for (int s = 0; s < n; s++) if (childCount[s] > 0) children[s] = new int[childCount[s]];
        Array.Clear(childCount);
        for (int s = 0; s < n; s++) if (parent[s] >= 0) children[parent[s]]![childCount[parent[s]]++] = s;

        var ownPopulation = new double[n];
        var ownElderly = new double[n];
        var exceeded = new List<string>();
        int exceededCount = 0;
        for (int s = 0; s < n; s++)
        {
            var st = settlements[s];
            double population = Math.Max(0, st.Population), elderly = Math.Max(0, st.Elderly);
            if (children[s] is { } kids)
            {
                double inChildren = 0, elderlyInChildren = 0;
                foreach (int c in kids)
                {
                    inChildren += Math.Max(0, settlements[c].Population);
                    elderlyInChildren += Math.Max(0, settlements[c].Elderly);
                }
                // An administrative village without its own figure (0) is simply the sum of its natural villages.
                if (population > 0 && inChildren > population && exceededCount++ < NamedInNote) exceeded.Add($"{st.Name} ({inChildren:0} > {population:0})");
                population = Math.Max(0, population - inChildren);
                elderly = Math.Max(0, elderly - elderlyInChildren);
            }
            ownPopulation[s] = population;
            ownElderly[s] = elderly;
        }
        if (exceededCount > 0)
            notes.Add(AnalysisNote.Warning("natural-villages-exceed",
                $"{exceededCount} 个行政村的自然村人口之和大于行政村人口，按自然村人口计：{string.Join("、", exceeded)}",
                $"In {exceededCount} administrative villages the natural villages hold more people than the village's figure; the natural villages' figures are used: {string.Join(", ", exceeded)}"));
        return new VillageHierarchy(parent, children, ownPopulation, ownElderly, notes);
    }

    /// <summary>Places a note names (the first ones); it counts them all.</summary>
    const int NamedInNote = 5;
}
