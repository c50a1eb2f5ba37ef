using System.Text;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Analysis.Reports;
using Coverage.Core;
using Coverage.Storage.Export;

namespace Coverage.Server.Api;

/// <summary>
/// Coverage reports for the API's downloads and `coverage report` alike: Coverage.Analysis's tables written by its
/// writers (HTML, Word, CSV, GeoJSON, Excel: one sheet per table), or all of them as GeoPackage layers with the plan's facilities, for QGIS.
/// </summary>
public static class CoverageReport
{
    public static readonly string[] Formats = ["html", "csv", "geojson", "gpkg", "xlsx", "docx"];
    public static readonly string[] Tables = ["uncovered", "settlements", "towns", "county", "problems", "all"];

    public static string ContentType(string format) => format switch
    {
        "csv" => "text/csv; charset=utf-8",
        "geojson" => "application/geo+json",
        "gpkg" => "application/geopackage+sqlite3",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => DocxReport.ContentType,
        _ => "text/html; charset=utf-8",
    };

    /// <summary>A CSV or GeoJSON file holds one table (the settlements by default); HTML, GeoPackage and Excel hold them all.</summary>
    public static string DefaultTable(string format) => format is "csv" or "geojson" ? "settlements" : "all";

    /// <summary>One circle's report as the API serves it.</summary>
    public static (byte[] Bytes, string ContentType) Render(CircleCoverage c, string format, AnalysisRegion region, IReadOnlyList<ReportSection> sections)
    {
        if (format == "gpkg")
        {
            var path = Path.Combine(Path.GetTempPath(), $"coverage-report-{Guid.NewGuid():N}.gpkg");
            try
            {
                WriteFile(path, format, region, [c], DefaultTable(format), sections);
                return (File.ReadAllBytes(path), ContentType(format));
            }
            finally { File.Delete(path); }
        }
        using var output = new MemoryStream();
        Write(output, format, region, [c], DefaultTable(format), sections);
        return (output.ToArray(), ContentType(format));
    }

    /// <summary>Writes the report to a temporary file beside <paramref name="path"/> and moves it into place: never half a file.</summary>
    /// <param name="sections">Extra sections of the printable reports (html, docx): the plan's indicators.</param>
    public static void WriteFile(string path, string format, AnalysisRegion region, IReadOnlyList<CircleCoverage> circles, string table,
        IReadOnlyList<ReportSection> sections)
    {
        var tables = TablesOf(region, circles, format, table);
        if (format == "gpkg")
        {
            var layers = tables.Select(Layer).ToList();
            if (table == "all") layers.Add(GeoPackageLayer.From("facilities", region.Facilities, ExportColumns.Facility, f => f.Geometry));
            GeoPackageExport.Write(path, layers);
            return;
        }
        AtomicFile.Write(path, temp =>
        {
            using var file = File.Create(temp);
            Write(file, format, region, circles, table, sections);
        });
    }

    static void Write(Stream output, string format, AnalysisRegion region, IReadOnlyList<CircleCoverage> circles, string table,
        IReadOnlyList<ReportSection> sections)
    {
        switch (format)
        {
            case "csv":
                TableWriters.WriteCsv(TablesOf(region, circles, format, table)[0], output);
                break;
            case "geojson":
                TableWriters.WriteGeoJson(TablesOf(region, circles, format, table)[0], output);
                break;
            case "xlsx":
                TableWriters.WriteXlsx(TablesOf(region, circles, format, table), output);
                break;
            case "docx":
                DocxReport.Write(region, circles, output, Title(circles), sections: sections);
                break;
            default:
                using (var w = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true))
                    HtmlReport.Write(region, circles, w, Title(circles), sections: sections);
                break;
        }
    }

    static string Title(IReadOnlyList<CircleCoverage> circles) =>
        circles.Count == 1 ? $"{circles[0].Circle.NameZh} · 步行覆盖评估报告" : "公共服务设施步行覆盖评估报告";

    /// <summary>The format a file name implies (report.docx → docx), when it names one of <see cref="Formats"/>.</summary>
    public static string? FormatOf(string? path)
    {
        var ext = Path.GetExtension(path ?? "").TrimStart('.').ToLowerInvariant();
        return Formats.Contains(ext) ? ext : null;
    }

    /// <summary>Unknown formats or tables, and tables a format cannot hold, are bilingual input errors.</summary>
    public static void Check(string format, string table)
    {
        if (!Formats.Contains(format))
            throw new InputException($"未知报告格式“{format}”；可选：{string.Join(", ", Formats)}", $"Unknown report format '{format}'; known: {string.Join(", ", Formats)}");
        if (!Tables.Contains(table))
            throw new InputException($"未知报告表“{table}”；可选：{string.Join(", ", Tables)}", $"Unknown report table '{table}'; known: {string.Join(", ", Tables)}");
        if (format is "csv" or "geojson" && table == "all")
            throw new InputException($"{format} 文件只能容纳一张表，请用 --table 指定，或用 gpkg/html 导出全部", $"A {format} file holds one table: name it with --table, or use gpkg or html for all of them");
        if (format is "html" or "docx" && table != "all")
            throw new InputException($"{format} 报告总是包含全部表；--table 只用于 csv、geojson、gpkg、xlsx", $"The {format} report always holds every table; --table applies to csv, geojson, gpkg and xlsx");
    }

    static IReadOnlyList<ReportTable> TablesOf(AnalysisRegion region, IReadOnlyList<CircleCoverage> circles, string format, string table)
    {
        Check(format, table);
        return table switch
        {
            "uncovered" => [CoverageTables.Uncovered(circles)],
            "settlements" => [CoverageTables.Settlements(circles)],
            "towns" => [CoverageTables.Towns(circles)],
            "county" => [CoverageTables.County(circles)],
            "problems" => [CoverageTables.Problems(region, circles)],
            _ => [CoverageTables.Uncovered(circles), CoverageTables.Settlements(circles), CoverageTables.Towns(circles),
                  CoverageTables.County(circles), CoverageTables.Problems(region, circles)],
        };
    }

    static GeoPackageLayer Layer(ReportTable t) => new(t.Name,
        t.Columns.Select(c => (c.Id, c.Kind switch
        {
            ColumnKind.Integer => ColumnType.Integer,
            ColumnKind.Number or ColumnKind.Share or ColumnKind.Degrees => ColumnType.Real,
            ColumnKind.Boolean => ColumnType.Boolean,
            _ => ColumnType.Text,
        })).ToList(), t.Rows, t.Geometries, $"{t.TitleZh} / {t.TitleEn}");
}
