using Coverage.Analysis.Reports;

namespace Coverage.Analysis.Indicators;

/// <summary>The indicators as an HTML page of their own (`coverage indicators --format html`, GET /api/indicators?format=html).</summary>
public static class IndicatorHtml
{
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
        HtmlReport.WriteSection(w, IndicatorTables.Section(results));
        w.Write("</body></html>\n");
    }
}
