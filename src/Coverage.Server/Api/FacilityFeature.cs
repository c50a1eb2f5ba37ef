using System.Text.Json;
using Coverage.Core.Domain;
using Coverage.Core.Rules;
using Coverage.Core.Seeds;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>A facility as a GeoJSON Feature: properties id, name, category, kind, status, capacity, town, and version for a
/// stored one (the ETag to send back in If-Match).</summary>
public static class FacilityFeature
{
    public static Feature ToFeature(Facility f) => WithVersion(new Feature(f.Geometry, new AttributesTable
    {
        { "id", f.Id }, { "name", f.Name }, { "category", f.Category }, { "kind", f.Kind }, { "status", f.Status.ToId() },
        { "capacity", f.Capacity }, { "town", f.Town }, { "built_year", f.BuiltYear }, { "area_m2", f.AreaM2 },
    }), f.Stamp);

    /// <summary>Adds properties.version (the row's version, so a page can send it back in If-Match) when there is one.</summary>
    public static Feature WithVersion(Feature feature, VersionStamp? stamp)
    {
        if (stamp is not null) feature.Attributes.Add("version", stamp.Version);
        return feature;
    }

    public static FeatureCollection ToCollection(IEnumerable<Facility> facilities)
    {
        var fc = new FeatureCollection();
        foreach (var f in facilities) fc.Add(ToFeature(f));
        return fc;
    }

    /// <summary>
    /// Reads and validates a Feature body into a facility with the given id by the facility and geometry rules (the same
    /// as for imported files); every problem is collected and thrown as one 400.
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
        var statusText = fields.Text(props, at, "status", required: false);
        var town = fields.Text(props, at, "town", required: false);
        if (idFromRoute && fields.Text(props, at, "id", required: false) is { } given && given != id)
            fields.Add(at, "id", $"properties.id “{given}”与地址中的编号“{id}”不同", $"properties.id '{given}' differs from the id in the address '{id}'");
        var builtYear = BuiltYear(props, at, fields);
        var area = Area(props, at, fields);
        var status = FacilityRules.Status(statusText, out var statusProblem);
        if (statusProblem is not null) fields.Add(at, "status", statusProblem);
        var made = Parts(props, at, fields.Object(body, "body", "geometry", required: true), "geometry", seeds, geometry, fields);
        fields.ThrowIfAny();
        var (category, kind, capacity, geom, drawnArea) = made!.Value;
        return new Facility
        {
            Id = id, Name = name!, Category = category.Id, Kind = kind?.Id, Status = status, Capacity = capacity, Town = town,
            BuiltYear = builtYear, AreaM2 = area ?? drawnArea, Geometry = geom, Source = source, SourceId = id,
        };
    }

    /// <summary>
    /// Category, kind, capacity (from <paramref name="props"/>) and geometry (a GeoJSON geometry object found at
    /// <paramref name="geometryAt"/>) of a facility, by the facility rules; null after adding the problems to fields. An area
    /// where the kind is a point is placed at its interior point with its ground area (<see cref="FacilityRules.AreaAsPoint"/>),
    /// as the importers do.
    /// </summary>
    public static (FacilityCategory Category, FacilityKind? Kind, int? Capacity, Geometry Geometry, double? DrawnAreaM2)? Parts(JsonElement props, string at,
        JsonElement? geometryJson, string geometryAt, SeedCatalog seeds, GeometryInput geometry, JsonFields fields)
    {
        int before = fields.Count;
        var categoryText = fields.Text(props, at, "category", required: false);
        var kindText = fields.Text(props, at, "kind", required: false);
        var capacity = Capacity(props, at, fields);
        var geom = geometry.Read(geometryJson, geometryAt, fields, allowPolygon: true);
        double? drawnArea = null;
        var category = new FacilityRules(seeds).Category(categoryText, kindText, out var problem);
        FacilityKind? kind = null;
        if (category is null) fields.Add(at, "category", problem!);
        else
        {
            kind = FacilityRules.Kind(category, kindText, out problem);
            if (problem is not null) fields.Add(at, "kind", problem);
            else if (geom is not null && FacilityRules.AreaAsPoint(geom, category, kind) is var (point, areaM2)) (geom, drawnArea) = (point, areaM2);
            else if (geom is not null && FacilityRules.Shape(geom, category, kind) is { } shape) fields.Add(geometryAt, "type", shape);
        }
        if (fields.Count > before) return null;
        return (category!, kind, capacity, geom!, drawnArea);
    }

    static int? BuiltYear(JsonElement obj, string at, JsonFields fields)
    {
        if (!JsonFields.TryGet(obj, "built_year", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int year) && FacilityRules.BuiltYear(year) is null) return year;
        fields.Add(at, "built_year", FacilityRules.NotABuiltYear(JsonFields.Show(v)));
        return null;
    }

    static double? Area(JsonElement obj, string at, JsonFields fields)
    {
        if (!JsonFields.TryGet(obj, "area_m2", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        double? value = v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;
        if (FacilityRules.Area(value, JsonFields.Show(v)) is not { } problem) return value;
        fields.Add(at, "area_m2", problem);
        return null;
    }

    static int? Capacity(JsonElement obj, string at, JsonFields fields)
    {
        if (!JsonFields.TryGet(obj, "capacity", out var v)) return null;
        double? value = v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;
        if (FacilityRules.Capacity(value, JsonFields.Show(v)) is not { } problem) return (int)value!.Value;
        fields.Add(at, "capacity", problem);
        return null;
    }
}
