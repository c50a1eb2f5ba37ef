namespace Coverage.Storage.Import;

/// <summary>
/// CSV rows (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) with Chinese or English headers;
/// the delimiter (comma, semicolon, tab) is the one most frequent in the header line. Parsing is done on decoded
/// text because GBK files must be decoded first, and every row keeps the line it started on for error messages.
/// </summary>
static class CsvRows
{
    public static IEnumerable<RawRow> Read(string text, ICollection<ImportWarning> warnings)
    {
        using var records = Records(text, DetectDelimiter(text)).GetEnumerator();
        if (!records.MoveNext() || records.Current.Fields.All(string.IsNullOrWhiteSpace))
            throw new ImportFormatException("CSV 文件为空或没有表头", "CSV file is empty or has no header row");
        var canonical = Header(records.Current.Fields, warnings);
        while (records.MoveNext())
        {
            var (line, values) = records.Current;
            if (values.All(string.IsNullOrWhiteSpace)) continue;
            var fields = new Dictionary<string, string?>();
            for (int i = 0; i < canonical.Length; i++)
                if (canonical[i] is { } name) fields.TryAdd(name, i < values.Count ? values[i] : null);
            yield return new RawRow(RowLocation.Line(line), fields, null);
        }
    }

    static char DetectDelimiter(string text)
    {
        int end = text.IndexOfAny(['\n', '\r']);
        var head = end < 0 ? text : text[..end];
        return new[] { ',', ';', '\t' }.OrderByDescending(d => head.Count(c => c == d)).First();
    }

    /// <summary>
    /// Records with the 1-based line each starts on. Line ends are CRLF, LF or a lone CR (old Mac exports). A quote still open
    /// at the end of the text is an error naming the line it opened on: read on, it would swallow every following row.
    /// </summary>
    static IEnumerable<(int Line, List<string> Fields)> Records(string text, char delimiter)
    {
        int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0, line = 1;
        while (i < text.Length)
        {
            int start = line, quoteLine = 0;
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            bool quoted = false, endOfRecord = false;
            while (i < text.Length && !endOfRecord)
            {
                char c = text[i++];
                bool lineEnd = c == '\n' || (c == '\r' && (i >= text.Length || text[i] != '\n'));
                if (quoted)
                {
                    if (c == '"' && i < text.Length && text[i] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else { if (lineEnd) line++; field.Append(c); }
                }
                else if (c == '"' && field.Length == 0) { quoted = true; quoteLine = line; }
                else if (c == delimiter) { fields.Add(field.ToString()); field.Clear(); }
                else if (lineEnd) { line++; endOfRecord = true; }
                else if (c == '\r') { }
                else field.Append(c);
            }
            if (quoted)
                throw new ImportFormatException($"第 {quoteLine} 行的引号没有闭合，其后各行都会被读进这一个字段；请补上配对的引号（\"）",
                    $"line {quoteLine}: a quoted field is never closed, so every line after it would be read into that one field; add the closing quote (\")");
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }

    /// <summary>The canonical name of each header cell (null: unknown, listed in a warning); refused without the required columns.</summary>
    internal static string?[] Header(IReadOnlyList<string> header, ICollection<ImportWarning> warnings)
    {
        var canonical = header.Select(h => FieldNames.Canonical(h)).ToArray();
        var ignored = header.Where((h, i) => canonical[i] is null && !string.IsNullOrWhiteSpace(h)).ToList();
        if (MissingColumns(canonical) is { } list) throw new ImportFormatException($"缺少必需的列：{list}", $"missing required columns: {list}");
        if (ignored.Count > 0)
            warnings.Add(new($"已忽略无法识别的列：{string.Join("、", ignored)}", $"ignored unknown columns: {string.Join(", ", ignored)}"));
        return canonical;
    }

    /// <summary>The required columns a header lacks (name; lon and lat unless there is a wkt column) with their accepted names, or null.</summary>
    internal static string? MissingColumns(IReadOnlyList<string?> canonical)
    {
        var missing = new List<string>();
        if (!canonical.Contains(FieldNames.Name)) missing.Add(FieldNames.Name);
        if (!canonical.Contains(FieldNames.Wkt))
            missing.AddRange(new[] { FieldNames.Lon, FieldNames.Lat }.Where(f => !canonical.Contains(f)));
        return missing.Count == 0 ? null : string.Join("; ", missing.Select(m => $"{m} ({FieldNames.AliasesOf(m)})"));
    }
}
