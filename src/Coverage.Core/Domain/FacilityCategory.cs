namespace Coverage.Core.Domain;

public enum FacilityGeometryKind { Point, Line }

/// <summary>A kind within a category, e.g. 村卫生室 (village clinic) within "clinic".</summary>
public sealed record FacilityKind(string Id, string NameZh, string NameEn);

/// <summary>A category of facility from seeds/categories.json, e.g. "elderly" (养老服务).</summary>
public sealed record FacilityCategory
{
    public required string Id { get; init; }
    public required string NameZh { get; init; }
    public required string NameEn { get; init; }
    /// <summary>Point facilities, or lines entered anywhere along their length (fitness trails).</summary>
    public FacilityGeometryKind Geometry { get; init; } = FacilityGeometryKind.Point;
    public IReadOnlyList<FacilityKind> Kinds { get; init; } = [];
    /// <summary>Map colour (CSS hex) for the web page's layer.</summary>
    public string Colour { get; init; } = "#3366cc";
}
