using Coverage.Analysis.Reports;

namespace Coverage.Analysis.Indicators;

/// <summary>The indicators as HTML: a section of every coverage report, and a page of its own (`coverage indicators --format html`).</summary>
public static class IndicatorHtml
{
    /// <summary>The section: the county sheet with a light per indicator, then per town, what falls short, and the notes.</summary>
    public static void WriteSection(TextWriter w, IReadOnlyList<IndicatorResult> results)
    {
        w.Write("<h2>规划指标 <span class=\"en\">Plan indicators</span></h2>");
        if (results.Count == 0) { w.Write("<p>seeds/indicators.json 中没有指标 / No indicators in seeds/indicators.json.</p>"); return; }
        w.Write("<p>每项指标的现值由规划库中的设施与居民点算出，依据条款见表末两列。绿：达标；黄：未达目标但不低于基期；红：未达标。<br>" +
                "<span class=\"en\">Each indicator's value is computed from the plan's facilities and settlements; its source clause is in the last two columns. " +
                "Green: met; amber: short of the target but at or past the baseline; red: short.</span></p>");
        var tables = IndicatorTables.All(results);
        HtmlReport.WriteTable(w, tables[0]);
        foreach (var t in tables.Skip(1).Where(t => t.Rows.Count > 0))
        {
            w.Write($"<h3>{Html.Escape(t.TitleZh)} <span class=\"en\">{Html.Escape(t.TitleEn)}</span></h3>");
            HtmlReport.WriteTable(w, t);
        }
    }

    /// <summary>A page of its own, for `coverage indicators --format html` and the API's html download.</summary>
    public static void WritePage(TextWriter w, IReadOnlyList<IndicatorResult> results, DateTimeOffset? generated = null)
    {
        w.Write("""
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>规划指标 Plan indicators</title>
<style>
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;color:#222}
h2{border-bottom:2px solid #1565c0;padding-bottom:.2em;margin-top:2em}.en{color:#666;font-weight:normal;font-size:.85em}
table{border-collapse:collapse;width:100%;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 6px}
th{background:#eef3fa;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
</style></head><body>
""");
        w.Write($"<h1>规划指标检查<br><span class=\"en\">Plan indicator check</span></h1><p>生成时间 Generated: " +
                $"{(generated ?? DateTimeOffset.Now).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)}</p>");
        WriteSection(w, results);
        w.Write("</body></html>\n");
    }
}
