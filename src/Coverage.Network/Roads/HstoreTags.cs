namespace Coverage.Network.Roads;

/// <summary>
/// The <c>other_tags</c> column GDAL's OSM driver writes: OSM tags not given their own column, as a PostgreSQL
/// hstore literal <c>"bridge"=>"yes","foot"=>"no"</c> with <c>\"</c> and <c>\\</c> escapes. Shapefile cuts text
/// fields at 254 bytes, so a value may end mid-pair; complete pairs are kept and the cut is reported.
/// </summary>
public static class HstoreTags
{
    /// <summary>The pairs of <paramref name="text"/>, in order; <paramref name="truncated"/> when the text ends inside a pair.</summary>
    public static List<KeyValuePair<string, string>> Parse(string? text, out bool truncated)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        truncated = false;
        if (string.IsNullOrWhiteSpace(text)) return pairs;
        int i = 0;
        while (true)
        {
            SkipSpace(text, ref i);
            if (i >= text.Length) return pairs;
            if (!ReadQuoted(text, ref i, out var key) || !Expect(text, ref i, "=>")) { truncated = true; return pairs; }
            SkipSpace(text, ref i);
            string? value;
            if (string.CompareOrdinal(text, i, "NULL", 0, 4) == 0) { value = null; i += 4; }
            else if (!ReadQuoted(text, ref i, out value)) { truncated = true; return pairs; }
            if (value != null) pairs.Add(new(key, value));
            SkipSpace(text, ref i);
            if (i < text.Length && text[i] == ',') i++;
            else if (i < text.Length) { truncated = true; return pairs; }
        }
    }

    static void SkipSpace(string s, ref int i) { while (i < s.Length && char.IsWhiteSpace(s[i])) i++; }

    static bool Expect(string s, ref int i, string token)
    {
        SkipSpace(s, ref i);
        if (string.CompareOrdinal(s, i, token, 0, token.Length) != 0) return false;
        i += token.Length;
        return true;
    }

    /// <summary>A double-quoted string with backslash escapes; false when the text ends before the closing quote.</summary>
    static bool ReadQuoted(string s, ref int i, out string value)
    {
        value = "";
        if (i >= s.Length || s[i] != '"') return false;
        var sb = new System.Text.StringBuilder();
        for (int j = i + 1; j < s.Length; j++)
        {
            char c = s[j];
            if (c == '\\' && j + 1 < s.Length) { sb.Append(s[++j]); continue; }
            if (c == '"') { value = sb.ToString(); i = j + 1; return true; }
            sb.Append(c);
        }
        return false;
    }
}
