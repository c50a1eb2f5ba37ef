using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Storage.Import;

/// <summary>GeoJSON FeatureCollection rows: properties by canonical name, geometry per feature (a bad one fails only its feature).</summary>
static class GeoJsonRows
{
    static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    public static IEnumerable<RawRow> Read(byte[] bytes, ICollection<ImportWarning> warnings)
    {
        CheckUtf8(bytes);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new ImportFormatException($"不是有效的 JSON（第 {e.LineNumber + 1} 行）", $"not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new ImportFormatException("不是 GeoJSON FeatureCollection（缺少 features 数组）", "not a GeoJSON FeatureCollection (no 'features' array)");
            if (root.TryGetProperty("synthetic", out var synthetic) && synthetic.ValueKind == JsonValueKind.True)
                warnings.Add(new("此文件为合成演示数据（synthetic: true）", "this file is synthetic demo data (synthetic: true)"));
            var ignored = new SortedSet<string>(StringComparer.Ordinal);
            int n = 0;
            foreach (var feature in features.EnumerateArray()) yield return Row(feature, ++n, ignored);
            if (ignored.Count > 0)
                warnings.Add(new($"已忽略无法识别的属性：{string.Join("、", ignored)}", $"ignored unknown properties: {string.Join(", ", ignored)}"));
        }
    }

    /// <summary>One feature's row; an entry that is not an object (null, a number) or holds an unreadable string is a whole-file error naming it.</summary>
    static RawRow Row(JsonElement feature, int n, ISet<string> ignored)
    {
        var where = RowLocation.Feature(n);
        if (feature.ValueKind != JsonValueKind.Object)
            throw new ImportFormatException($"features 数组的第 {n} 项是 {Kind(feature)}，不是 Feature 对象；请删除或改正这一项",
                $"entry {n} of 'features' is {Kind(feature)}, not a Feature object; remove or correct it");
        try
        {
            var columns = new List<KeyValuePair<string, string?>>();
            if (feature.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                foreach (var p in props.EnumerateObject()) columns.Add(new(p.Name, Text(p.Value)));
            var fields = RawRow.Canonicalise(columns, ignored);
            if (feature.TryGetProperty("id", out var fid) && !fields.ContainsKey(FieldNames.Id)) fields[FieldNames.Id] = Text(fid);
            var (geometry, problem) = ReadGeometry(feature);
            return new RawRow(where, fields, geometry) { GeometryError = problem };
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

    static (Geometry?, (string, string)?) ReadGeometry(JsonElement feature)
    {
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
            return (null, ("要素没有几何", "feature has no geometry"));
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
