using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Coverage.Storage.Tests.Import;

/// <summary>
/// An .xlsx written part by part as raw SpreadsheetML in a zip, the way Excel stores what MiniExcel cannot write: merged
/// cells, formulas with cached results, dates (a day serial under a date style), numbers stored as text, styled empty rows.
/// Cells are given by their reference ("B3"); a value is text (inline string), a double (number), a
/// <see cref="Formula"/> or a <see cref="Date"/>.
/// </summary>
public sealed class HandWorkbook
{
    public sealed record Formula(string Expression, double Cached);
    public sealed record Date(DateTime Day);
    /// <summary>A styled cell with no value: Excel keeps these on rows below the data ("trailing empty rows").</summary>
    public sealed record Blank;

    sealed record SheetPart(string Name, SortedDictionary<int, SortedDictionary<string, object>> Rows, List<string> Merges);
    readonly List<SheetPart> _sheets = [];

    /// <summary>The encoding workbook.xml (which holds the sheet names) is written in, and the name its XML declaration gives.</summary>
    public (Encoding Bytes, string Declared)? WorkbookEncoding { get; init; }

    public HandWorkbook Sheet(string name)
    {
        _sheets.Add(new(name, [], []));
        return this;
    }

    /// <summary>Cells of one row of the current sheet, from column A on (null skips a column).</summary>
    public HandWorkbook Row(int row, params object?[] cells)
    {
        var part = _sheets[^1];
        if (!part.Rows.TryGetValue(row, out var r)) part.Rows[row] = r = new(Comparer<string>.Create(CompareColumns));
        for (int i = 0; i < cells.Length; i++) if (cells[i] is { } v) r[Letter(i) + row] = v;
        return this;
    }

    public HandWorkbook Merge(string range)
    {
        _sheets[^1].Merges.Add(range);
        return this;
    }

    public string Save(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Part(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
            <Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
            """ + string.Concat(_sheets.Select((_, i) => $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")) + "</Types>");
        Part(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
            </Relationships>
            """);
        var (bytes, declared) = WorkbookEncoding ?? (new UTF8Encoding(false), "UTF-8");
        Part(zip, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="{declared}" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
            """ + string.Concat(_sheets.Select((s, i) => $"<sheet name=\"{SecurityElement.Escape(s.Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>")) + "</sheets></workbook>", bytes);
        Part(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """ + string.Concat(_sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>"))
            + $"<Relationship Id=\"rId{_sheets.Count + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>");
        // Style 1: the built-in short date format 14 (what Excel gives a typed date).
        Part(zip, "xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
            <fills count="1"><fill><patternFill patternType="none"/></fill></fills>
            <borders count="1"><border/></borders>
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
            <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
            </styleSheet>
            """);
        for (int i = 0; i < _sheets.Count; i++) Part(zip, $"xl/worksheets/sheet{i + 1}.xml", SheetXml(_sheets[i]));
        return path;
    }

    static string SheetXml(SheetPart sheet)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        foreach (var (row, cells) in sheet.Rows)
        {
            xml.Append($"<row r=\"{row}\">");
            foreach (var (reference, value) in cells) xml.Append(Cell(reference, value));
            xml.Append("</row>");
        }
        xml.Append("</sheetData>");
        if (sheet.Merges.Count > 0)
            xml.Append($"<mergeCells count=\"{sheet.Merges.Count}\">").Append(string.Concat(sheet.Merges.Select(m => $"<mergeCell ref=\"{m}\"/>"))).Append("</mergeCells>");
        return xml.Append("</worksheet>").ToString();
    }

    static string Cell(string reference, object value) => value switch
    {
        string s => $"<c r=\"{reference}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></is></c>",
        double d => $"<c r=\"{reference}\"><v>{d.ToString("R", CultureInfo.InvariantCulture)}</v></c>",
        int n => $"<c r=\"{reference}\"><v>{n}</v></c>",
        Formula f => $"<c r=\"{reference}\"><f>{SecurityElement.Escape(f.Expression)}</f><v>{f.Cached.ToString("R", CultureInfo.InvariantCulture)}</v></c>",
        Date d => $"<c r=\"{reference}\" s=\"1\"><v>{d.Day.ToOADate().ToString(CultureInfo.InvariantCulture)}</v></c>",
        Blank => $"<c r=\"{reference}\" s=\"1\"/>",
        _ => throw new ArgumentException($"cell {reference}: {value.GetType().Name}"),
    };

    static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : Letter(index / 26 - 1) + (char)('A' + index % 26);

    static int CompareColumns(string a, string b)
    {
        string la = new(a.TakeWhile(char.IsLetter).ToArray()), lb = new(b.TakeWhile(char.IsLetter).ToArray());
        return la.Length != lb.Length ? la.Length.CompareTo(lb.Length) : string.CompareOrdinal(la, lb);
    }

    static void Part(ZipArchive zip, string name, string text, Encoding? encoding = null)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open(), encoding ?? new UTF8Encoding(false));
        w.Write(text.Trim());
    }
}
