using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Features;
using MiniExcelLibs;
using NetTopologySuite.IO.Converters;

namespace Coverage.Analysis.Reports;

/// <summary>
/// CSV (UTF-8 with BOM, so Excel opens Chinese text; formula-like text defused), GeoJSON (RFC 7946) and .xlsx of a report
/// table. Headings: the columns' machine ids, or their Chinese headings for a file a planner opens in a spreadsheet.
/// </summary>
public static class TableWriters
{
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static void WriteCsv(ReportTable table, Stream output, bool chineseHeadings = false)
    {
        using var w = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        w.Write(string.Join(",", table.Columns.Select(c => Quote(chineseHeadings ? c.Zh : c.Id))));
        w.Write("\r\n");
        foreach (var row in table.Rows)
        {
            w.Write(string.Join(",", row.Select((v, c) => Quote(Defused(v, table.Columns[c].Kind)))));
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
            for (int c = 0; c < table.Columns.Count; c++) attributes.Add(table.Columns[c].Id, JsonValue(table.Rows[i][c], table.Columns[c].Kind));
            features.Add(new Feature(table.Geometries?[i], attributes));
        }
        JsonSerializer.Serialize(output, features, GeoJson);
    }

    /// <summary>
    /// One worksheet named by the table's Chinese title, Chinese headings, numbers as numbers. Cells are written as values,
    /// never formulas, so a planner's "=..." name stays text.
    /// </summary>
    public static void WriteXlsx(ReportTable table, Stream output) => WriteXlsx([table], output);

    /// <summary>
    /// A workbook with one worksheet per table, in order (the report's tables side by side, as the HTML report shows them).
    /// A share (0–1) says so in its heading, as the other columns carry their units (人, 分钟, 米).
    /// </summary>
    public static void WriteXlsx(IReadOnlyList<ReportTable> tables, Stream output)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var table in tables)
        {
            var headings = table.Columns.Select(XlsxHeading).ToList();
            var rows = table.Rows.Select(row =>
            {
                var cells = new Dictionary<string, object?>();
                for (int c = 0; c < table.Columns.Count; c++) cells[headings[c]] = JsonValue(row[c], table.Columns[c].Kind);
                return cells;
            }).ToList();
            sheets[UniqueSheetName(SheetName(table.TitleZh), sheets.Keys)] = rows.Count > 0 ? rows : HeadingsOnly(headings);
        }
        MiniExcel.SaveAs(output, sheets, excelType: ExcelType.XLSX);
    }

    static string XlsxHeading(ReportColumn c) => c.Kind == ColumnKind.Share && !c.Zh.Contains('（') ? $"{c.Zh}（0–1）" : c.Zh;

    static string UniqueSheetName(string name, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (int n = 2; used.Contains(name); n++) name = $"{name[..Math.Min(28, name.Length)]} {n}";
        return name;
    }

    /// <summary>An empty table still carries its headings (a list of no rows would give a blank sheet).</summary>
    static System.Data.DataTable HeadingsOnly(IEnumerable<string> headings)
    {
        var data = new System.Data.DataTable();
        foreach (var h in headings) data.Columns.Add(h, typeof(string));
        return data;
    }

    /// <summary>Excel sheet names: at most 31 characters, none of : \ / ? * [ ].</summary>
    static string SheetName(string title)
    {
        var clean = new string(title.Select(ch => ":\\/?*[]".Contains(ch) ? ' ' : ch).ToArray()).Trim();
        return clean.Length == 0 ? "Sheet1" : clean[..Math.Min(31, clean.Length)];
    }

    /// <summary>Invariant text of a cell: numbers round-trip, booleans as true/false, null as empty.</summary>
    public static string Format(object? value, ColumnKind kind = ColumnKind.Number) => value switch
    {
        null => "",
        double d when kind == ColumnKind.Degrees => double.IsFinite(d) ? Math.Round(d, 7).ToString("0.#######", CultureInfo.InvariantCulture) : "",
        double d => double.IsFinite(d) ? Math.Round(d, 4).ToString("0.####", CultureInfo.InvariantCulture) : "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Text starting with = + - @ gets a leading apostrophe: a name typed by a planner must never run as a spreadsheet formula.</summary>
    static string Defused(object? value, ColumnKind kind) =>
        value is string s && s.Length > 0 && "=+-@".Contains(s[0]) ? "'" + s : Format(value, kind);

    static object? JsonValue(object? v, ColumnKind kind) =>
        v is double d && !double.IsFinite(d) ? null : v is double x ? Math.Round(x, kind == ColumnKind.Degrees ? 7 : 6) : v;

    static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
