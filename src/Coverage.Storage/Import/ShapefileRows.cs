using System.Globalization;
using System.Text;
using Coverage.Core.Geo;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Coverage.Storage.Import;

/// <summary>
/// ESRI Shapefile rows for the plan importers (read by <see cref="ShapefileLayer"/>). A .prj other than WGS84 is
/// reprojected with ProjNet; without a .prj or --crs WGS84 is assumed (and said).
/// </summary>
static class ShapefileRows
{
    public static IEnumerable<RawRow> Read(string shpPath, CrsSpec? stated, ICollection<ImportWarning> warnings)
    {
        var source = ShapefileLayer.Open(shpPath, warnings);
        var crs = LayerCrs.Declaration(stated, source, warnings);
        if (source.Declared is null && stated is null)
            warnings.Add(new("没有 .prj 文件，按 WGS84 经纬度读取", "no .prj file: coordinates taken as WGS84 longitude/latitude"));
        if (crs is { IsWgs84: false })
            warnings.Add(new($"坐标已从 {crs.Name} 转换为 WGS84", $"coordinates reprojected from {crs.Name} to WGS84"));
        var ignored = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in source.Records)
        {
            var fields = RawRow.Canonicalise(r.Columns, ignored);
            var geometry = r.Geometry is null ? null : crs?.ToWgs84(r.Geometry) ?? r.Geometry;
            yield return new RawRow(RowLocation.Feature(r.Number), fields, geometry) { GeometryError = r.GeometryError };
        }
        if (ignored.Count > 0)
            warnings.Add(new($"已忽略无法识别的字段：{string.Join("、", ignored)}", $"ignored unknown fields: {string.Join(", ", ignored)}"));
    }
}

/// <summary>
/// An ESRI Shapefile layer as stored. Encoding: the .cpg when present; without one the .dbf is UTF-8 if it decodes as
/// UTF-8, else GBK (what ArcGIS on Chinese Windows writes), with a warning saying which. The .prj, when present, is the
/// declared CRS (read with ProjNet). The .shp record counts and the .dbf length are checked before the reader allocates.
/// </summary>
static class ShapefileLayer
{
    public static LayerSource Open(string shpPath, ICollection<ImportWarning> warnings)
    {
        foreach (var sibling in new[] { ".shx", ".dbf" }.Select(e => Path.ChangeExtension(shpPath, e)))
            if (!File.Exists(sibling))
                throw new ImportFormatException($"缺少 {Path.GetFileName(sibling)}（.shp、.shx、.dbf 需放在同一目录）",
                    $"{Path.GetFileName(sibling)} is missing (.shp, .shx and .dbf must sit together)");
        var encoding = DbfEncoding(shpPath, warnings);
        var (crs, crsError) = Projection(shpPath);
        Feature[] features;
        try
        {
            ShapefileCheck.Records(shpPath);
            ShapefileCheck.Attributes(Path.ChangeExtension(shpPath, ".dbf"));
        }
        catch (FileNotFoundException e)
        {
            throw new ImportFormatException($"Shapefile 无法读取：{e.Message}", $"shapefile cannot be read: {e.Message}");
        }
        try { features = Shapefile.ReadAllFeatures(shpPath, new ShapefileReaderOptions { Encoding = encoding }); }
        catch (DecoderFallbackException)
        {
            string name = encoding is UTF8Encoding ? "UTF-8" : "GBK";
            throw new ImportFormatException($"Shapefile 的属性文字不是 {name} 编码；请在 .cpg 文件中写明编码（UTF-8 或 GBK），或在 GIS 中另存为 UTF-8",
                $"the shapefile's attribute text is not {name}; name its encoding (UTF-8 or GBK) in a .cpg file, or save the layer as UTF-8 in GIS");
        }
        catch (FormatException e)
        {
            // NetTopologySuite.IO.Esri parses numbers and dates of a .dbf as it reads them: a damaged field throws here.
            var said = Coverage.Core.ShownValue.Of(e.Message, 120);
            throw new ImportFormatException($"Shapefile 的属性表（.dbf）有无法读取的值：{said}；请在 GIS 中重新导出该图层",
                $"the shapefile's attribute table (.dbf) holds a value that cannot be read: {said}; export the layer again from GIS");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException
                                      or OverflowException or IndexOutOfRangeException or InvalidCastException)
        {
            // The library's own words name an internal parameter ("minimumLength"); only their first line, cut, is quoted.
            var said = Coverage.Core.ShownValue.Of(e.Message.Split('\n')[0].Trim(), 120);
            throw new ImportFormatException($"Shapefile 已损坏或不完整，无法读取（{said}）；请确认 .shp、.shx、.dbf 是同一次导出并放在同一目录，或在 GIS 中重新导出",
                $"the shapefile is damaged or incomplete and cannot be read ({said}); check that .shp, .shx and .dbf come from one export and sit together, or export it again from GIS");
        }
        var records = features.Select((f, i) => new LayerRecord(i + 1,
            f.Attributes.GetNames().Select(n => new KeyValuePair<string, string?>(n, Text(f.Attributes[n]))).ToList(),
            f.Geometry is null ? null : SinglePart(f.Geometry),
            f.Geometry is null ? ("要素没有几何", "feature has no geometry") : null));
        return new LayerSource(records, crs, new(".prj 文件", "the .prj file")) { DeclarationError = crsError };
    }

    /// <summary>
    /// A shapefile has no single-part line or polygon type, so the reader gives a MultiLineString or MultiPolygon of one
    /// part for every record; that part is what was written (our export → import is idempotent).
    /// </summary>
    static NetTopologySuite.Geometries.Geometry SinglePart(NetTopologySuite.Geometries.Geometry g) =>
        g is NetTopologySuite.Geometries.MultiLineString or NetTopologySuite.Geometries.MultiPolygon && g.NumGeometries == 1 ? g.GetGeometryN(0) : g;

    internal static string? Text(object? v) => v switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    static Encoding DbfEncoding(string shpPath, ICollection<ImportWarning> warnings)
    {
        var cpg = Path.ChangeExtension(shpPath, ".cpg");
        if (File.Exists(cpg))
        {
            var name = File.ReadAllText(cpg).Trim();
            return name.ToUpperInvariant() switch
            {
                "UTF-8" or "UTF8" or "65001" => new UTF8Encoding(false, throwOnInvalidBytes: true),
                "GBK" or "936" or "CP936" or "GB2312" or "GB18030" or "ANSI 936" => InputText.Gb18030,
                _ => throw new ImportFormatException($".cpg 指定了不支持的编码“{name}”（支持 UTF-8、GBK）", $".cpg names an unsupported encoding '{name}' (UTF-8 and GBK are supported)"),
            };
        }
        var dbf = Path.ChangeExtension(shpPath, ".dbf");
        bool utf8 = File.Exists(dbf) && IsUtf8(Records(File.ReadAllBytes(dbf)));
        warnings.Add(utf8
            ? new("没有 .cpg 文件，属性按 UTF-8 读取", "no .cpg file: attributes read as UTF-8 (they decode as UTF-8)")
            : new("没有 .cpg 文件，属性按 GBK 读取", "no .cpg file: attributes read as GBK (they do not decode as UTF-8)"));
        return utf8 ? new UTF8Encoding(false, throwOnInvalidBytes: true) : InputText.Gb18030;
    }

    /// <summary>
    /// The record area of a .dbf: the text to sniff. The header before it holds binary counts and lengths (bytes ≥ 0x80 in
    /// any large table), which made every UTF-8 file without a .cpg look like GBK.
    /// </summary>
    static ReadOnlySpan<byte> Records(byte[] dbf)
    {
        if (dbf.Length < 32) return dbf;
        int headerLength = BitConverter.ToUInt16(dbf, 8);
        return headerLength <= dbf.Length ? dbf.AsSpan(headerLength) : [];
    }

    static bool IsUtf8(ReadOnlySpan<byte> bytes)
    {
        try { _ = new UTF8Encoding(false, true).GetCharCount(bytes); return true; }
        catch (DecoderFallbackException) { return false; }
    }

    /// <summary>The .prj's CRS (null without one), or why it cannot be used.</summary>
    static (WktCrs?, ImportFormatException?) Projection(string shpPath)
    {
        var prj = Path.ChangeExtension(shpPath, ".prj");
        if (!File.Exists(prj)) return (null, null);
        try { return (WktCrs.Parse(File.ReadAllText(prj)), null); }
        catch (FormatException e)
        {
            return (null, new ImportFormatException($".prj 坐标系无法使用，请在 GIS 中导出为 WGS84（EPSG:4326）或用 --crs 指明：{e.Message}",
                $".prj coordinate system cannot be used; export the layer as WGS84 (EPSG:4326) or name it with --crs: {e.Message}"));
        }
    }
}
