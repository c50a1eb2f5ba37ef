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
    Func<T, string> Label, Func<PlacementCheck, IReadOnlyList<T>, IReadOnlyList<IReadOnlyList<PlacementWarning>>> Check) where T : class
{
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

    List<(T? Stored, bool Changes)> Match(IReadOnlyList<T> items, IReadOnlyList<T> stored)
    {
        var byId = stored.ToDictionary(Id, StringComparer.Ordinal);
        var byKey = stored.Where(s => Key(s).SourceId is not null).ToDictionary(s => (Key(s).Source, Key(s).SourceId!));
        var matches = new List<(T?, bool)>(items.Count);
        foreach (var item in items)
        {
            var (source, sourceId) = Key(item);
            T? match = null;
            if (sourceId is not null) byKey.TryGetValue((source, sourceId), out match);
            if (match is null) byId.TryGetValue(Id(item), out match);
            matches.Add((match, match is not null && PlanJson.Serialize(match) != PlanJson.Serialize(WithId(item, Id(match)))));
        }
        return matches;
    }
}

public static class PlanLayers
{
    public static readonly PlanLayer<Facility> Facilities = new("facilities", "设施", "facility",
        (i, path, o) => i.Facilities(path, o), (i, csv, name, o) => i.FacilitiesFromCsv(csv, name, o),
        (s, items, actor, ct) => s.UpsertFacilitiesAsync(items, actor, ct),
        (s, ct) => s.QueryFacilitiesAsync(new FacilityQuery(), ct),
        f => f.Id, f => (f.Source, f.SourceId), (f, id) => f with { Id = id }, f => f.Name, (p, items) => p.Facilities(items));

    public static readonly PlanLayer<Settlement> Settlements = new("settlements", "居民点", "settlement",
        (i, path, o) => i.Settlements(path, o), (i, csv, name, o) => i.SettlementsFromCsv(csv, name, o),
        (s, items, actor, ct) => s.UpsertSettlementsAsync(items, actor, ct),
        (s, ct) => s.QuerySettlementsAsync(new SettlementQuery(), ct),
        s => s.Id, s => (s.Source, s.SourceId), (s, id) => s with { Id = id }, s => s.Name, (p, items) => p.Settlements(items));

    /// <summary>The category id for an id or a Chinese/English name; an InputException listing the known ones otherwise.</summary>
    public static string CategoryId(SeedCatalog seeds, string text) =>
        seeds.Categories.FirstOrDefault(c => new[] { c.Id, c.NameZh, c.NameEn }.Any(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase)))?.Id
        ?? throw new InputException($"未知类别“{text}”，可选：{string.Join("、", seeds.Categories.Select(c => $"{c.Id}（{c.NameZh}）"))}",
            $"Unknown category '{text}'; known: {string.Join(", ", seeds.Categories.Select(c => c.Id))}");
}
