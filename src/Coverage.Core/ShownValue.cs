using System.Text;

namespace Coverage.Core;

/// <summary>
/// A value from a planner's file as quoted inside an error message. Messages are one line (the CLI prints one per bad
/// row, the server puts them in problem+json), but a quoted CSV cell may hold line breaks or a megabyte of text: line
/// breaks, tabs and other control characters are shown as visible escapes (\n, \t, \u0000) and long text is cut.
/// </summary>
public static class ShownValue
{
    /// <summary>How many characters of a value a message shows before "…".</summary>
    public const int MaxChars = 60;

    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(Math.Min(text.Length, MaxChars) + 8);
        int shown = 0;
        foreach (char c in text)
        {
            if (shown++ == MaxChars) return sb.Append('…').ToString();
            switch (c)
            {
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\u2028' or '\u2029' or '\u0085': sb.Append($"\\u{(int)c:x4}"); break;
                default: if (char.IsControl(c)) sb.Append($"\\u{(int)c:x4}"); else sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
