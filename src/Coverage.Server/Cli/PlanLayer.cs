using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Server.Region;
using Coverage.Storage;
using Coverage.Storage.Import;

namespace Coverage.Server.Cli;

/// <summary>What the import verbs need to know about facilities or settlements: how to read, match and store them.</summary>
public sealed record PlanLayer<T>(
    string Name, string Zh, string Entity,
    Func<PlanImporter, string, ImportOptions, ImportResult<T>> FromFile,
    Func<PlanImporter, Stream, string, ImportOptions, ImportResult<T>> FromCsv,
    Func<IPlanStore, IReadOnlyList<T>, string, CancellationToken, Task<UpsertResult>> Upsert,
    Func<IPlanStore, CancellationToken, Task<IReadOnlyList<T>>> All,
    Func<T, string> Id, Func<T, (string Source, string? SourceId)> Key, Func<T, string, T> WithId,
    Func<T, string> Label, Func<PlacementCheck, IReadOnlyList<T>, IReadOnlyList<IReadOnlyList<PlacementWarning>>> Check,
    IReadOnlyList<KeptFact<T>> Facts) where T : class
{
    /// <summary>
    /// Rows matched to stored ones (by the upsert's own rule) take the stored value of each optional fact the row does not
    /// carry at all (<see cref="ImportResult{T}.ItemFields"/>): a facilities table without 建成年份 updates names and places,
    /// and the years stay; an OSM element without a capacity tag keeps a planner's capacity. A column present but blank
    /// clears the value, as the planner wrote it. Returns the rows and, per fact, how many rows kept it.
    /// </summary>
    public (IReadOnlyList<T> Items, IReadOnlyList<(KeptFact<T> Fact, int Rows)> Kept) KeepAbsentFacts(
        IReadOnlyList<T> items, IReadOnlyList<T> stored, IReadOnlyList<IReadOnlyDictionary<string, string?>> itemFields)
    {
        if (stored.Count == 0) return (items, []);
        var counts = new int[Facts.Count];
        var merged = new List<T>(items.Count);
        int i = 0;
        foreach (var match in StoredMatches(items, stored))
        {
            var (row, carried) = (items[i], itemFields[i]);
            i++;
            for (int f = 0; match is not null && f < Facts.Count; f++)
                if (!carried.ContainsKey(Facts[f].Field) && Facts[f].Keep(row, match) is { } kept) { row = kept; counts[f]++; }
            merged.Add(row);
        }
        return (merged, Facts.Select((f, k) => (f, counts[k])).Where(k => k.Item2 > 0).ToList());
    }

    /// <summary>What an upsert would do, without writing: the store's own rule (match by source key, then id; equal JSON = unchanged).</summary>
    public (int Added, int Updated, int Unchanged) Compare(IReadOnlyList<T> items, IReadOnlyList<T> stored)
    {
        var matches = Match(items, stored);
        int added = matches.Count(m => m.Stored is null), unchanged = matches.Count(m => m.Stored is not null && !m.Changes);
        return (added, items.Count - added - unchanged, unchanged);
    }

    /// <summary>The ids of the stored rows an upsert of items would change (not those it adds or leaves as they are).</summary>
    public IReadOnlySet<string> Changed(IReadOnlyList<T> items, IReadOnlyList<T> stored) =>
        Match(items, stored).Where(m => m.Changes).Select(m => Id(m.Stored!)).ToHashSet(StringComparer.Ordinal);

    List<(T? Stored, bool Changes)> Match(IReadOnlyList<T> items, IReadOnlyList<T> stored) =>
        items.Zip(StoredMatches(items, stored), (item, match) =>
            (match, match is not null && PlanJson.Serialize(match) != PlanJson.Serialize(WithId(item, Id(match))))).ToList();

    /// <summary>The stored row each item would update (by source key, then id), or null where it would be added.</summary>
    IEnumerable<T?> StoredMatches(IReadOnlyList<T> items, IReadOnlyList<T> stored)
    {
        var byId = stored.ToDictionary(Id, StringComparer.Ordinal);
        var byKey = stored.Where(s => Key(s).SourceId is not null).ToDictionary(s => (Key(s).Source, Key(s).SourceId!));
        foreach (var item in items)
        {
            var (source, sourceId) = Key(item);
            T? match = null;
            if (sourceId is not null) byKey.TryGetValue((source, sourceId), out match);
            if (match is null) byId.TryGetValue(Id(item), out match);
            yield return match;
        }
    }
}

/// <summary>
/// An optional fact a re-import keeps when its file has no column for it: the canonical field, its name for the planner,
/// and how to keep it (the row with the stored value, or null when the row already has one or the store has none).
/// </summary>
public sealed record KeptFact<T>(string Field, string Zh, string En, Func<T, T, T?> Keep) where T : class;

public static class PlanLayers
{
    public static readonly PlanLayer<Facility> Facilities = new("facilities", "设施", "facility",
        (i, path, o) => i.Facilities(path, o), (i, csv, name, o) => i.FacilitiesFromCsv(csv, name, o),
        (s, items, actor, ct) => s.UpsertFacilitiesAsync(items, actor, ct),
        (s, ct) => s.QueryFacilitiesAsync(new FacilityQuery(), ct),
        f => f.Id, f => (f.Source, f.SourceId), (f, id) => f with { Id = id }, f => f.Name, (p, items) => p.Facilities(items),
        [
            new(FieldNames.Capacity, "容量", "capacity", (f, s) => f.Capacity is null && s.Capacity is { } v ? f with { Capacity = v } : null),
            new(FieldNames.BuiltYear, "建成年份", "built year", (f, s) => f.BuiltYear is null && s.BuiltYear is { } v ? f with { BuiltYear = v } : null),
            new(FieldNames.AreaM2, "面积", "area", (f, s) => f.AreaM2 is null && s.AreaM2 is { } v ? f with { AreaM2 = v } : null),
            new(FieldNames.Town, "镇（街道）", "town", (f, s) => f.Town is null && s.Town is { } v ? f with { Town = v } : null),
        ]);

    public static readonly PlanLayer<Settlement> Settlements = new("settlements", "居民点", "settlement",
        (i, path, o) => i.Settlements(path, o), (i, csv, name, o) => i.SettlementsFromCsv(csv, name, o),
        (s, items, actor, ct) => s.UpsertSettlementsAsync(items, actor, ct),
        (s, ct) => s.QuerySettlementsAsync(new SettlementQuery(), ct),
        s => s.Id, s => (s.Source, s.SourceId), (s, id) => s with { Id = id }, s => s.Name, (p, items) => p.Settlements(items),
        [
            new(FieldNames.Elderly, "老年人口", "elderly", (n, s) => n.Elderly == 0 && s.Elderly > 0 ? n with { Elderly = s.Elderly } : null),
            new(FieldNames.AdminCode, "区划代码", "admin code", (n, s) => n.AdminCode is null && s.AdminCode is { } v ? n with { AdminCode = v } : null),
            new(FieldNames.ParentId, "所属行政村", "administrative village", (n, s) => n.ParentId is null && s.ParentId is { } v ? n with { ParentId = v } : null),
        ]);

    /// <summary>The category id for an id or a Chinese/English name; an InputException listing the known ones otherwise.</summary>
    public static string CategoryId(SeedCatalog seeds, string text) =>
        seeds.Categories.FirstOrDefault(c => new[] { c.Id, c.NameZh, c.NameEn }.Any(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase)))?.Id
        ?? throw new InputException($"未知类别“{text}”，可选：{string.Join("、", seeds.Categories.Select(c => $"{c.Id}（{c.NameZh}）"))}",
            $"Unknown category '{text}'; known: {string.Join(", ", seeds.Categories.Select(c => c.Id))}");
}
