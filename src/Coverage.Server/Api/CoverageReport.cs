using System.Text;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Analysis.Reports;
using Coverage.Storage.Export;

namespace Coverage.Server.Api;

/// <summary>Report downloads of one circle, written by Coverage.Analysis's report writers; gpkg is the plan for QGIS.</summary>
public static class CoverageReport
{
    public static readonly string[] Formats = ["html", "csv", "geojson", "gpkg"];

    public static (byte[] Bytes, string ContentType) Render(CircleCoverage c, string format, AnalysisRegion region)
    {
        using var output = new MemoryStream();
        switch (format)
        {
            case "csv":
                TableWriters.WriteCsv(Defused(CoverageTables.Settlements([c])), output);
                return (output.ToArray(), "text/csv; charset=utf-8");
            case "geojson":
                TableWriters.WriteGeoJson(CoverageTables.Settlements([c]), output);
                return (output.ToArray(), "application/geo+json");
            case "gpkg":
                return (GeoPackage(c, region), "application/geopackage+sqlite3");
            default:
                using (var w = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true))
                    HtmlReport.Write(region, [c], w, $"{c.Circle.NameZh} · 步行覆盖评估报告");
                return (output.ToArray(), "text/html; charset=utf-8");
        }
    }

    /// <summary>A cell starting with = + - @ gets a leading apostrophe: a name typed by a planner must never run as a spreadsheet formula.</summary>
    static ReportTable Defused(ReportTable t) => t with
    {
        Rows = t.Rows.Select(r => r.Select(v => v is string s && s.Length > 0 && "=+-@".Contains(s[0]) ? "'" + s : v).ToArray()).ToList(),
    };

    static byte[] GeoPackage(CircleCoverage c, AnalysisRegion region)
    {
        var path = Path.Combine(Path.GetTempPath(), $"coverage-report-{Guid.NewGuid():N}.gpkg");
        try
        {
            GeoPackageExport.Write(path, region.Facilities, c.Settlements.Select(s => s.Settlement));
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    }
}
