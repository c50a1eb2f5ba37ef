using System.Text.Json;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Storage;

namespace Coverage.Server.Api;

/// <summary>
/// The edits of a what-if or a scenario: { add:[{ category, kind?, name?, geometry }], remove:[ids], move:[{ id, geometry }] }.
/// Added facilities are "proposed", with a fresh id.
/// </summary>
public static class ScenarioEditsInput
{
    public const int MaxEdits = 500;

    public static IReadOnlyList<ScenarioEdit> Read(JsonElement body, SeedCatalog seeds, GeometryInput geometry, JsonFields fields)
    {
        var edits = new List<ScenarioEdit>();
        foreach (var (item, where) in Items(body, "add", fields))
            if (Added(item, where, seeds, geometry, fields) is { } f)
                edits.Add(new ScenarioEdit { Kind = ScenarioEditKind.Add, FacilityId = f.Id, Facility = f });
        foreach (var id in TooMany(body, "remove", fields) ? Array.Empty<string>() : fields.Ids(body, "body", "remove"))
            edits.Add(new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = id });
        foreach (var (item, where) in Items(body, "move", fields))
        {
            var id = fields.Text(item, where, "id", required: true, maxLength: IdRules.MaxLength);
            var g = geometry.Read(fields.Object(item, where, "geometry", required: true), $"{where}.geometry", fields);
            if (id is not null && g is not null) edits.Add(new ScenarioEdit { Kind = ScenarioEditKind.Move, FacilityId = id, Geometry = g });
        }
        if (edits.Count > MaxEdits)
            fields.Add("body", "add", $"一次最多 {MaxEdits} 项修改", $"at most {MaxEdits} edits at once");
        return edits;
    }

    static IEnumerable<(JsonElement Item, string Where)> Items(JsonElement body, string name, JsonFields fields)
    {
        if (!JsonFields.TryGet(body, name, out var list)) yield break;
        if (list.ValueKind != JsonValueKind.Array)
        {
            fields.Add("body", name, $"{name} 应为数组", $"{name} must be an array");
            yield break;
        }
        if (TooMany(body, name, fields)) yield break;
        int i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"{name}[{i++}]";
            if (item.ValueKind == JsonValueKind.Object) yield return (item, where);
            else fields.Add(where, name, $"应为对象，而不是{JsonFields.Zh(item.ValueKind)}", $"must be an object, not {JsonFields.En(item.ValueKind)}");
        }
    }

    /// <summary>
    /// A list longer than <see cref="MaxEdits"/> is one error, found from its length before any item is read: 60,000 bad
    /// items made 120,000 error messages (all but 20 thrown away) and hundreds of MB of garbage per request.
    /// </summary>
    static bool TooMany(JsonElement body, string name, JsonFields fields)
    {
        if (!JsonFields.TryGet(body, name, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() <= MaxEdits) return false;
        fields.Add("body", name, $"{name} 最多 {MaxEdits} 项（收到 {list.GetArrayLength()} 项）；请分批提交",
            $"{name} may have at most {MaxEdits} items (got {list.GetArrayLength()}); send them in batches");
        return true;
    }

    static Facility? Added(JsonElement item, string where, SeedCatalog seeds, GeometryInput geometry, JsonFields fields)
    {
        var name = fields.Text(item, where, "name", required: false);
        var geometryJson = fields.Object(item, where, "geometry", required: true);
        if (FacilityFeature.Parts(item, where, geometryJson, $"{where}.geometry", seeds, geometry, fields) is not var (category, kind, capacity, g, drawnArea))
            return null;
        var id = "prop-" + Guid.NewGuid().ToString("N")[..12];
        return new Facility
        {
            Id = id, Category = category.Id, Kind = kind?.Id, Name = name ?? $"拟建{category.NameZh} Proposed {category.NameEn}",
            Geometry = g, Capacity = capacity, AreaM2 = drawnArea, Status = FacilityStatus.Proposed, Source = "scenario", SourceId = id,
        };
    }
}
