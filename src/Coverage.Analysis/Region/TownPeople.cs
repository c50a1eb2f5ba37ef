using Coverage.Analysis.Circles;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Region;

/// <summary>
/// People per town (镇/街道), each person once by the same rule as every circle (<see cref="VillageHierarchy"/>: natural
/// villages hold their people, an administrative village only its remainder). Villages: top-level villages
/// (administrative villages, communities, natural villages without one); places: settlements scored on their own.
/// </summary>
public sealed record TownPeople(string Town, int Villages, int Places, double Population, double Elderly)
{
    public static IReadOnlyList<TownPeople> Of(IReadOnlyList<Settlement> settlements)
    {
        var villages = VillageHierarchy.Of(settlements, _ => true);
        return Enumerable.Range(0, settlements.Count)
            .Where(s => settlements[s].Town.Length > 0)
            .GroupBy(s => settlements[s].Town)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TownPeople(g.Key,
                g.Count(s => villages.ParentOf(s) < 0),
                g.Count(s => villages.ChildrenOf(s).Count == 0),
                g.Sum(villages.OwnPopulation),
                g.Sum(villages.OwnElderly)))
            .ToList();
    }
}
