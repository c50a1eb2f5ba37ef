using System.Data;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Storage.Import;
using MiniExcelLibs;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Export;

/// <summary>
/// An Excel workbook (.xlsx) of facilities and/or settlements, one sheet each (设施, 居民点), under the Chinese headings
/// planners use and the importer reads back (名称, 类别, 经度, 纬度, 常住人口, 60岁以上人口, 所属镇街…): numbers as number
/// cells, statuses, settlement kinds and urban/rural in the words a planner types (现状, 行政村, 城镇), 经度/纬度 for points and
/// 几何 (WKT) for every row, so export → import gives the same objects.
/// </summary>
public static class XlsxExport
{
    public const string FacilitySheet = "设施", SettlementSheet = "居民点";

    /// <summary>Excel keeps at most this many characters in a cell; a longer WKT would be cut and read back as a broken shape.</summary>
    public const int MaxCellText = 32_767;

    /// <summary>A sheet of its own rows, ready for the writer.</summary>
    public sealed record Sheet(string Name, object Rows);

    public static Sheet SheetOf<T>(string name, IEnumerable<T> items, IReadOnlyList<ExportColumn<T>> columns, Func<T, Geometry> geometry)
    {
        var headings = columns.Select(c => FieldNames.ChineseHeading(c.Name))
            .Concat(new[] { FieldNames.Lon, FieldNames.Lat, FieldNames.Wkt }.Select(FieldNames.ChineseHeading)).ToList();
        var rows = new List<Dictionary<string, object?>>();
        foreach (var item in items)
        {
            var g = PlainXY.Of(geometry(item));
            var wkt = g.AsText();
            if (wkt.Length > MaxCellText)
                throw new InputException($"“{Name(columns, item)}”的几何有 {wkt.Length:N0} 个字符，超过 Excel 单元格上限 {MaxCellText:N0}；请导出为 gpkg 或 geojson",
                    $"the geometry of '{Name(columns, item)}' is {wkt.Length:N0} characters, over Excel's {MaxCellText:N0} per cell; export as gpkg or geojson instead");
            var values = columns.Select(c => InWords(c.Name, c.Value(item), typeof(T) == typeof(Settlement)))
                .Concat(g is Point p ? new object?[] { p.X, p.Y, wkt } : [null, null, wkt]).ToList();
            var row = new Dictionary<string, object?>();
            for (int i = 0; i < headings.Count; i++) row[headings[i]] = values[i];
            rows.Add(row);
        }
        return new(name, rows.Count > 0 ? rows : HeadingsOnly(headings));
    }

    /// <summary>The workbook with the given sheets, written to a temporary file and moved into place.</summary>
    public static void Write(string path, IEnumerable<Sheet> sheets) =>
        AtomicFile.Write(path, temp =>
        {
            using var file = File.Create(temp);
            MiniExcel.SaveAs(file, sheets.ToDictionary(s => s.Name, s => s.Rows), excelType: ExcelType.XLSX);
        });

    public static void Write(string path, IReadOnlyList<Facility> facilities, IReadOnlyList<Settlement> settlements) =>
        Write(path, [SheetOf(FacilitySheet, facilities, ExportColumns.Facility, f => f.Geometry),
            SheetOf(SettlementSheet, settlements, ExportColumns.Settlement, s => s.Geometry)]);

    /// <summary>A coded value as the Chinese word the importer also reads; anything else as it is.</summary>
    static object? InWords(string column, object? value, bool settlement) => (column, value) switch
    {
        (FieldNames.Status, string id) when DomainIds.TryParseStatus(id, out var status) => status.NameZh(),
        (FieldNames.Kind, string id) when settlement && DomainIds.TryParseSettlementKind(id, out var kind) => RowValidator.KindZh(kind),
        (FieldNames.Urban, bool urban) => urban ? "城镇" : "农村",
        _ => value,
    };

    static string? Name<T>(IReadOnlyList<ExportColumn<T>> columns, T item) =>
        columns.FirstOrDefault(c => c.Name == FieldNames.Name)?.Value(item)?.ToString();

    /// <summary>An empty table still carries its headings (a list of no rows would give a blank sheet the importer refuses).</summary>
    static DataTable HeadingsOnly(IEnumerable<string> headings)
    {
        var table = new DataTable();
        foreach (var h in headings) table.Columns.Add(h, typeof(string));
        return table;
    }
}
