namespace Coverage.Analysis.Reports;

static class Html
{
    public static string Escape(string? s) => System.Net.WebUtility.HtmlEncode(s ?? "");
}
