using Coverage.Core;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Import;

/// <summary>Which geometries a caller of <see cref="GisLayerFile"/> wants.</summary>
public enum GisGeometryKind
{
    /// <summary>Lines (road centrelines): LineString, and MultiLineString split into its parts.</summary>
    Lines,
    /// <summary>Areas (a county boundary): Polygon and MultiPolygon, kept whole.</summary>
    Polygons,
}

/// <summary>
/// A layer read by <see cref="GisLayerFile.Read"/>: its features in WGS84, the coordinate system used and why (the
/// region health report prints <see cref="Reason"/>), and whether it was guessed from the numbers.
/// </summary>
public sealed record GisLayer(IReadOnlyList<GisFeature> Features, string CrsName, Bilingual Reason, bool Guessed);

/// <summary>
/// Reads any planner's GIS layer (Shapefile with .prj/.cpg, GeoPackage, GeoJSON) into WGS84 <see cref="GisFeature"/>s,
/// through the same per-format readers as the plan importers. The coordinate system, in order: the planner's --crs
/// (GCJ-02/BD-09 on top of a geographic .prj; any other --crs over the .prj, with a warning when they disagree); the
/// file's own declaration; a guess from the coordinate ranges (<see cref="CrsSpec.Guess"/>, with the hint longitude for
/// zones without a prefix). Every problem is an <see cref="ImportFormatException"/> naming the file (and the feature).
/// </summary>
public static class GisLayerFile
{
    /// <summary>Reads <paramref name="path"/>; <paramref name="layer"/> picks a GeoPackage layer (null: the only one).</summary>
    public static GisLayer Read(string path, string? layer, CrsSpec? crs, double? hintLon, ICollection<ImportWarning> warnings,
        GisGeometryKind kind = GisGeometryKind.Lines)
    {
        string file = Path.GetFileName(path);
        try
        {
            InputText.CheckSize(path, long.MaxValue);
            var source = Open(path, layer, warnings);
            var records = source.Records.ToList();
            var (transform, spec, name, reason, guessed) = Choose(crs, source, records, hintLon, warnings);
            var features = Features(records, transform, spec, kind, warnings);
            if (features.Count == 0)
                throw new ImportFormatException("图层中没有可用的要素", "the layer holds no usable features");
            return new GisLayer(features, name, reason, guessed);
        }
        catch (InputException e) when (!e.Text.Zh.StartsWith(file, StringComparison.Ordinal))
        {
            throw new ImportFormatException($"{file}：{e.Text.Zh}", $"{file}: {e.Text.En}");
        }
    }

    static LayerSource Open(string path, string? layer, ICollection<ImportWarning> warnings)
    {
        string lower = path.ToLowerInvariant();
        if (layer is not null && !lower.EndsWith(".gpkg"))
            throw new ImportFormatException("图层名只适用于 GeoPackage（.gpkg）文件", "a layer name applies to GeoPackage (.gpkg) files only");
        if (lower.EndsWith(".shp")) return ShapefileLayer.Open(path, warnings);
        if (lower.EndsWith(".gpkg")) return GeoPackageLayer.Open(path, layer, null);
        if (lower.EndsWith(".geojson") || lower.EndsWith(".json")) return GeoJsonLayer.Open(File.ReadAllBytes(path), warnings);
        throw new ImportFormatException("不支持的图层文件类型（支持 .shp .gpkg .geojson .json）", "unsupported layer file type (supported: .shp .gpkg .geojson .json)");
    }

    /// <summary>The transform to WGS84, its name, why, and whether it was guessed; the precedence is <see cref="LayerCrs"/>'s.</summary>
    static (Func<Geometry, Geometry> ToWgs84, CrsSpec? Spec, string Name, Bilingual Reason, bool Guessed) Choose(CrsSpec? stated, LayerSource source,
        List<LayerRecord> records, double? hintLon, ICollection<ImportWarning> warnings)
    {
        var declared = LayerCrs.Declaration(stated, source, warnings);
        if (declared is not null && stated is null)
            return (declared.ToWgs84, null, declared.Name, LayerCrs.DeclaredReason(source, null), false);
        if (stated is not null)
        {
            var reason = source.Declared is { IsWgs84: true } && stated.Kind == CrsKind.Offset
                ? LayerCrs.DeclaredReason(source, stated)
                : new Bilingual($"按 --crs 指定的 {stated} 读取", $"read as {stated}, as --crs says");
            return (Offsetting(stated, warnings), stated, stated.ToString(), reason, false);
        }
        var extent = new Envelope();
        foreach (var r in records) if (r.Geometry is { IsEmpty: false } g) extent.ExpandToInclude(g.EnvelopeInternal);
        var guess = CrsSpec.Guess(extent, hintLon);
        return (Offsetting(guess.Crs, warnings), guess.Crs, guess.Crs.ToString(), guess.Reason, true);
    }

    /// <summary>The spec's transform, with one warning at the end counting GCJ-02/BD-09 vertices outside China left as given.</summary>
    static Func<Geometry, Geometry> Offsetting(CrsSpec crs, ICollection<ImportWarning> warnings)
    {
        int reported = 0;
        return g =>
        {
            var wgs = crs.ToWgs84(g, out int left);
            if (left > 0 && reported++ == 0)
                warnings.Add(new($"有坐标位于中国境外，{crs.Name} 偏移不适用，按 WGS84 保留", $"some coordinates lie outside China where the {crs.Name} offset does not apply; left as WGS84"));
            return wgs;
        };
    }

    static List<GisFeature> Features(List<LayerRecord> records, Func<Geometry, Geometry> toWgs84, CrsSpec? spec, GisGeometryKind kind,
        ICollection<ImportWarning> warnings)
    {
        var features = new List<GisFeature>();
        int missing = 0;
        foreach (var r in records)
        {
            if (r.Geometry is null && r.GeometryError is { } problem && problem.En != "feature has no geometry")
                throw Feature(r, problem.Zh, problem.En);
            if (r.Geometry is not { IsEmpty: false } raw) { missing++; continue; }
            CheckKind(r, raw, kind);
            var wgs = toWgs84(raw);
            CheckRange(r, raw, wgs, spec);
            foreach (var part in Parts(wgs, kind)) features.Add(new GisFeature(part, r.Columns, r.Number));
        }
        if (missing > 0)
            warnings.Add(new($"{missing} 个要素没有几何或几何为空，已跳过", $"{missing} features without geometry (or empty) skipped"));
        return features;
    }

    static IEnumerable<Geometry> Parts(Geometry g, GisGeometryKind kind)
    {
        if (kind == GisGeometryKind.Polygons || g is not MultiLineString) { yield return g; yield break; }
        for (int i = 0; i < g.NumGeometries; i++)
            if (!g.GetGeometryN(i).IsEmpty) yield return g.GetGeometryN(i);
    }

    static void CheckKind(LayerRecord r, Geometry g, GisGeometryKind kind)
    {
        bool fits = kind == GisGeometryKind.Lines ? g is LineString or MultiLineString : g is Polygon or MultiPolygon;
        if (fits) return;
        var (zh, en) = kind == GisGeometryKind.Lines ? ("线", "lines") : ("面", "polygons");
        throw Feature(r, $"几何是 {g.GeometryType}，此处需要{zh}图层；请选对图层或在 GIS 中转换",
            $"the geometry is a {g.GeometryType} but {en} are needed here; pick the right layer or convert it in GIS");
    }

    /// <summary>
    /// Every vertex is a real lon/lat after the transform, within the named system's reach (<see cref="CrsSpec.Covers"/>):
    /// a wrong CRS gives NaN, numbers far outside, or places far from the zone.
    /// </summary>
    static void CheckRange(LayerRecord r, Geometry raw, Geometry wgs, CrsSpec? spec)
    {
        var converted = wgs.Coordinates;
        for (int i = 0; i < converted.Length; i++)
        {
            var c = converted[i];
            if (spec?.Covers(new LonLat(c.X, c.Y)) ?? Geodesy.IsValidLonLat(c.X, c.Y)) continue;
            var o = raw.Coordinates[i];
            throw Feature(r, $"坐标 ({F(o.X)}, {F(o.Y)}) 转换后为 ({F(c.X)}, {F(c.Y)})，超出经纬度范围或坐标系的适用范围；坐标系可能不对，请用 --crs 指明",
                $"coordinate ({F(o.X)}, {F(o.Y)}) becomes ({F(c.X)}, {F(c.Y)}), outside longitude/latitude ranges or the coordinate system's reach; the coordinate system looks wrong: name it with --crs");
        }
    }

    static string F(double v) => v.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);

    static ImportFormatException Feature(LayerRecord r, string zh, string en) => new($"第 {r.Number} 个要素：{zh}", $"feature {r.Number}: {en}");
}
