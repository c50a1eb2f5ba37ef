using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Coverage.Storage.Import;

/// <summary>
/// Rows of one worksheet of an Excel workbook (.xlsx), as bureau tables are kept: the first sheet unless one is named;
/// a title row ("XX镇村庄人口统计表", merged across) or a merged group heading above the real header, which is found as
/// the first row holding the required columns; merged cells read as filled (a town merged down its villages counts for
/// each); numbers, dates and formula results (their cached values) read as the text a CSV would hold. Each row keeps its
/// Excel row number, and <see cref="Sheet.ColumnOf"/> names the column letter and heading of every field for messages.
/// </summary>
static class XlsxRows
{
    /// <summary>How far down a header row is looked for: title rows and notes above it are a few lines at most.</summary>
    const int HeaderSearchRows = 20;

    /// <summary>The rows read, and each field's column as "C 列“经度”" for error messages.</summary>
    public sealed record Sheet(IReadOnlyList<RawRow> Rows, IReadOnlyDictionary<string, string> ColumnOf);

    /// <summary>A workbook may unpack to at most this many times the file size limit (1 GB under the default 100 MB).</summary>
    const long UnpackedPerPacked = 10;

    public static Sheet Read(string path, string? sheetName, long maxBytes, ICollection<ImportWarning> warnings)
    {
        if (Path.GetExtension(path).Equals(".xls", StringComparison.OrdinalIgnoreCase))
            throw new ImportFormatException("不支持旧版 Excel 工作簿（.xls）；请在 Excel 中另存为 .xlsx", "old Excel workbooks (.xls) are not supported; in Excel use Save As .xlsx");
        try
        {
            CheckUnpackedSize(path, maxBytes * UnpackedPerPacked);
            var sheet = ChooseSheet(path, sheetName);
            var cells = MiniExcel.Query(path, useHeaderRow: false, sheetName: sheet, excelType: ExcelType.XLSX,
                    configuration: new OpenXmlConfiguration { FillMergedCells = true })
                .Cast<IDictionary<string, object?>>()
                .Select(r => r.ToDictionary(c => c.Key, c => Text(c.Value)))
                .ToList();
            return Rows(sheet, cells, warnings);
        }
        catch (ImportFormatException) { throw; }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or IOException or InvalidOperationException
                                  or KeyNotFoundException or FormatException or IndexOutOfRangeException or NullReferenceException
                                  or ArgumentException or NotSupportedException or OverflowException or InvalidCastException)
        {
            throw new ImportFormatException($"无法读取 Excel 工作簿（文件损坏或不是 .xlsx）：{e.Message}；请在 Excel 中打开并另存为 .xlsx",
                $"cannot read the Excel workbook (damaged, or not .xlsx): {e.Message}; open it in Excel and save it as .xlsx again");
        }
    }

    /// <summary>
    /// Refuses a workbook whose parts unpack past the limit, from the zip's directory, before any is read: a small file of
    /// highly compressed XML (a "zip bomb") would otherwise be read row by row into memory.
    /// </summary>
    static void CheckUnpackedSize(string path, long limit)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        long total = zip.Entries.Sum(e => e.Length);
        if (total > limit)
            throw new ImportFormatException($"工作簿解压后有 {total / 1048576.0:0.#} MB，超过上限 {limit / 1048576.0:0.#} MB；请拆分工作簿或另存为 CSV",
                $"the workbook unpacks to {total / 1048576.0:0.#} MB, above the {limit / 1048576.0:0.#} MB limit; split it or save it as CSV");
    }

    /// <summary>The sheet named by --sheet (exactly, else ignoring case and spaces), or the first; a missing name lists the sheets there are.</summary>
    static string ChooseSheet(string path, string? wanted)
    {
        _ = InputText.Gb18030; // registers the code pages, so a workbook.xml declared as GBK/GB2312 reads
        List<string> names;
        try { names = MiniExcel.GetSheetNames(path); }
        catch (Exception e) when (e is System.Xml.XmlException or ArgumentException or DecoderFallbackException)
        {
            throw new ImportFormatException($"工作表名称无法读取（工作簿目录 workbook.xml 的编码损坏：{e.Message}）；请在 Excel 中打开，重命名工作表后另存为 .xlsx",
                $"the worksheet names cannot be read (workbook.xml has a broken encoding: {e.Message}); open it in Excel, rename the sheets and save as .xlsx");
        }
        if (names.Count == 0) throw new ImportFormatException("工作簿中没有工作表", "the workbook has no worksheets");
        if (names.Any(n => string.IsNullOrEmpty(n) || n.Contains('\uFFFD')))
            throw new ImportFormatException("工作表名称无法读取（编码损坏）；请在 Excel 中重命名工作表后另存",
                "a worksheet name cannot be read (broken encoding); rename the sheets in Excel and save again");
        if (wanted is null) return names[0];
        static string Plain(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
        return names.FirstOrDefault(n => n == wanted)
            ?? names.FirstOrDefault(n => string.Equals(Plain(n), Plain(wanted), StringComparison.OrdinalIgnoreCase))
            ?? throw new ImportFormatException($"工作簿中没有名为“{wanted}”的工作表；现有：{string.Join("、", names)}",
                $"the workbook has no sheet named '{wanted}'; it has: {string.Join(", ", names)}");
    }

    static Sheet Rows(string sheet, List<Dictionary<string, string?>> cells, ICollection<ImportWarning> warnings)
    {
        int headerIndex = HeaderRow(sheet, cells);
        var columns = cells[headerIndex].Where(c => c.Value is not null).OrderBy(c => ColumnNumber(c.Key)).ToList();
        var header = columns.Select(c => c.Value!).ToList();
        var canonical = CsvRows.Header(header, warnings);
        if (headerIndex > 0)
            warnings.Add(new($"工作表“{sheet}”的表头在第 {headerIndex + 1} 行，其上 {headerIndex} 行（标题）已跳过",
                $"sheet '{sheet}': header found on row {headerIndex + 1}; the {headerIndex} row(s) above it (title) were skipped"));
        var columnOf = new Dictionary<string, string>();
        var letterOf = new Dictionary<string, string>();
        for (int i = 0; i < columns.Count; i++)
            if (canonical[i] is { } name && letterOf.TryAdd(name, columns[i].Key))
                columnOf[name] = $"{name}（{columns[i].Key} 列“{header[i].Trim()}”）";
        var rows = new List<RawRow>();
        for (int r = headerIndex + 1; r < cells.Count; r++)
        {
            if (cells[r].Values.All(string.IsNullOrWhiteSpace)) continue; // blank and trailing formatted rows
            var fields = letterOf.ToDictionary(f => f.Key, f => cells[r].GetValueOrDefault(f.Value));
            rows.Add(new RawRow(RowLocation.SheetRow(sheet, r + 1), fields, null));
        }
        return new(rows, columnOf);
    }

    /// <summary>
    /// The first row (0-based) among the first few that holds the required columns. None: the row with most known headings
    /// is refused with what it lacks, or, with no known heading at all, the sheet is refused as having no recognisable columns.
    /// </summary>
    static int HeaderRow(string sheet, List<Dictionary<string, string?>> cells)
    {
        if (cells.Count == 0) throw new ImportFormatException($"工作表“{sheet}”是空的", $"sheet '{sheet}' is empty");
        int best = -1, bestKnown = 0;
        for (int r = 0; r < Math.Min(HeaderSearchRows, cells.Count); r++)
        {
            var canonical = cells[r].Values.Where(v => v is not null).Select(v => FieldNames.Canonical(v!)).ToList();
            if (CsvRows.MissingColumns(canonical) is null) return r;
            int known = canonical.Count(c => c is not null);
            if (known > bestKnown) (best, bestKnown) = (r, known);
        }
        if (best >= 0) return best; // CsvRows.Header names what it lacks
        throw new ImportFormatException(
            $"工作表“{sheet}”前 {HeaderSearchRows} 行中没有可识别的表头；需要 名称、经度、纬度（或 几何/WKT）等列，如 名称/经度/纬度/常住人口/60岁以上人口/所属镇街",
            $"sheet '{sheet}' has no recognisable header row in its first {HeaderSearchRows} rows; it needs columns such as 名称/name, 经度/lon, 纬度/lat (or wkt)");
    }

    /// <summary>"A" → 1, "AB" → 28: the header's columns in sheet order.</summary>
    static int ColumnNumber(string letters) => letters.Aggregate(0, (n, c) => n * 26 + (char.ToUpperInvariant(c) - 'A' + 1));

    /// <summary>
    /// A cell as the text a CSV would hold: numbers in invariant round-trip form (a whole number without ".0"), a date as
    /// yyyy-MM-dd (a date in 建成年份 counts as its year), true/false; text as it is, so numbers stored as text parse the same.
    /// </summary>
    static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
