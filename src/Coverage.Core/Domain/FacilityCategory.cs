namespace Coverage.Core.Domain;

public enum FacilityGeometryKind { Point, Line }

/// <summary>A kind within a category, e.g. 村卫生室 (village clinic) within "clinic"; fitness trails are lines.</summary>
public sealed record FacilityKind(string Id, string NameZh, string NameEn, FacilityGeometryKind Geometry = FacilityGeometryKind.Point);

/// <summary>A category of facility from seeds/categories.json, e.g. "elderly" (养老服务).</summary>
public sealed record FacilityCategory
{
    public required string Id { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }
    public IReadOnlyList<FacilityKind> Kinds { get; init; } = [];
    /// <summary>Map colour (CSS hex) for the web page's layer.</summary>
    public string Colour { get; init; } = "#3366cc";

    /// <summary>Line when any kind is a line (fitness trails), else Point: the widest geometry the category takes.</summary>
    public FacilityGeometryKind Geometry =>
        Kinds.Any(k => k.Geometry == FacilityGeometryKind.Line) ? FacilityGeometryKind.Line : FacilityGeometryKind.Point;

    public FacilityKind? FindKind(string? kindId) =>
        kindId is null ? null : Kinds.FirstOrDefault(k => string.Equals(k.Id, kindId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Geometries a facility of this category and kind may have (a null kind takes any of the category's).</summary>
    public bool Accepts(string? kindId, FacilityGeometryKind geometry) =>
        FindKind(kindId) is { } kind ? kind.Geometry == geometry : geometry == FacilityGeometryKind.Point || Geometry == geometry;
}
