using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Coverage.Analysis.Circles;
using Coverage.Core.Domain;
using Coverage.Server.Region;
using Coverage.Server.Web;
using Coverage.Storage.Export;

namespace Coverage.Server.Api;

/// <summary>Report downloads of one circle's coverage: an HTML summary, CSV rows, GeoJSON settlements, or a GeoPackage for QGIS.</summary>
public static class CoverageReport
{
    public static readonly string[] Formats = ["html", "csv", "geojson", "gpkg"];
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Extension(string format) => format;

    public static (byte[] Bytes, string ContentType) Render(CircleCoverage c, string format, RegionFacts region, IReadOnlyList<Facility> facilities) =>
        format switch
        {
            "csv" => (Csv(c), "text/csv; charset=utf-8"),
            "geojson" => (GeoJson(c), "application/geo+json"),
            "gpkg" => (GeoPackage(c, facilities), "application/geopackage+sqlite3"),
            _ => (Html(c, region), "text/html; charset=utf-8"),
        };

    static byte[] GeoJson(CircleCoverage c)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ServerApp.ConfigureJson(json);
        return JsonSerializer.SerializeToUtf8Bytes(CoverageJson.Coverage(c).Settlements, json);
    }

    static byte[] Csv(CircleCoverage c)
    {
        var sb = new StringBuilder("\uFEFF"); // BOM: Excel opens UTF-8 Chinese correctly only with it
        sb.AppendLine("id,name,town,kind,population,elderly,status,minutes,covered_share,nearest_facility_id,nearest_facility_name");
        foreach (var s in c.Settlements)
        {
            var st = s.Settlement;
            sb.AppendJoin(',', Cell(st.Id), Cell(st.Name), Cell(st.Town), st.Kind.ToId(), st.Population.ToString(Inv), st.Elderly.ToString(Inv),
                s.Status.ToString().ToLowerInvariant(), s.Minutes?.ToString("0.00", Inv) ?? "", s.CoveredShare.ToString("0.####", Inv),
                Cell(s.NearestFacilityId ?? ""), Cell(s.NearestFacilityName ?? "")).AppendLine();
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Quoted, and a leading = + - @ defused: a name must never run as a spreadsheet formula.</summary>
    static string Cell(string text)
    {
        if (text.Length > 0 && "=+-@".Contains(text[0])) text = "'" + text;
        return "\"" + text.Replace("\"", "\"\"") + "\"";
    }

    static byte[] GeoPackage(CircleCoverage c, IReadOnlyList<Facility> facilities)
    {
        var path = Path.Combine(Path.GetTempPath(), $"coverage-report-{Guid.NewGuid():N}.gpkg");
        try
        {
            GeoPackageExport.Write(path, facilities, c.Settlements.Select(s => s.Settlement));
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    }

    static byte[] Html(CircleCoverage c, RegionFacts region)
    {
        static string E(object? v) => WebUtility.HtmlEncode(Convert.ToString(v, Inv) ?? "");
        static string P(double? share) => share is { } s ? (s * 100).ToString("0.0", Inv) + "%" : "—";
        var k = c.County;
        var sb = new StringBuilder();
        sb.Append($"""
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{E(c.Circle.NameZh)} · {E(region.Name)}</title>
            <style>body{"{"}font:14px system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem{"}"}table{"{"}border-collapse:collapse{"}"}td,th{"{"}border:1px solid #ccc;padding:2px 6px{"}"}</style></head><body>
            <h1>{E(c.Circle.NameZh)} / {E(c.Circle.NameEn)}</h1>
            <p>{E(region.Name)} — {E(region.Attribution)}</p>
            <p>依据 Source: {E(c.Circle.PolicySource)} {E(c.Circle.Clause)}</p>
            <p>覆盖人口比例 Covered share: <b>{P(k.DemandShare)}</b>（目标 target {k.TargetPercent.ToString(Inv)}%，{(k.TargetMet ? "已达标 met" : $"缺口 gap {k.GapPeople.ToString("N0", Inv)} 人 people")}）；
            居民点 settlements: {k.Covered} 覆盖 covered, {k.Partly} 部分 partly, {k.Uncovered} 未覆盖 uncovered</p>
            <h2>镇街 Towns</h2><table><tr><th>镇街 Town</th><th>居民点 Settlements</th><th>人口 Population</th><th>覆盖 Covered</th><th>比例 Share</th></tr>
            """);
        foreach (var t in c.Towns)
            sb.Append($"<tr><td>{E(t.Name)}</td><td>{t.Settlements}</td><td>{t.Population.ToString("N0", Inv)}</td><td>{t.CoveredPopulation.ToString("N0", Inv)}</td><td>{P(t.DemandShare)}</td></tr>\n");
        sb.Append("</table><h2>未覆盖居民点 Not covered</h2><table><tr><th>名称 Name</th><th>镇街 Town</th><th>人口 Population</th><th>分钟 Minutes</th><th>状态 Status</th></tr>\n");
        foreach (var s in c.Uncovered)
            sb.Append($"<tr><td>{E(s.Settlement.Name)}</td><td>{E(s.Settlement.Town)}</td><td>{s.Settlement.Population}</td><td>{(s.Minutes is { } m ? m.ToString("0.0", Inv) : "—")}</td><td>{s.Status.ToString().ToLowerInvariant()}</td></tr>\n");
        sb.Append("</table></body></html>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
