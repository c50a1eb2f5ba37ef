using System.Globalization;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Coverage.Analysis.Reports;

/// <summary>
/// The Word (.docx) report county bureaus submit (评估报告): the HTML report's content in the same order — overview,
/// per circle its figures, town bars, map, town table and uncovered list, extra sections, what could not be computed —
/// from the same <see cref="ReportTable"/>s and cell text (<see cref="ReportCells"/>), so Word and HTML agree number
/// for number. Chinese first, English in smaller grey type; real heading styles and a table of contents.
/// </summary>
public static class DocxReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The content type of a .docx download.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void Write(AnalysisRegion region, IReadOnlyList<CircleCoverage> circles, Stream output, string title = "公共服务设施步行覆盖评估报告",
        DateTimeOffset? generated = null, int uncoveredRows = 100, IReadOnlyList<ReportSection>? sections = null)
    {
        using var doc = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        DocxStyles.Add(main);
        var w = new DocxWriter(main);
        TitlePage(w, region, title, generated ?? DateTimeOffset.Now);
        int contents = w.Body.ChildElements.Count;

        w.Heading(1, "总览", "Overview");
        w.Table(CoverageTables.County(circles));
        var map = new MapSvg(region);
        foreach (var c in circles) Circle(w, c, map, uncoveredRows);
        foreach (var section in sections ?? []) Section(w, section);
        w.Heading(1, "无法计算或需注意的事项", "What could not be computed");
        var problems = CoverageTables.Problems(region, circles);
        if (problems.Rows.Count == 0) w.Paragraph("无", "None.");
        else w.Table(problems);
        w.Paragraph("", HtmlReport.MethodNote);

        w.InsertContents(contents);
        w.Body.Append(DocxStyles.Landscape(DocxStyles.PageNumbers(main)));
        main.Document = new Document(w.Body);
        main.Document.Save();
    }

    static void TitlePage(DocxWriter w, AnalysisRegion region, string title, DateTimeOffset generated)
    {
        w.Body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = DocxStyles.Title }), DocxWriter.Run(title)));
        w.Body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = DocxStyles.Subtitle }), DocxWriter.Run("Walk-time facility coverage report")));
        w.Paragraph($"生成时间：{generated.ToString("yyyy-MM-dd HH:mm", Inv)}", "Generated");
        w.Paragraph($"居民点 {region.Settlements.Count} 个 · 设施 {region.Facilities.Count} 个", "Settlements · facilities");
        w.Paragraph(string.Create(Inv, $"路网 {region.Graph.NodeCount:N0} 个节点，{region.Graph.WalkableMetres() / 1000:N0} km"), "Walking network: nodes, length");
    }

    static void Circle(DocxWriter w, CircleCoverage c, MapSvg map, int uncoveredRows)
    {
        var circle = c.Circle;
        w.Heading(1, circle.NameZh, circle.NameEn);
        w.Paragraph($"依据：{circle.PolicySource}{(circle.Clause is null ? "" : " · " + circle.Clause)} · {circle.Minutes.ToString("0.#", Inv)} 分钟 · 步行 {circle.Profile} · " +
                    $"目标 {circle.TargetPercent.ToString("0.#", Inv)}%", "Source · minutes · walking profile · target");
        if (!c.Computed)
        {
            w.Paragraph("未能计算", "Not computed", DocxWriter.Gap);
            foreach (var n in c.Notes) w.Paragraph(n.Zh, n.En);
            return;
        }
        var k = c.County;
        var field = circle.Demand;
        var (statusesZh, statusesEn) = StatusNames.Describe(c.CountedStatuses);
        w.Paragraph($"需求口径：{field.NameZh()} · 计入设施状态：{statusesZh}", $"Demand: {field.NameEn()} · facilities counted: {statusesEn}");
        w.Paragraph(string.Create(Inv, $"{field.NameZh()}覆盖率：{ReportCells.Pct(k.DemandShare)}（{k.CoveredDemand:N0} / {k.Demand:N0} {field.UnitZh()}）"),
            $"Share of {field.NameEn()} covered");
        w.Paragraph($"行政村/社区全覆盖：{k.Villages.Covered}/{k.Villages.Total} 个 · 部分覆盖 {k.Villages.Partly} 个", "Villages fully covered · partly");
        w.Paragraph($"居民点全覆盖：{ReportCells.Pct(k.SettlementShare)}（{k.Covered}/{k.Settlements} 个）", "Settlements fully covered");
        w.Paragraph(k.TargetMet ? $"目标 {circle.TargetPercent.ToString("0.#", Inv)}%：达标" : string.Create(Inv, $"目标 {circle.TargetPercent:0.#}%：未达标，差 {k.GapPeople:N0} {field.UnitZh()}"),
            k.TargetMet ? "Target met" : $"Target not met: gap in {field.UnitEn()}", k.TargetMet ? DocxWriter.Met : DocxWriter.Gap);
        w.Paragraph($"城乡差：{(c.Equity.UrbanRuralGapPoints is { } gp ? gp.ToString("0.0", Inv) + " 个百分点" : "—")} · 基尼系数：{(c.Equity.Gini is { } gi ? gi.ToString("0.00", Inv) : "—")}",
            "Urban–rural gap (points) · Gini");
        foreach (var n in c.Notes) w.Paragraph("⚠ " + n.Zh, n.En, DocxWriter.Note);

        w.Heading(2, "各镇街覆盖率与目标", "Coverage by town against the target");
        var (bars, barsWidth, barsHeight) = ReportImages.TownBars(c);
        w.Image(bars, barsWidth, barsHeight, $"{circle.NameZh} 各镇街覆盖率");
        w.Heading(2, "地图", "Map");
        w.Legend();
        w.Image(ReportImages.Map(map, c), map.Width, map.Height, $"{circle.NameZh} 地图");
        w.Heading(2, "镇街汇总", "Town summary");
        w.Table(CoverageTables.Towns([c]), skipFirstColumn: true);
        var uncovered = CoverageTables.Uncovered([c]);
        w.Heading(2, $"未覆盖居民点（{uncovered.Rows.Count} 个）", "Places not covered");
        w.Table(uncovered with { Rows = uncovered.Rows.Take(uncoveredRows).ToList() }, skipFirstColumn: true);
        if (uncovered.Rows.Count > uncoveredRows)
            w.Paragraph($"另有 {uncovered.Rows.Count - uncoveredRows} 个，见 CSV", $"{uncovered.Rows.Count - uncoveredRows} more in the CSV export");
    }

    /// <summary>An extra section as given: heading, paragraphs, each table under its own title.</summary>
    static void Section(DocxWriter w, ReportSection section)
    {
        w.Heading(1, section.TitleZh, section.TitleEn);
        foreach (var p in section.Paragraphs) w.Paragraph(p.Zh, p.En);
        foreach (var t in section.Tables)
        {
            w.Heading(2, t.TitleZh, t.TitleEn);
            w.Table(t);
        }
    }
}
