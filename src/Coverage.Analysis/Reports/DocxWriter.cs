using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Coverage.Analysis.Reports;

/// <summary>
/// Appends the Word report's building blocks to a body: bilingual headings (remembered for the table of contents) and
/// paragraphs, report tables (header row repeated on every page, numbers right-aligned, cells as <see cref="ReportCells"/>
/// writes them) and PNG pictures.
/// </summary>
sealed class DocxWriter(MainDocumentPart main)
{
    public const string EnglishGrey = "666666", Met = "2E7D32", Gap = "C62828", Note = "8D6E00";
    const string HeaderFill = "EEF3FA", Border = "BBBBBB";
    /// <summary>Half-points: body 10 pt, tables 7.5 pt, their English headings 6.5 pt.</summary>
    const int EnglishSize = 16, TableSize = 15, TableEnglishSize = 13;
    const long EmuPerTwip = 635;

    readonly List<(int Level, string Text)> _headings = [];
    uint _pictures;

    public Body Body { get; } = new();

    public static Run Run(string text, string? colour = null, int? halfPoints = null)
    {
        var props = new RunProperties();
        if (colour is not null) props.Append(new Color { Val = colour });
        if (halfPoints is { } size) props.Append(new FontSize { Val = size.ToString() }, new FontSizeComplexScript { Val = size.ToString() });
        return new Run(props, new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>The English beside the Chinese: smaller and grey, as in the HTML report.</summary>
    public static Run EnglishRun(string text, int halfPoints = EnglishSize) => Run(text, EnglishGrey, halfPoints);

    /// <summary>XML cannot hold control characters: a planner's name with one still prints.</summary>
    static string Clean(string s) => string.Concat(s.Select(ch => char.IsControl(ch) ? ' ' : ch));

    public void Heading(int level, string zh, string en)
    {
        Body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = level == 1 ? DocxStyles.Heading1 : DocxStyles.Heading2 }),
            Run(zh), Run(" "), EnglishRun(en, level == 1 ? 22 : 18)));
        _headings.Add((level, $"{zh} {en}"));
    }

    public void Paragraph(string zh, string? en, string? colour = null)
    {
        var p = new Paragraph();
        if (zh.Length > 0) p.Append(Run(zh, colour));
        if (!string.IsNullOrEmpty(en)) p.Append(Run(zh.Length > 0 ? " " : ""), EnglishRun(en));
        Body.Append(p);
    }

    /// <summary>The map's key: the colours of <see cref="MapSvg"/>.</summary>
    public void Legend()
    {
        var p = new Paragraph(new ParagraphProperties(new KeepNext()));
        foreach (var (colour, zh, en) in new[] { (MapSvg.Covered, "覆盖", "covered"), (MapSvg.Partly, "部分", "partly"), (MapSvg.Uncovered, "未覆盖", "uncovered"), (MapSvg.Facility, "设施", "facility") })
            p.Append(Run("■ ", colour.TrimStart('#').ToUpperInvariant()), Run(zh + " "), EnglishRun(en + "    "));
        Body.Append(p);
    }

    /// <summary>
    /// A table of more columns than this (the county table's 30, the towns table's 19) turns on its side: a row per
    /// column, a column per record, at most <see cref="BlockRows"/> records a table, so figures print at a readable size.
    /// </summary>
    internal const int TransposeAbove = 12, BlockRows = 10;

    public void Table(ReportTable table, bool skipFirstColumn = false)
    {
        int first = skipFirstColumn ? 1 : 0;
        var columns = table.Columns.Skip(first).ToList();
        var cells = table.Rows.Select(r => r.Skip(first).Select((v, i) => ReportCells.Text(v, columns[i].Kind)).ToList()).ToList();
        if (columns.Count > TransposeAbove && cells.Count > 0)
            foreach (var block in cells.Chunk(BlockRows)) Body.Append(Transposed(columns, block), new Paragraph());
        else Body.Append(Upright(columns, cells), new Paragraph());
    }

    /// <summary>Headings on top (repeated on every page), a row per record.</summary>
    static Table Upright(IReadOnlyList<ReportColumn> columns, IReadOnlyList<List<string>> cells)
    {
        var widths = Widths(columns.Select((c, i) => Weight(c.Kind, cells.Select(r => r[i]), EnglishWord(c))).ToList());
        var t = NewTable(widths);
        t.Append(Row(true, columns.Select((c, i) => HeadingCell(widths[i], c))));
        foreach (var row in cells)
            t.Append(Row(false, row.Select((text, i) => Cell(widths[i], ReportCells.IsNumeric(columns[i].Kind), null, Run(text, halfPoints: TableSize)))));
        return t;
    }

    /// <summary>Headings down the left, the first column's values (circle, town) across the top as the repeated header row.</summary>
    static Table Transposed(IReadOnlyList<ReportColumn> columns, IReadOnlyList<List<string>> records)
    {
        double headings = Math.Clamp(columns.Max(c => Units(c.Zh)), 10, 24) + 1.5;
        var widths = Widths([headings, .. records.Select(r => Weight(ColumnKind.Text, r, 6))]);
        var t = NewTable(widths);
        for (int c = 0; c < columns.Count; c++)
        {
            bool numeric = ReportCells.IsNumeric(columns[c].Kind);
            t.Append(Row(c == 0, [HeadingCell(widths[0], columns[c]),
                .. records.Select((r, i) => Cell(widths[i + 1], numeric, c == 0 ? HeaderFill : null, Run(r[c], halfPoints: TableSize)))]));
        }
        return t;
    }

    static Table NewTable(int[] widths) => new(new TableProperties(
            new TableWidth { Width = DocxStyles.TextWidth.ToString(), Type = TableWidthUnitValues.Dxa },
            new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4, Color = Border }, new LeftBorder { Val = BorderValues.Single, Size = 4, Color = Border },
                new BottomBorder { Val = BorderValues.Single, Size = 4, Color = Border }, new RightBorder { Val = BorderValues.Single, Size = 4, Color = Border },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = Border }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = Border }),
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableCellMarginDefault(new TableCellLeftMargin { Width = 57, Type = TableWidthValues.Dxa }, new TableCellRightMargin { Width = 57, Type = TableWidthValues.Dxa })),
        new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString() })));

    static TableCell HeadingCell(int width, ReportColumn c) =>
        Cell(width, false, HeaderFill, Run(c.Zh, halfPoints: TableSize), new Run(new Break()), EnglishRun(c.En, TableEnglishSize));

    /// <summary>A row never split across pages; the header row repeats at the top of each page.</summary>
    static TableRow Row(bool header, IEnumerable<TableCell> cells)
    {
        var props = new TableRowProperties(new CantSplit());
        if (header) props.Append(new TableHeader());
        var row = new TableRow(props);
        row.Append(cells);
        return row;
    }

    static TableCell Cell(int width, bool right, string? fill, params Run[] runs)
    {
        var props = new TableCellProperties(new TableCellWidth { Width = width.ToString(), Type = TableWidthUnitValues.Dxa });
        if (fill is not null) props.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = fill });
        var paragraph = new ParagraphProperties(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto });
        if (right) paragraph.Append(new Justification { Val = JustificationValues.Right });
        var p = new Paragraph(paragraph);
        p.Append(runs);
        return new TableCell(props, p);
    }

    /// <summary>
    /// A column's share of the width: what it holds (a CJK character counts two), so figures stay on one line; at least
    /// <paramref name="least"/> units (two Chinese characters, or the heading's longest English word); text at most 24 units (it wraps).
    /// </summary>
    static double Weight(ColumnKind kind, IEnumerable<string> cells, int least)
    {
        int content = cells.Select(Units).DefaultIfEmpty(0).Max();
        return Math.Max(least, Math.Min(ReportCells.IsNumeric(kind) ? 40 : 24, content)) + 1.5;
    }

    static int EnglishWord(ReportColumn c) => Math.Clamp(c.En.Split(' ', '/', '(', ')').Max(word => word.Length) * 4 / 5, 4, 10);

    static int[] Widths(IReadOnlyList<double> weights)
    {
        double total = weights.Sum();
        return weights.Select(w => (int)(DocxStyles.TextWidth * w / total)).ToArray();
    }

    static int Units(string s) => s.Sum(ch => ch >= '\u2E80' ? 2 : 1);

    /// <summary>A PNG at the text width (or less, to fit one page), its SVG size giving the aspect ratio.</summary>
    public void Image(byte[] png, int width, int height, string description)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(png)) part.FeedData(data);
        double scale = Math.Min(1, DocxStyles.TextHeight * 0.8 / (DocxStyles.TextWidth * (double)height / width));
        long cx = (long)(DocxStyles.TextWidth * scale) * EmuPerTwip, cy = (long)(DocxStyles.TextWidth * scale * height / width) * EmuPerTwip;
        uint id = ++_pictures;
        var picture = new PIC.Picture(
            new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = $"picture{id}.png" }, new PIC.NonVisualPictureDrawingProperties()),
            new PIC.BlipFill(new A.Blip { Embed = main.GetIdOfPart(part) }, new A.Stretch(new A.FillRectangle())),
            new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle }));
        var inline = new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy }, new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = id, Name = $"Picture {id}", Description = description },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(picture) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };
        Body.Append(new Paragraph(new ParagraphProperties(new KeepLines()), new Run(new Drawing(inline))));
    }

    /// <summary>
    /// The table of contents at <paramref name="index"/>: a TOC field whose shown result already lists the headings, so
    /// LibreOffice and a PDF show it, and Word refreshes it with page numbers (settings: update fields on open).
    /// </summary>
    public void InsertContents(int index)
    {
        var items = new List<OpenXmlElement>
        {
            new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = DocxStyles.ContentsHeading }), Run("目录 "), EnglishRun("Contents", 22)),
        };
        for (int i = 0; i < _headings.Count; i++)
        {
            var (level, text) = _headings[i];
            var p = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = level == 1 ? DocxStyles.Contents1 : DocxStyles.Contents2 }));
            if (i == 0)
                p.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                    new Run(new FieldCode(" TOC \\o \"1-2\" \\h \\z \\u ") { Space = SpaceProcessingModeValues.Preserve }),
                    new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }));
            p.Append(Run(text));
            if (i == _headings.Count - 1) p.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.End }));
            items.Add(p);
        }
        for (int i = items.Count - 1; i >= 0; i--) Body.InsertAt(items[i], index);
    }
}
