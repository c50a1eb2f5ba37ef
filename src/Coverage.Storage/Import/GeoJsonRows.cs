using Coverage.Core;
using System.Text.Json;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Storage.Import;

/// <summary>GeoJSON FeatureCollection rows (read by <see cref="GeoJsonLayer"/>): properties by canonical name, geometry per feature (a bad one fails only its feature).</summary>
static class GeoJsonRows
{
    public static IEnumerable<RawRow> Read(byte[] bytes, CrsSpec? stated, ICollection<ImportWarning> warnings)
    {
        var source = GeoJsonLayer.Open(bytes, warnings);
        var crs = LayerCrs.Declaration(stated, source, warnings);
        if (crs is { IsWgs84: false })
            warnings.Add(new($"坐标已从 {crs.Name} 转换为 WGS84", $"coordinates reprojected from {crs.Name} to WGS84"));
        var ignored = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in source.Records)
        {
            var fields = RawRow.Canonicalise(r.Columns, ignored);
            if (r.FeatureId is { } fid && !fields.ContainsKey(FieldNames.Id)) fields[FieldNames.Id] = fid;
            var geometry = r.Geometry is not null && crs is not null ? crs.ToWgs84(r.Geometry) : r.Geometry;
            yield return new RawRow(RowLocation.Feature(r.Number), fields, geometry) { GeometryError = r.GeometryError };
        }
        if (ignored.Count > 0)
            warnings.Add(new($"已忽略无法识别的属性：{string.Join("、", ignored)}", $"ignored unknown properties: {string.Join(", ", ignored)}"));
    }
}

/// <summary>
/// A GeoJSON FeatureCollection as stored. RFC 7946 GeoJSON is WGS84 and says nothing; the 2008 "crs" member
/// (which ogr2ogr still writes for other systems) is the declared CRS when present.
/// </summary>
static class GeoJsonLayer
{
    static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    public static LayerSource Open(byte[] bytes, ICollection<ImportWarning> warnings)
    {
        CheckUtf8(bytes);
        if (GeoJsonStream.TryRead(bytes) is { } plain) return Opened(plain, warnings);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new ImportFormatException($"不是有效的 JSON（第 {e.LineNumber + 1} 行）", $"not valid JSON (line {e.LineNumber + 1}): {ShownValue.Of(e.Message)}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new ImportFormatException("不是 GeoJSON FeatureCollection（缺少 features 数组）", "not a GeoJSON FeatureCollection (no 'features' array)");
            if (root.TryGetProperty("synthetic", out var synthetic) && synthetic.ValueKind == JsonValueKind.True)
                warnings.Add(SyntheticWarning);
            var records = new List<LayerRecord>();
            int n = 0;
            foreach (var feature in features.EnumerateArray()) records.Add(Record(feature, ++n));
            return new LayerSource(records, Declared(root.TryGetProperty("crs", out var crs) ? crs : default), DeclaredBy);
        }
    }

    static readonly Bilingual DeclaredBy = new("GeoJSON 的 crs 成员", "the GeoJSON 'crs' member");

    /// <summary>The layer of a file <see cref="GeoJsonStream"/> read: the warning and declaration the JsonDocument path gives, in its order.</summary>
    static LayerSource Opened(GeoJsonStream.Collection plain, ICollection<ImportWarning> warnings)
    {
        if (plain.Synthetic) warnings.Add(SyntheticWarning);
        if (plain.CrsJson is null) return new LayerSource(plain.Records, null, DeclaredBy);
        using var crs = JsonDocument.Parse(plain.CrsJson);
        return new LayerSource(plain.Records, Declared(crs.RootElement), DeclaredBy);
    }

    static readonly ImportWarning SyntheticWarning = new("此文件为合成演示数据（synthetic: true）", "this file is synthetic demo data (synthetic: true)");

    /// <summary>The "crs" member's named system ({"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4549"}}), or null.</summary>
    static WktCrs? Declared(JsonElement crs)
    {
        if (crs.ValueKind != JsonValueKind.Object) return null;
        string? name = crs.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString() : null;
        if (name is null) return null;
        return CrsSpec.TryParse(name) is { } spec && WktCrs.From(spec) is { } wkt ? wkt
            : throw new ImportFormatException($"GeoJSON 的 crs 成员“{name}”不受支持；可选：{CrsSpec.Accepted}，或在 GIS 中导出为 WGS84",
                $"the GeoJSON 'crs' member '{name}' is not supported; accepted: {CrsSpec.Accepted}, or export as WGS84");
    }

    /// <summary>One feature's record; an entry that is not an object (null, a number) or holds an unreadable string is a whole-file error naming it.</summary>
    static LayerRecord Record(JsonElement feature, int n)
    {
        if (feature.ValueKind != JsonValueKind.Object)
            throw new ImportFormatException($"features 数组的第 {n} 项是 {Kind(feature)}，不是 Feature 对象；请删除或改正这一项",
                $"entry {n} of 'features' is {Kind(feature)}, not a Feature object; remove or correct it");
        try
        {
            var columns = new List<KeyValuePair<string, string?>>();
            if (feature.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                foreach (var p in props.EnumerateObject()) columns.Add(new(p.Name, Text(p.Value)));
            var (geometry, problem) = ReadGeometry(feature);
            return new LayerRecord(n, columns, geometry, problem) { FeatureId = feature.TryGetProperty("id", out var fid) ? Text(fid) : null };
        }
        catch (InvalidOperationException)
        {
            throw new ImportFormatException($"第 {n} 个要素含有无效的字符串（如单独的代理项 \\udfff）；请改正该要素的文字",
                $"feature {n} holds an invalid string (such as a lone surrogate \\udfff); correct that feature's text");
        }
    }

    static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => "null", JsonValueKind.Number => $"数字/number {e.GetRawText()}", JsonValueKind.String => "string",
        JsonValueKind.Array => "array", _ => e.ValueKind.ToString().ToLowerInvariant(),
    };

    /// <summary>GeoJSON is UTF-8 (RFC 7946 §1, RFC 8259 §8.1); anything else is named with its byte position, not read as garbage.</summary>
    static void CheckUtf8(byte[] bytes)
    {
        try { _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes); }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new ImportFormatException($"GeoJSON 必须是 UTF-8 编码，但第 {e.Index} 字节附近不是；请另存为 UTF-8",
                $"GeoJSON must be UTF-8 but is not near byte {e.Index}; save it as UTF-8");
        }
    }

    /// <summary>Why a feature without a "geometry" member (or with null) has no geometry.</summary>
    internal static readonly (string, string) NoGeometry = ("要素没有几何", "feature has no geometry");

    static (Geometry?, (string, string)?) ReadGeometry(JsonElement feature) =>
        !feature.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null ? (null, NoGeometry) : GeometryOf(g);

    /// <summary>A "geometry" member's value read by NTS's converter, or why it cannot be read.</summary>
    internal static (Geometry?, (string, string)?) GeometryOf(JsonElement g)
    {
        try { return (g.Deserialize<Geometry>(Options), null); }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException or FormatException)
        {
            return (null, ($"几何无法读取：{e.Message}", $"geometry cannot be read: {e.Message}"));
        }
    }

    internal static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText(),
    };
}
