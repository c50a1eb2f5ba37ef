namespace Coverage.Server.Tests.Support;

/// <summary>The report CSVs as records: header name → column, and the rows with as many fields as the header.</summary>
public static class CsvText
{
    /// <summary>A small RFC 4180 reader (quotes, doubled quotes), enough for the report's own CSV.</summary>
    public static (Dictionary<string, int> Header, List<string[]> Rows) Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r')); field.Clear();
                records.Add(fields.ToArray()); fields.Clear();
            }
            else field.Append(ch);
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add(fields.ToArray()); }
        var header = records[0].Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        return (header, records.Skip(1).Where(r => r.Length == header.Count).ToList());
    }
}
