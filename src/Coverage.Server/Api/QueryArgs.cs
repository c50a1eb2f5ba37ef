using Coverage.Core.Rules;
using System.Globalization;
using Coverage.Core;
using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>Query-string parameters checked at the edge: a bad one is a 400 naming the parameter, never ignored.</summary>
public static class QueryArgs
{
    /// <summary>"minLon,minLat,maxLon,maxLat" in WGS84, or null when absent.</summary>
    public static Envelope? Bbox(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var v = new double[4];
        if (parts.Length != 4 || parts.Where((p, i) => !double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out v[i])).Any()
            || v.Any(x => !double.IsFinite(x)))
            throw RequestProblem.Invalid("query", "bbox", $"bbox 应为 最小经度,最小纬度,最大经度,最大纬度 四个数，而不是“{Short(text)}”",
                $"bbox must be minLon,minLat,maxLon,maxLat (four numbers), not '{Short(text)}'");
        if (!Geodesy.IsValidLonLat(v[0], v[1]) || !Geodesy.IsValidLonLat(v[2], v[3]) || v[0] > v[2] || v[1] > v[3])
            throw RequestProblem.Invalid("query", "bbox", "bbox 超出范围或最小值大于最大值（经度 -180~180，纬度 -90~90）",
                "bbox is out of range or its minimum exceeds its maximum (lon -180..180, lat -90..90)");
        return new Envelope(v[0], v[2], v[1], v[3]);
    }

    /// <summary>A comma-separated list, each item checked against the known values; null when absent.</summary>
    public static IReadOnlyList<T>? List<T>(string? text, string name, Func<string, T?> parse, IEnumerable<string> known) where T : struct
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var items = new List<T>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (parse(part) is { } value) items.Add(value);
            else throw Unknown(name, part, known);
        }
        return items;
    }

    public static IReadOnlyList<string>? Names(string? text, string name, Func<string, string?> canonical, IEnumerable<string> known)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => canonical(p) ?? throw Unknown(name, p, known)).ToList();
    }

    /// <summary>true/false (also 1/0), or null when absent.</summary>
    public static bool? Flag(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw RequestProblem.Invalid("query", name, $"{name} 应为 true 或 false，而不是“{Short(text)}”",
                $"{name} must be true or false, not '{Short(text)}'"),
        };
    }

    /// <summary>A whole number from 1 to max, or null when absent.</summary>
    public static int? PositiveInt(string? text, string name, int max = 1_000_000)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > max)
            throw RequestProblem.Invalid("query", name, $"{name} 应为 1 到 {max} 之间的整数，而不是“{Short(text)}”",
                $"{name} must be a whole number from 1 to {max}, not '{Short(text)}'");
        return n;
    }

    /// <summary>Free text (a town name): at most 200 printable characters.</summary>
    public static string? Text(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length > TextRules.MaxNameLength || text.Any(char.IsControl))
            throw RequestProblem.Invalid("query", name, $"{name} 太长或含控制字符", $"{name} is too long or contains control characters");
        return text.Trim();
    }

    static RequestProblem Unknown(string name, string value, IEnumerable<string> known) =>
        RequestProblem.Invalid("query", name, $"{name} 的值“{Short(value)}”未知；可选：{string.Join(", ", known)}",
            $"unknown {name} '{Short(value)}'; known: {string.Join(", ", known)}");

    /// <summary>A query value as an answer repeats it: escaped and cut to 60 characters (<see cref="ShownValue"/>), so a long address cannot make a long answer.</summary>
    public static string Short(string s) => ShownValue.Of(s);
}
