using System.Text;

namespace Coverage.Core;

/// <summary>
/// A value from a planner's file or request as quoted inside an error message. Messages are one line (the CLI prints one per
/// bad row, the server puts them in problem+json), but a quoted CSV cell or query value may hold line breaks or a megabyte of
/// text: line breaks, tabs, other control characters and lone surrogates are shown as visible escapes (\n, \t, \u0000, \udfff)
/// and long text is cut, never between the two halves of a surrogate pair (half a pair in our own answer would be a lone
/// surrogate: invalid UTF-16 that JSON writers replace or refuse). The one truncation helper of the server and the importers.
/// </summary>
public static class ShownValue
{
    /// <summary>How many characters of a value a message shows before "…".</summary>
    public const int MaxChars = 60;

    /// <summary><paramref name="text"/> as a message quotes it: escaped, and cut after <paramref name="maxChars"/> characters (a surrogate pair counts as one).</summary>
    public static string Of(string? text, int maxChars = MaxChars)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(Math.Min(text.Length, maxChars) + 8);
        int shown = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (shown++ == maxChars) return sb.Append('…').ToString();
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]); // a whole pair, kept together
                continue;
            }
            switch (c)
            {
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\u2028' or '\u2029' or '\u0085': sb.Append($"\\u{(int)c:x4}"); break;
                default: if (char.IsControl(c) || char.IsSurrogate(c)) sb.Append($"\\u{(int)c:x4}"); else sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
