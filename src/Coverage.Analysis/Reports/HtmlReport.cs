using System.Globalization;
using System.Text;
using Coverage.Analysis.Circles;
using Coverage.Core.Domain;
using Coverage.Analysis.Region;

namespace Coverage.Analysis.Reports;

/// <summary>
/// A printable, self-contained HTML report in Chinese with English headings: per circle the county figures against
/// the target, town bars (inline SVG, no scripts, no internet), a map, the town table and the uncovered list; then
/// what could not be computed.
/// </summary>
public static class HtmlReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How the figures are computed: the closing note of every printable report.</summary>
    internal const string MethodNote = "Minutes are walking times over the network (off-network legs included) from each settlement sample to the nearest counted facility. Polygon villages are scored by grid samples, so a village can be partly covered. Minutes are given for every place that can reach a facility on foot, however far; a place that cannot says why (no counted facility, too far from any walkable way, or on a part of the network cut off from every facility), and the equity measures use the true times of the places that can. Demand figures count the circle's demand field (people, or older people aged 60+), named in every heading. Each person is counted once: an administrative village (行政村) with natural villages (自然村) is their roll-up, and town and county figures count its people through its natural villages (and any remainder at the village itself).";

    public static void Write(AnalysisRegion region, IReadOnlyList<CircleCoverage> circles, TextWriter w, string title = "公共服务设施步行覆盖评估报告",
        DateTimeOffset? generated = null, int uncoveredRows = 100, IReadOnlyList<ReportSection>? sections = null)
    {
        var map = new MapSvg(region);
        w.Write($$$"""
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{{Html.Escape(title)}}}</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1000px;color:#222}
h1{font-size:1.6em}h2{border-bottom:2px solid #1565c0;padding-bottom:.2em;margin-top:2em;page-break-before:always}
h3{font-size:1.05em;margin-top:1.4em}.en{color:#666;font-weight:normal;font-size:.85em}
table{border-collapse:collapse;width:100%;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 6px}
th{background:#eef3fa;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
.kpi{display:flex;gap:1em;flex-wrap:wrap}.kpi div{border:1px solid #ddd;border-radius:4px;padding:.5em 1em}
.met{color:#2e7d32}.gap{color:#c62828}.note{color:#8d6e00}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
@media print{body{margin:0;max-width:none}h2{page-break-before:always}}
</style></head><body>
<h1>{{{Html.Escape(title)}}}<br><span class="en">Walk-time facility coverage report</span></h1>
<p>生成时间 Generated: {{{(generated ?? DateTimeOffset.Now).ToString("yyyy-MM-dd HH:mm", Inv)}}} ·
居民点 Settlements: {{{region.Settlements.Count}}} · 设施 Facilities: {{{region.Facilities.Count}}} ·
路网 Network: {{{region.Graph.NodeCount:N0}}} 节点 nodes, {{{region.Graph.WalkableMetres() / 1000:N0}}} km</p>
""");
        w.Write(map.NetworkDefs());
        w.Write("<h2>总览 <span class=\"en\">Overview</span></h2>");
        WriteTable(w, CoverageTables.County(circles));
        foreach (var c in circles) WriteCircle(w, c, map, uncoveredRows);
        foreach (var section in sections ?? []) WriteSection(w, section);
        w.Write("<h2>无法计算或需注意的事项 <span class=\"en\">What could not be computed</span></h2>");
        var problems = CoverageTables.Problems(region, circles);
        if (problems.Rows.Count == 0) w.Write("<p>无 / None.</p>"); else WriteTable(w, problems);
        w.Write($"<p class=\"en\">{Html.Escape(MethodNote)}</p>");
        w.Write("</body></html>\n");
    }

    /// <summary>A circle's service capacity: the town table (the county last); the per-settlement table is in the CSV/GeoPackage outputs.</summary>
    static void WriteCircle(TextWriter w, CircleCoverage c, MapSvg map, int uncoveredRows)
    {
        var circle = c.Circle;
        w.Write($"<h2>{Html.Escape(circle.NameZh)} <span class=\"en\">{Html.Escape(circle.NameEn)}</span></h2>");
        w.Write($"<p>依据 Source: {Html.Escape(circle.PolicySource)}{(circle.Clause is null ? "" : " · " + Html.Escape(circle.Clause))} · " +
                $"{circle.Minutes.ToString("0.#", Inv)} 分钟 min · 步行 profile: {Html.Escape(circle.Profile)} · 目标 target {circle.TargetPercent.ToString("0.#", Inv)}%</p>");
        if (!c.Computed)
        {
            w.Write("<p class=\"gap\">未能计算 / Not computed:</p><ul>");
            foreach (var n in c.Notes) w.Write($"<li>{Html.Escape(n.ToString())}</li>");
            w.Write("</ul>");
            return;
        }
        var k = c.County;
        var field = circle.Demand;
        var (statusesZh, statusesEn) = StatusNames.Describe(c.CountedStatuses);
        w.Write($"<p>需求口径 Demand: {field.NameZh()} {field.NameEn()} · 计入设施状态 Facilities counted: {Html.Escape(statusesZh)} / {Html.Escape(statusesEn)}</p>");
        string met = k.TargetMet ? "<span class=\"met\">达标 met</span>" : $"<span class=\"gap\">未达标 gap {k.GapPeople.ToString("N0", Inv)} {field.UnitZh()} {field.UnitEn()}</span>";
        w.Write($"<div class=\"kpi\"><div>{field.NameZh()}覆盖率 Share of {field.NameEn()} covered<br><b>{Pct(k.DemandShare)}</b> " +
                $"({k.CoveredDemand.ToString("N0", Inv)} / {k.Demand.ToString("N0", Inv)} {field.UnitZh()})</div>" +
                $"<div>行政村/社区全覆盖 Villages fully covered<br><b>{k.Villages.Covered}/{k.Villages.Total}</b> 个 · 部分 partly {k.Villages.Partly}</div>" +
                $"<div>居民点全覆盖 Settlements fully covered<br><b>{Pct(k.SettlementShare)}</b> ({k.Covered}/{k.Settlements} 个)</div>" +
                $"<div>目标 Target {circle.TargetPercent.ToString("0.#", Inv)}%<br><b>{met}</b></div>" +
                $"<div>城乡差 Urban–rural gap<br><b>{(c.Equity.UrbanRuralGapPoints is { } gp ? gp.ToString("0.0", Inv) + " pt" : "—")}</b></div>" +
                $"<div>基尼 Gini<br><b>{(c.Equity.Gini is { } gi ? gi.ToString("0.00", Inv) : "—")}</b></div></div>");
        foreach (var n in c.Notes) w.Write($"<p class=\"note\">⚠ {Html.Escape(n.ToString())}</p>");
        w.Write("<h3>各镇街覆盖率与目标 <span class=\"en\">Coverage by town against the target</span></h3>");
        w.Write(TownBars(c));
        w.Write("<h3>地图 <span class=\"en\">Map</span></h3><p class=\"legend\">");
        w.Write($"<span style=\"background:{MapSvg.Covered}\"></span>覆盖 covered<span style=\"background:{MapSvg.Partly}\"></span>部分 partly" +
                $"<span style=\"background:{MapSvg.Uncovered}\"></span>未覆盖 uncovered<span style=\"background:{MapSvg.Facility}\"></span>设施 facility</p>");
        w.Write(map.Map(c));
        w.Write("<h3>镇街汇总 <span class=\"en\">Town summary</span></h3>");
        WriteTable(w, CoverageTables.Towns([c]), skipFirstColumn: true);
        var uncovered = CoverageTables.Uncovered([c]);
        w.Write($"<h3>未覆盖居民点 <span class=\"en\">Places not covered</span> ({uncovered.Rows.Count} 个)</h3>");
        WriteTable(w, uncovered with { Rows = uncovered.Rows.Take(uncoveredRows).ToList() }, skipFirstColumn: true);
        if (uncovered.Rows.Count > uncoveredRows)
            w.Write($"<p>另有 {uncovered.Rows.Count - uncoveredRows} 个，见 CSV / {uncovered.Rows.Count - uncoveredRows} more in the CSV export.</p>");
    }

    /// <summary>An extra section (indicators, capacity, ...) as given: heading, paragraphs, tables.</summary>
    internal static void WriteSection(TextWriter w, ReportSection section)
    {
        w.Write($"<h2>{Html.Escape(section.TitleZh)} <span class=\"en\">{Html.Escape(section.TitleEn)}</span></h2>");
        foreach (var p in section.Paragraphs)
            w.Write($"<p>{Html.Escape(p.Zh)}{(p.En is null ? "" : $" <span class=\"en\">{Html.Escape(p.En)}</span>")}</p>");
        foreach (var t in section.Tables)
        {
            w.Write($"<h3>{Html.Escape(t.TitleZh)} <span class=\"en\">{Html.Escape(t.TitleEn)}</span></h3>");
            WriteTable(w, t);
        }
    }

    /// <summary>Horizontal bars of each town's covered share of demand, with the target as a dashed line.</summary>
    static string TownBars(CircleCoverage c)
    {
        const int label = 150, barWidth = 600, row = 22;
        int height = row * Math.Max(1, c.Towns.Count) + 24;
        var sb = new StringBuilder($"<svg viewBox=\"0 0 {label + barWidth + 70} {height}\" width=\"100%\" role=\"img\">");
        for (int i = 0; i < c.Towns.Count; i++)
        {
            var t = c.Towns[i];
            double share = t.DemandShare ?? 0;
            int y = i * row + 4;
            string colour = t.TargetMet ? MapSvg.Covered : MapSvg.Uncovered;
            sb.Append($"<text x=\"{label - 6}\" y=\"{y + 14}\" text-anchor=\"end\" font-size=\"12\">{Html.Escape(t.Name)}</text>")
              .Append($"<rect x=\"{label}\" y=\"{y}\" width=\"{(share * barWidth).ToString("0.#", Inv)}\" height=\"{row - 6}\" fill=\"{colour}\"/>")
              .Append($"<text x=\"{label + share * barWidth + 4:0}\" y=\"{y + 14}\" font-size=\"11\">{Pct(t.DemandShare)}</text>");
        }
        double tx = label + c.Circle.TargetPercent / 100 * barWidth;
        sb.Append($"<line x1=\"{tx.ToString("0.#", Inv)}\" y1=\"0\" x2=\"{tx.ToString("0.#", Inv)}\" y2=\"{height - 18}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>")
          .Append($"<text x=\"{tx.ToString("0.#", Inv)}\" y=\"{height - 4}\" text-anchor=\"middle\" font-size=\"11\">目标 target {c.Circle.TargetPercent.ToString("0.#", Inv)}%</text></svg>");
        return sb.ToString();
    }

    internal static void WriteTable(TextWriter w, ReportTable table, bool skipFirstColumn = false)
    {
        int first = skipFirstColumn ? 1 : 0;
        var sb = new StringBuilder("<table><thead><tr>");
        for (int i = first; i < table.Columns.Count; i++)
            sb.Append($"<th>{Html.Escape(table.Columns[i].Zh)}<br><span class=\"en\">{Html.Escape(table.Columns[i].En)}</span></th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            sb.Append("<tr>");
            for (int i = first; i < table.Columns.Count; i++)
            {
                var col = table.Columns[i];
                bool numeric = ReportCells.IsNumeric(col.Kind);
                sb.Append(numeric ? "<td class=\"n\">" : "<td>").Append(Cell(row[i], col.Kind)).Append("</td>");
            }
            sb.Append("</tr>");
        }
        w.Write(sb.Append("</tbody></table>").ToString());
    }

    static string Cell(object? v, ColumnKind kind) => Html.Escape(ReportCells.Text(v, kind));

    static string Pct(double? share) => ReportCells.Pct(share);
}
