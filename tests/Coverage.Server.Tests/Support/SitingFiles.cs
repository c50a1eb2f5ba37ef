using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.VisualBasic.FileIO;
using MiniExcelLibs;

namespace Coverage.Server.Tests.Support;

/// <summary>
/// Reads a sites table back from each file format with a plain reader (TextFieldParser, System.Text.Json, MiniExcel), as
/// rows of cells in column order, numbers normalised, so the formats and the JSON answer can be compared cell by cell.
/// </summary>
public static class SitingFiles
{
    /// <summary>The headings a planner sees in the CSV and the spreadsheet, in order (what issue 12 asked for).</summary>
    public static readonly string[] ChineseHeadings =
    [
        "序号", "名称", "名称（英文）", "所属镇", "最近村庄", "距最近村庄（米）", "最近道路", "道路编号（OSM way）", "经度", "纬度",
        "新增覆盖人口（人）", "新增覆盖老年人口（60岁及以上，人）", "新覆盖村庄", "新覆盖村庄数（个）", "方案质量", "候选点编号",
    ];

    public static (string[] Headings, List<string[]> Rows) Csv(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "CSV starts with a UTF-8 BOM (Excel reads Chinese)");
        using var parser = new TextFieldParser(new MemoryStream(bytes), Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var headings = parser.ReadFields()!;
        var rows = new List<string[]>();
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!.Select(Cell).ToArray());
        return (headings, rows);
    }

    /// <summary>GeoJSON: properties in order (machine ids) and each point's coordinates.</summary>
    public static (string[] Ids, List<string[]> Rows, List<(double Lon, double Lat)> Points) GeoJson(byte[] bytes)
    {
        var features = JsonDocument.Parse(bytes).RootElement.GetProperty("features").EnumerateArray().ToList();
        var ids = features.Count == 0 ? [] : features[0].GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();
        var rows = features.Select(f => f.GetProperty("properties").EnumerateObject().Select(p => Cell(p.Value)).ToArray()).ToList();
        var points = features.Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
            .Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToList();
        return (ids, rows, points);
    }

    public static (string[] Headings, List<string[]> Rows) Xlsx(byte[] bytes)
    {
        var rows = MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().ToList();
        var headings = rows.Count == 0 ? [] : rows[0].Keys.ToArray();
        return (headings, rows.Select(r => r.Values.Select(v => Cell(v?.ToString())).ToArray()).ToList());
    }

    /// <summary>The API's table rows (JSON arrays).</summary>
    public static List<string[]> Json(JsonElement table) =>
        table.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(Cell).ToArray()).ToList();

    static string Cell(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.Number => Cell(v.GetRawText()),
        JsonValueKind.String => Cell(v.GetString()),
        _ => v.GetRawText(),
    };

    /// <summary>Numbers to 7 decimals (what every writer keeps for degrees; people are given to 2), text as is, empty for none.</summary>
    static string Cell(string? text) =>
        string.IsNullOrEmpty(text) ? ""
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Math.Round(d, 7).ToString("R", CultureInfo.InvariantCulture)
        : text;
}
