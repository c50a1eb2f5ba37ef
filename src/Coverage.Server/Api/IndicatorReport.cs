using System.Text;
using Coverage.Analysis.Indicators;
using Coverage.Analysis.Reports;
using Coverage.Core;
using Coverage.Storage.Export;

namespace Coverage.Server.Api;

/// <summary>
/// The plan's indicators for `coverage indicators` and GET /api/indicators alike: JSON for the page, and the same tables
/// (<see cref="IndicatorTables"/>) as CSV (one table), Excel (one sheet each) or HTML.
/// </summary>
public static class IndicatorReport
{
    public static readonly string[] Formats = ["json", "csv", "xlsx", "html"];
    public static readonly string[] Tables = ["indicators", "towns", "shortfalls", "notes"];

    /// <summary>Unknown formats or tables are bilingual input errors.</summary>
    public static void Check(string format, string table)
    {
        if (!Formats.Contains(format))
            throw new InputException($"未知格式“{ShownValue.Of(format)}”；可选：{string.Join(", ", Formats)}", $"Unknown format '{ShownValue.Of(format)}'; known: {string.Join(", ", Formats)}");
        if (!Tables.Contains(table))
            throw new InputException($"未知表“{ShownValue.Of(table)}”；可选：{string.Join(", ", Tables)}", $"Unknown table '{ShownValue.Of(table)}'; known: {string.Join(", ", Tables)}");
    }

    /// <summary>The file form of the JSON (the CLI's): as the API writes it, indented, Chinese kept readable.</summary>
    static readonly System.Text.Json.JsonSerializerOptions FileJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ContentType(string format) => format switch
    {
        "json" => "application/json; charset=utf-8",
        _ => CoverageReport.ContentType(format),
    };

    public static void Write(Stream output, string format, string table, IReadOnlyList<IndicatorResult> results)
    {
        var tables = IndicatorTables.All(results);
        switch (format)
        {
            case "csv":
                TableWriters.WriteCsv(tables[Array.IndexOf(Tables, table)], output);
                break;
            case "xlsx":
                TableWriters.WriteXlsx(tables, output);
                break;
            case "json":
                System.Text.Json.JsonSerializer.Serialize(output, View(results), FileJson);
                break;
            default:
                using (var w = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true)) IndicatorHtml.WritePage(w, results);
                break;
        }
    }

    /// <summary>Writes beside <paramref name="path"/> and moves into place: never half a file.</summary>
    public static void WriteFile(string path, string format, string table, IReadOnlyList<IndicatorResult> results) =>
        AtomicFile.Write(path, temp => { using var file = File.Create(temp); Write(file, format, table, results); });

    public sealed record TownView(string Town, double? Value, int Facilities, string Status, int? Villages, int? VillagesWith);
    public sealed record ShortfallView(string What, string Id, string Name, string Town, string DetailZh, string DetailEn);
    public sealed record NoteView(string Level, string Code, string Zh, string En);
    public sealed record IndicatorView(string Id, string NameZh, string NameEn, string Kind, string UnitZh, string UnitEn, double? Baseline,
        double Target, string Comparison, double? Value, string Status, string PolicySource, string? Clause, IReadOnlyList<TownView> Towns,
        IReadOnlyList<ShortfallView> Shortfalls, IReadOnlyList<NoteView> Notes, int FacilitiesCounted);
    public sealed record IndicatorsView(IReadOnlyList<IndicatorView> Indicators);

    /// <summary>The JSON the page reads: per indicator its figures, light, towns, shortfalls and notes (the tables' very values).</summary>
    public static IndicatorsView View(IReadOnlyList<IndicatorResult> results) => new(results.Select(r => new IndicatorView(
        r.Definition.Id, r.Definition.NameZh, r.Definition.NameEn, System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Definition.Kind.ToString()),
        r.Definition.UnitZh, r.Definition.UnitEn, r.Definition.Baseline, r.Definition.Target, r.Definition.Comparison, r.Value,
        IndicatorTables.LightId(r.Light), r.Definition.PolicySource, r.Definition.Clause,
        r.Towns.Select(t => new TownView(t.Town, t.Value, t.Facilities, IndicatorTables.LightId(t.Light), t.Villages, t.VillagesWith)).ToList(),
        r.Shortfalls.Select(s => new ShortfallView(s.What, s.Id, s.Name, s.Town, s.DetailZh, s.DetailEn)).ToList(),
        r.Notes.Select(n => new NoteView(n.Level.ToString().ToLowerInvariant(), n.Code, n.Zh, n.En)).ToList(),
        r.CountedFacilityIds.Count)).ToList());
}
