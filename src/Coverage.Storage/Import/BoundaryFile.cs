using Coverage.Core;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace Coverage.Storage.Import;

/// <summary>A county boundary as read: its (multi)polygon in WGS84 and what the reader noticed (CRS used, encoding).</summary>
public sealed record BoundaryRead(Geometry Polygon, IReadOnlyList<ImportWarning> Warnings);

/// <summary>
/// Reads a county boundary polygon from GeoJSON, Shapefile (its .prj honoured) or GeoPackage through the importers' own
/// readers, removes a GCJ-02/BD-09 offset when told to, and unions every feature into one polygonal geometry (a county
/// drawn as several parts, e.g. with islands, stays one boundary). Anything that is not a polygon — a line, points, an
/// empty layer — is refused with a bilingual message naming the file and the feature.
/// Seam for i11-crs: when `GisLayerFile.Read(path, layer, crs, hintLon, warnings)` lands, it replaces the row readers
/// here (and brings Gauss–Krüger zones and the CRS guess with its reason).
/// </summary>
public static class BoundaryFile
{
    public static BoundaryRead Read(string path, SourceCrs crs = SourceCrs.Wgs84)
    {
        if (!File.Exists(path))
            throw new InputException($"找不到边界文件：{path}", $"Boundary file not found: {path}");
        var warnings = new List<ImportWarning>();
        var parts = new List<Geometry>();
        try
        {
            foreach (var row in Rows(path, warnings))
            {
                if (row.Geometry is not { IsEmpty: false } g)
                    throw Refuse(path, $"{row.Where.Zh}没有几何", $"{row.Where.En} has no geometry");
                if (g is not (Polygon or MultiPolygon))
                    throw Refuse(path, $"{row.Where.Zh}是 {g.GeometryType}，不是面（Polygon）；请给出县域边界面图层",
                        $"{row.Where.En} is a {g.GeometryType}, not a polygon; give the county's boundary polygon layer");
                var wgs = crs == SourceCrs.Wgs84 ? g : ToWgs84(g, crs);
                if (!wgs.IsValid) wgs = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(wgs);
                parts.Add(wgs);
            }
        }
        catch (ImportFormatException e) { throw Refuse(path, e.Zh, e.En); }
        if (parts.Count == 0) throw Refuse(path, "文件中没有面要素", "the file holds no polygon feature");
        var union = parts.Count == 1 ? parts[0] : UnaryUnionOp.Union(parts);
        if (union is not (Polygon or MultiPolygon) || union.IsEmpty)
            throw Refuse(path, "边界合并后不是面", "the boundary's features do not union to a polygon");
        foreach (var c in union.Coordinates)
            if (!Geodesy.IsValidLonLat(c.X, c.Y))
                throw Refuse(path, $"坐标 {c.X},{c.Y} 不是经纬度；请用 --crs 说明坐标系或附上 .prj",
                    $"coordinate {c.X},{c.Y} is not a longitude/latitude; name its CRS with --crs or add a .prj");
        union.SRID = 4326;
        return new BoundaryRead(union, warnings);
    }

    static IEnumerable<RawRow> Rows(string path, List<ImportWarning> warnings)
    {
        string lower = path.ToLowerInvariant();
        if (lower.EndsWith(".geojson") || lower.EndsWith(".json")) return GeoJsonRows.Read(File.ReadAllBytes(path), warnings);
        if (lower.EndsWith(".shp")) return ShapefileRows.Read(path, warnings);
        if (lower.EndsWith(".gpkg")) return GeoPackageRows.Read(path, null, "boundary", warnings);
        throw new ImportFormatException("边界文件须为 .geojson、.shp 或 .gpkg", "the boundary must be a .geojson, .shp or .gpkg file");
    }

    static Geometry ToWgs84(Geometry g, SourceCrs crs)
    {
        var copy = g.Copy();
        copy.Apply(new CoordinateConverter(crs));
        copy.GeometryChanged();
        return copy;
    }

    sealed class CoordinateConverter(SourceCrs crs) : IEntireCoordinateSequenceFilter
    {
        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var p = ChinaCoordinates.ToWgs84(new LonLat(seq.GetX(i), seq.GetY(i)), crs).Wgs84;
                seq.SetX(i, p.Lon);
                seq.SetY(i, p.Lat);
            }
        }
        public bool Done => false;
        public bool GeometryChanged => true;
    }

    static InputException Refuse(string path, string zh, string en) =>
        new($"县域边界无法使用：{Path.GetFileName(path)}：{zh}", $"County boundary unusable: {Path.GetFileName(path)}: {en}");
}
