using Coverage.Core.Domain;

namespace Coverage.Storage.Import;

/// <summary>
/// Bureau tables name a natural village's administrative village (所属行政村) by its name, not by an id. A parent value
/// that is no id in the table but the name of exactly one administrative village or community in it (in the row's own
/// town when several towns share the name) is replaced by that village's id, so the roll-up finds it. Two candidates
/// in the same town are an error naming both rows; a value matching nothing is kept as given (it may be an id already
/// in the store).
/// </summary>
static class ParentNames
{
    public static void Resolve(List<Settlement> items, IReadOnlyList<RowLocation> rows, ErrorSink errors, List<ImportWarning> warnings)
    {
        var ids = items.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var villages = Enumerable.Range(0, items.Count)
            .Where(i => items[i].Kind != SettlementKind.NaturalVillage)
            .ToLookup(i => items[i].Name.Trim(), StringComparer.Ordinal);
        int resolved = 0;
        for (int i = 0; i < items.Count; i++)
        {
            var parent = items[i].ParentId?.Trim();
            if (string.IsNullOrEmpty(parent) || ids.Contains(parent) || !villages.Contains(parent)) continue;
            var candidates = villages[parent].ToList();
            if (candidates.Count > 1)
            {
                var sameTown = candidates.Where(c => items[c].Town == items[i].Town).ToList();
                if (sameTown.Count > 0) candidates = sameTown;
            }
            if (candidates.Count > 1)
            {
                var where = string.Join("、", candidates.Select(c => rows[c].Zh));
                var whereEn = string.Join(", ", candidates.Select(c => rows[c].En));
                errors.Add(rows[i], FieldNames.ParentId, $"所属行政村“{parent}”有 {candidates.Count} 个同名村（{where}），请改填其编号",
                    $"parent village '{parent}' matches {candidates.Count} villages of that name ({whereEn}); give its id instead");
                continue;
            }
            items[i] = items[i] with { ParentId = items[candidates[0]].Id };
            resolved++;
        }
        if (resolved > 0)
            warnings.Add(new($"{resolved} 个居民点的所属行政村按名称对应到本表中的行政村/社区", $"{resolved} settlements' parent villages were matched by name to villages in this table"));
    }
}
