using System.Text.Json;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>A facility as a GeoJSON Feature: properties id, name, category, kind, status, capacity, town.</summary>
public static class FacilityFeature
{
    public const int MaxCapacity = 1_000_000;

    public static Feature ToFeature(Facility f) => new(f.Geometry, new AttributesTable
    {
        { "id", f.Id }, { "name", f.Name }, { "category", f.Category }, { "kind", f.Kind }, { "status", f.Status.ToId() },
        { "capacity", f.Capacity }, { "town", f.Town },
    });

    public static FeatureCollection ToCollection(IEnumerable<Facility> facilities)
    {
        var fc = new FeatureCollection();
        foreach (var f in facilities) fc.Add(ToFeature(f));
        return fc;
    }

    /// <summary>
    /// Reads and validates a Feature body into a facility with the given id; every problem is collected and thrown as one 400.
    /// </summary>
    public static Facility Read(JsonElement body, string id, bool idFromRoute, SeedCatalog seeds, GeometryInput geometry, string source)
    {
        var fields = new JsonFields();
        if (body.ValueKind != JsonValueKind.Object)
            throw RequestProblem.Invalid("body", "type", $"请求体应为 GeoJSON Feature 对象，而不是{JsonFields.Zh(body.ValueKind)}",
                $"the body must be a GeoJSON Feature object, not {JsonFields.En(body.ValueKind)}");
        var type = fields.Text(body, "body", "type", required: true);
        if (type is not null && type != "Feature")
            fields.Add("body", "type", $"type 应为“Feature”，而不是“{type}”", $"type must be 'Feature', not '{type}'");
        var props = fields.Object(body, "body", "properties", required: true) ?? default;
        const string at = "properties";
        var name = fields.Text(props, at, "name", required: true);
        var categoryId = fields.Text(props, at, "category", required: true);
        var kindId = fields.Text(props, at, "kind", required: false);
        var statusText = fields.Text(props, at, "status", required: false);
        var capacity = fields.Integer(props, at, "capacity", 0, MaxCapacity);
        var town = fields.Text(props, at, "town", required: false);
        if (idFromRoute && fields.Text(props, at, "id", required: false) is { } given && given != id)
            fields.Add(at, "id", $"properties.id “{given}”与地址中的编号“{id}”不同", $"properties.id '{given}' differs from the id in the address '{id}'");
        var geom = geometry.Read(fields.Object(body, "body", "geometry", required: true), "geometry", fields);

        var category = categoryId is null ? null : seeds.FindCategory(categoryId);
        if (categoryId is not null && category is null)
            fields.Add(at, "category", $"未知类别“{categoryId}”；可选：{Known(seeds)}", $"unknown category '{categoryId}'; known: {Known(seeds)}");
        var kind = category?.FindKind(kindId);
        if (category is not null && kindId is not null && kind is null)
            fields.Add(at, "kind", $"类别 {category.Id} 下没有类型“{kindId}”；可选：{string.Join(", ", category.Kinds.Select(k => k.Id))}",
                $"unknown kind '{kindId}' in category {category.Id}; known: {string.Join(", ", category.Kinds.Select(k => k.Id))}");
        var status = FacilityStatus.Existing;
        if (statusText is not null && !DomainIds.TryParseStatus(statusText, out status))
            fields.Add(at, "status", $"未知状态“{statusText}”；可选：{string.Join(", ", DomainIds.StatusIds)}",
                $"unknown status '{statusText}'; known: {string.Join(", ", DomainIds.StatusIds)}");
        if (geom is not null && category is not null && (kindId is null || kind is not null))
            CheckShape(geom, category, kind, fields);
        fields.ThrowIfAny();
        return new Facility
        {
            Id = id, Name = name!, Category = category!.Id, Kind = kind?.Id, Status = status, Capacity = capacity, Town = town,
            Geometry = geom!, Source = source, SourceId = id,
        };
    }

    /// <summary>Point for most kinds, a line for trails: as the seeds say.</summary>
    public static void CheckShape(Geometry geom, FacilityCategory category, FacilityKind? kind, JsonFields fields)
    {
        var shape = geom is Point ? FacilityGeometryKind.Point : FacilityGeometryKind.Line;
        if (category.Accepts(kind?.Id, shape)) return;
        var what = kind is null ? category.Id : $"{category.Id}/{kind.Id}";
        fields.Add("geometry", "type", shape == FacilityGeometryKind.Point ? $"{what} 需要线（LineString），而不是点" : $"{what} 需要点（Point），而不是线",
            shape == FacilityGeometryKind.Point ? $"{what} needs a LineString, not a Point" : $"{what} needs a Point, not a {geom.GeometryType}");
    }

    static string Known(SeedCatalog seeds) => string.Join(", ", seeds.Categories.Select(c => c.Id));
}
