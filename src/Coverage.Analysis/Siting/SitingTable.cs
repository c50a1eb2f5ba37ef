using Coverage.Analysis.Reports;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Siting;

/// <summary>
/// The proposals of a siting answer as one table (one row a site, solver's answer): what the CLI's --out and the API's
/// downloads write as CSV, GeoJSON and .xlsx, so the columns are defined once. Chinese headings for spreadsheets,
/// machine ids for GeoJSON.
/// </summary>
public static class SitingTable
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public static readonly IReadOnlyList<ReportColumn> Columns =
    [
        new("rank", "序号", "No.", ColumnKind.Integer),
        new("name", "名称", "Name"),
        new("name_en", "名称（英文）", "Name (English)"),
        new("town", "所属镇", "Town"),
        new("village", "最近村庄", "Nearest village"),
        new("village_m", "距最近村庄（米）", "To nearest village (m)", ColumnKind.Number),
        new("road", "最近道路", "Nearest road"),
        new("way_id", "道路编号（OSM way）", "Road id (OSM way)", ColumnKind.Integer),
        new("lon", "经度", "Longitude", ColumnKind.Degrees),
        new("lat", "纬度", "Latitude", ColumnKind.Degrees),
        new("new_population", "新增覆盖人口（人）", "Newly covered population (people)", ColumnKind.Number),
        new("new_elderly", "新增覆盖老年人口（60岁及以上，人）", "Newly covered older people (60+)", ColumnKind.Number),
        new("villages", "新覆盖村庄", "Newly covered villages"),
        new("village_count", "新覆盖村庄数（个）", "Newly covered villages (count)", ColumnKind.Integer),
        new("quality", "方案质量", "Quality"),
        new("candidate_id", "候选点编号", "Candidate id"),
    ];

    public static ReportTable Of(SitingResult result)
    {
        var answer = result.Optimal;
        var quality = answer.Quality;
        var rows = answer.Sites.Select((p, i) => Row(p, i + 1, quality)).ToList();
        var points = answer.Sites.Select(p => (Geometry?)Factory.CreatePoint(new Coordinate(Degrees(p.Site.Lon), Degrees(p.Site.Lat)))).ToList();
        return new ReportTable("siting", $"选址建议：{result.Circle.NameZh}", $"Suggested sites: {result.Circle.Id}", Columns, rows, points);
    }

    static object?[] Row(ProposedSite p, int rank, AnswerQuality quality)
    {
        var l = p.Label;
        return
        [
            rank, l.NameZh, l.NameEn, l.Town, l.Village, Math.Round(l.VillageMetres, 0), l.Road ?? "无名道路",
            l.WayId != 0 ? l.WayId : null, Degrees(p.Site.Lon), Degrees(p.Site.Lat),
            Math.Round(p.NewlyCoveredPopulation, 2), Math.Round(p.NewlyCoveredElderly, 2),
            string.Join("、", p.Settlements.Select(s => s.Name)), p.Settlements.Count, $"{quality.Zh} / {quality.En}", p.Site.Id,
        ];
    }

    /// <summary>File formats of the table: id, file extension, media type.</summary>
    public static readonly IReadOnlyList<(string Id, string Extension, string MediaType)> Formats =
    [
        ("csv", ".csv", "text/csv; charset=utf-8"),
        ("geojson", ".geojson", "application/geo+json"),
        ("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ];

    /// <summary>The format a file name asks for by its extension; anything else is a bilingual input error.</summary>
    public static string FormatOfPath(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        foreach (var f in Formats)
            if (f.Extension == ext || (ext == ".json" && f.Id == "geojson")) return f.Id;
        throw UnknownFormat(string.IsNullOrEmpty(ext) ? "（无扩展名）" : ext, string.IsNullOrEmpty(ext) ? "(no extension)" : ext);
    }

    /// <summary>Checks a format id (csv, geojson, xlsx).</summary>
    public static (string Id, string Extension, string MediaType) Format(string id)
    {
        foreach (var f in Formats)
            if (f.Id == id) return f;
        throw UnknownFormat(id, id);
    }

    static AnalysisInputException UnknownFormat(string zh, string en) => new(
        $"选址结果无法导出为“{zh}”：请用 .csv、.geojson 或 .xlsx",
        $"Cannot export sites as '{en}': use .csv, .geojson or .xlsx");

    /// <summary>Writes the answer's table in one of <see cref="Formats"/>.</summary>
    public static void Write(SitingResult result, string format, Stream output)
    {
        var table = Of(result);
        switch (Format(format).Id)
        {
            case "csv": TableWriters.WriteCsv(table, output, chineseHeadings: true); break;
            case "geojson": TableWriters.WriteGeoJson(table, output); break;
            default: TableWriters.WriteXlsx(table, output); break;
        }
    }

    /// <summary>Degrees to 7 decimals (~1 cm), as every siting answer gives them.</summary>
    public static double Degrees(double value) => Math.Round(value, 7);
}
