using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Coverage.Analysis.Reports;

/// <summary>CSV (UTF-8 with BOM, so Excel opens Chinese text; formula-like text defused) and GeoJSON (RFC 7946) of a report table.</summary>
public static class TableWriters
{
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static void WriteCsv(ReportTable table, Stream output)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        w.Write(string.Join(",", table.Columns.Select(c => Quote(c.Id))));
        w.Write("\r\n");
        foreach (var row in table.Rows)
        {
            w.Write(string.Join(",", row.Select(v => Quote(Defused(v)))));
            w.Write("\r\n");
        }
    }

    /// <summary>A FeatureCollection, one feature per row (geometry null where the row has none).</summary>
    public static void WriteGeoJson(ReportTable table, Stream output)
    {
        var features = new FeatureCollection();
        for (int i = 0; i < table.Rows.Count; i++)
        {
            var attributes = new AttributesTable();
            for (int c = 0; c < table.Columns.Count; c++) attributes.Add(table.Columns[c].Id, JsonValue(table.Rows[i][c]));
            features.Add(new Feature(table.Geometries?[i], attributes));
        }
        JsonSerializer.Serialize(output, features, GeoJson);
    }

    /// <summary>Invariant text of a cell: numbers round-trip, booleans as true/false, null as empty.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => double.IsFinite(d) ? Math.Round(d, 4).ToString("0.####", CultureInfo.InvariantCulture) : "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Text starting with = + - @ gets a leading apostrophe: a name typed by a planner must never run as a spreadsheet formula.</summary>
    static string Defused(object? value) =>
        value is string s && s.Length > 0 && "=+-@".Contains(s[0]) ? "'" + s : Format(value);

    static object? JsonValue(object? v) => v is double d && !double.IsFinite(d) ? null : v is double x ? Math.Round(x, 6) : v;

    static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
