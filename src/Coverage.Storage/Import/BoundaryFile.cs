using Coverage.Core;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Coverage.Storage.Import;

/// <summary>A county boundary as read: its (multi)polygon in WGS84, the coordinate system used and why, and reader notes.</summary>
public sealed record BoundaryRead(Geometry Polygon, string CrsName, Bilingual CrsReason, IReadOnlyList<ImportWarning> Warnings);

/// <summary>
/// Reads a county boundary polygon from GeoJSON, Shapefile or GeoPackage in any supported CRS (<see cref="GisLayerFile"/>:
/// --crs, else the file's .prj/srs, else a guess with its reason) and unions every feature into one polygonal geometry
/// (a county drawn as several parts, e.g. with islands, stays one boundary). Anything that is not a polygon — a line,
/// points, an empty layer — is refused with a bilingual message naming the file and the feature.
/// </summary>
public static class BoundaryFile
{
    public static BoundaryRead Read(string path, CrsSpec? crs = null)
    {
        if (!File.Exists(path))
            throw new InputException($"找不到边界文件：{path}", $"Boundary file not found: {path}");
        var warnings = new List<ImportWarning>();
        GisLayer layer;
        try { layer = GisLayerFile.Read(path, null, crs, null, warnings, GisGeometryKind.Polygons); }
        catch (InputException e) { throw Refuse(path, e.Text.Zh, e.Text.En); }
        var parts = layer.Features.Select(f => f.Geometry.IsValid ? f.Geometry : NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(f.Geometry)).ToList();
        var union = parts.Count == 1 ? parts[0] : UnaryUnionOp.Union(parts);
        if (union is not (Polygon or MultiPolygon) || union.IsEmpty)
            throw Refuse(path, "边界合并后不是面", "the boundary's features do not union to a polygon");
        union.SRID = 4326;
        return new BoundaryRead(union, layer.CrsName, layer.Reason, warnings);
    }

    static InputException Refuse(string path, string zh, string en) =>
        new($"县域边界无法使用：{zh}", $"County boundary unusable: {en}");
}
