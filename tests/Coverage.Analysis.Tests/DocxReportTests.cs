using System.Diagnostics;
using System.Globalization;
using Coverage.Analysis.Circles;
using Coverage.Core.Domain;
using Coverage.Analysis.Reports;
using Coverage.Analysis.Tests.Siting;
using Coverage.Analysis.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using SkiaSharp;
using Xunit.Abstractions;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

/// <summary>The demo county's report for every circle, evaluated and written to .docx once for the class.</summary>
public sealed class DemoDocx
{
    public IReadOnlyList<CircleCoverage> Circles { get; } = new CoverageEngine(DemoCounty.Region).EvaluateAll();
    public byte[] Bytes { get; }

    public DemoDocx()
    {
        using var ms = new MemoryStream();
        DocxReport.Write(DemoCounty.Region, Circles, ms, generated: DateTimeOffset.UnixEpoch);
        Bytes = ms.ToArray();
    }

    public WordprocessingDocument Open() => WordprocessingDocument.Open(new MemoryStream(Bytes), false);
}

/// <summary>
/// Issue #13 item 5, "must show": the Word report validates (OpenXmlValidator), renders in LibreOffice (a page image is
/// kept with the screenshots), and shows the same tables, cell for cell, as the HTML report's ReportTables.
/// </summary>
public sealed class DocxReportTests(DemoDocx demo, ITestOutputHelper output) : IClassFixture<DemoDocx>
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public void Demo_county_docx_has_no_validation_errors()
    {
        using var doc = demo.Open();
        var errors = new OpenXmlValidator(FileFormatVersions.Microsoft365).Validate(doc).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10).Select(e => $"{e.Path?.XPath}: {e.Description}")));
        Assert.True(demo.Bytes.Length > 50_000, $"{demo.Bytes.Length} B");   // pictures included
        Assert.Equal(demo.Circles.Count(c => c.Computed) * 2, doc.MainDocumentPart!.ImageParts.Count());   // bars and map per circle
    }

    /// <summary>The tables the HTML report shows, in its order: overview, per circle towns and uncovered (100 rows), problems.</summary>
    IEnumerable<ReportTable> ExpectedTables()
    {
        yield return CoverageTables.County(demo.Circles);
        foreach (var c in demo.Circles.Where(c => c.Computed))
        {
            yield return WithoutCircle(CoverageTables.Towns([c]));
            var uncovered = WithoutCircle(CoverageTables.Uncovered([c]));
            yield return uncovered with { Rows = uncovered.Rows.Take(100).ToList() };
        }
        var problems = CoverageTables.Problems(DemoCounty.Region, demo.Circles);
        if (problems.Rows.Count > 0) yield return problems;
    }

    static ReportTable WithoutCircle(ReportTable t) => t with { Columns = t.Columns.Skip(1).ToList(), Rows = t.Rows.Select(r => r[1..]).ToList() };

    [Fact]
    public void Docx_tables_equal_the_report_tables_cell_for_cell()
    {
        using var doc = demo.Open();
        var tables = new Queue<Table>(doc.MainDocumentPart!.Document.Body!.Elements<Table>());
        int figures = 0, sideways = 0;
        foreach (var expected in ExpectedTables())
        {
            var (headings, rows) = ReadBack(tables, expected, ref sideways);
            Assert.Equal(expected.Columns.Select(c => c.Zh + c.En), headings);
            Assert.Equal(expected.Rows.Count, rows.Count);
            for (int r = 0; r < rows.Count; r++)
                for (int c = 0; c < expected.Columns.Count; c++)
                {
                    var column = expected.Columns[c];
                    var value = expected.Rows[r][c];
                    Assert.Equal(Shown(value, column.Kind), rows[r][c].InnerText);
                    bool right = rows[r][c].Descendants<Justification>().Any(j => j.Val?.Value == JustificationValues.Right);
                    Assert.Equal(column.Kind is ColumnKind.Integer or ColumnKind.Number or ColumnKind.Share or ColumnKind.Degrees, right);
                    if (value is double or int) figures++;
                }
        }
        Assert.Empty(tables);
        output.WriteLine($"{figures} figures compared; {sideways} tables printed sideways");
        Assert.True(figures > 500, $"{figures}");
        Assert.True(sideways > demo.Circles.Count, $"{sideways}");   // the county table and every towns table
    }

    /// <summary>
    /// The next docx table(s) holding <paramref name="expected"/>, as headings and a matrix of cells: upright (header row
    /// on top, repeated on each page), or sideways in blocks of records when the table has many columns.
    /// </summary>
    static (List<string> Headings, List<TableCell[]> Rows) ReadBack(Queue<Table> tables, ReportTable expected, ref int sideways)
    {
        if (expected.Columns.Count <= DocxWriter.TransposeAbove || expected.Rows.Count == 0)
        {
            var upright = tables.Dequeue().Elements<TableRow>().ToList();
            Assert.NotNull(upright[0].TableRowProperties?.GetFirstChild<TableHeader>());
            return (upright[0].Elements<TableCell>().Select(c => c.InnerText).ToList(), upright.Skip(1).Select(r => r.Elements<TableCell>().ToArray()).ToList());
        }
        List<string>? headings = null;
        var rows = new List<TableCell[]>();
        for (int block = 0; block * DocxWriter.BlockRows < expected.Rows.Count; block++)
        {
            var lines = tables.Dequeue().Elements<TableRow>().Select(r => r.Elements<TableCell>().ToArray()).ToList();
            sideways++;
            Assert.NotNull(lines[0][0].Parent is TableRow top ? top.TableRowProperties?.GetFirstChild<TableHeader>() : null);
            headings ??= lines.Select(l => l[0].InnerText).ToList();
            Assert.Equal(headings, lines.Select(l => l[0].InnerText));
            for (int r = 1; r < lines[0].Length; r++) rows.Add(lines.Select(l => l[r]).ToArray());
        }
        return (headings!, rows);
    }

    /// <summary>
    /// How the HTML report prints a cell, written out here on its own: figures with thousands separators, shares as
    /// percentages with one decimal, 是/否; status words and other text as the shared cell writer gives them.
    /// </summary>
    static string Shown(object? v, ColumnKind kind) => v switch
    {
        null => "—",
        double d when kind == ColumnKind.Share => (d * 100).ToString("0.0", Inv) + "%",
        double d when kind == ColumnKind.Integer => Math.Round(d, MidpointRounding.AwayFromZero).ToString("#,##0", Inv),
        double d when !double.IsFinite(d) => "—",
        double d => Math.Abs(d) >= 100 ? Math.Round(d, MidpointRounding.AwayFromZero).ToString("#,##0", Inv) : Math.Round(d, 2, MidpointRounding.AwayFromZero).ToString(Inv),
        int n => n.ToString("#,##0", Inv),
        bool b => b ? "是 yes" : "否 no",
        _ => ReportCells.Text(v, kind),
    };

    [Fact]
    public void Headings_use_word_heading_styles_and_the_contents_list_them()
    {
        using var doc = demo.Open();
        var body = doc.MainDocumentPart!.Document.Body!;
        string Style(Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
        var h1 = body.Elements<Paragraph>().Where(p => Style(p) == "Heading1").Select(p => p.InnerText).ToList();
        Assert.Equal(["总览 Overview", .. demo.Circles.Select(c => $"{c.Circle.NameZh} {c.Circle.NameEn}"), "无法计算或需注意的事项 What could not be computed"], h1);
        var headings = body.Elements<Paragraph>().Where(p => Style(p) is "Heading1" or "Heading2").Select(p => p.InnerText).ToList();
        var contents = body.Elements<Paragraph>().Where(p => Style(p) is "TOC1" or "TOC2").Select(p => string.Concat(p.Descendants<Text>().Select(t => t.Text))).ToList();
        Assert.Equal(headings, contents);
        Assert.Contains(body.Descendants<FieldCode>(), f => f.Text.Contains("TOC \\o"));
        var styles = doc.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);
        Assert.Equal(0, styles["Heading1"].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        Assert.Equal(1, styles["Heading2"].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        var fonts = doc.MainDocumentPart.StyleDefinitionsPart.Styles.DocDefaults!.Descendants<RunFonts>().Single();
        Assert.Equal("Microsoft YaHei", fonts.EastAsia!.Value);
    }

    [Fact]
    public void Map_picture_colours_each_settlement_by_its_status_where_the_svg_puts_it()
    {
        var c = demo.Circles.First(c => c.Computed);
        var map = new MapSvg(DemoCounty.Region);
        using var png = SKBitmap.Decode(ReportImages.Map(map, c));
        Assert.Equal((int)(map.Width * ReportImages.Scale), png.Width);
        var colours = new[] { CoverageStatus.Covered, CoverageStatus.Partly, CoverageStatus.Uncovered }
            .ToDictionary(s => s, s => Blend(SKColor.Parse(MapSvg.StatusColour(s)), SKColor.Parse("#fafafa"), 0.85));
        int right = 0;
        foreach (var s in c.Settlements)
        {
            var (x, y) = map.Project(s.Settlement.Geometry.InteriorPoint.X, s.Settlement.Geometry.InteriorPoint.Y);
            var pixel = png.GetPixel((int)(x * ReportImages.Scale), (int)(y * ReportImages.Scale));
            if (colours.MinBy(kv => Distance(kv.Value, pixel)).Key == (s.Status == CoverageStatus.Partly ? CoverageStatus.Partly : s.Status == CoverageStatus.Covered ? CoverageStatus.Covered : CoverageStatus.Uncovered)) right++;
        }
        output.WriteLine($"{right} of {c.Settlements.Count} settlements drawn in their status colour");
        Assert.True(right >= c.Settlements.Count * 0.9, $"{right} of {c.Settlements.Count}");
        Assert.Contains(c.Settlements, s => s.Status == CoverageStatus.Covered);
        Assert.Contains(c.Settlements, s => s.Status != CoverageStatus.Covered);
    }

    [Fact]
    public void Town_bars_are_as_long_as_each_towns_covered_share()
    {
        var c = demo.Circles.First(c => c.Computed && c.Towns.Count > 2);
        var (bytes, width, _) = ReportImages.TownBars(c);
        using var png = SKBitmap.Decode(bytes);
        Assert.Equal((int)(width * ReportImages.Scale), png.Width);
        for (int i = 0; i < c.Towns.Count; i++)
        {
            var t = c.Towns[i];
            var colour = SKColor.Parse(t.TargetMet ? MapSvg.Covered : MapSvg.Uncovered);
            int y = (int)((i * ReportImages.BarRow + 4 + 8) * ReportImages.Scale), x = (int)(ReportImages.BarLabel * ReportImages.Scale);
            int length = 0;
            while (x + length < png.Width && Distance(png.GetPixel(x + length, y), colour) < 30) length++;
            Assert.InRange(length, (t.DemandShare ?? 0) * ReportImages.BarWidth * ReportImages.Scale - 2, (t.DemandShare ?? 0) * ReportImages.BarWidth * ReportImages.Scale + 2);
        }
    }

    static SKColor Blend(SKColor over, SKColor under, double alpha) => new(
        (byte)Math.Round(over.Red * alpha + under.Red * (1 - alpha)), (byte)Math.Round(over.Green * alpha + under.Green * (1 - alpha)),
        (byte)Math.Round(over.Blue * alpha + under.Blue * (1 - alpha)));

    static double Distance(SKColor a, SKColor b) => Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);

    /// <summary>
    /// LibreOffice (an independent reader) turns the report into a PDF whose text holds every overview figure as the
    /// ReportTable holds it; page 1 and a map page are kept as PNGs under TestResults/screenshots.
    /// </summary>
    [Fact]
    public void LibreOffice_renders_the_docx_and_the_pdf_shows_the_overview_figures()
    {
        var dir = Directory.CreateTempSubdirectory("coverage-docx-").FullName;
        try
        {
            var docx = Path.Combine(dir, "report.docx");
            File.WriteAllBytes(docx, demo.Bytes);
            var clock = Stopwatch.StartNew();
            ExternalTool.Run("soffice", "libreoffice-writer", TimeSpan.FromMinutes(5), $"-env:UserInstallation=file://{dir}/profile",
                "--headless", "--convert-to", "pdf", "--outdir", dir, docx);
            output.WriteLine($"LibreOffice conversion: {clock.Elapsed.TotalSeconds:0.0} s");
            var pdf = Path.Combine(dir, "report.pdf");
            Assert.True(File.Exists(pdf), "no PDF written");
            var pages = ExternalTool.Run("pdftotext", "poppler-utils", TimeSpan.FromMinutes(1), "-layout", pdf, "-").Split('\f');
            output.WriteLine($"{pages.Length - 1} pages");
            Assert.True(pages.Length > 2 + demo.Circles.Count, $"{pages.Length - 1} pages");
            var text = string.Join("\n", pages);
            Assert.Contains("公共服务设施步行覆盖评估报告", pages[0]);   // Chinese glyphs rendered and extractable

            var county = CoverageTables.County(demo.Circles);
            int checkedFigures = 0;
            foreach (var row in county.Rows)
                for (int i = 0; i < county.Columns.Count; i++)
                    if (county.Columns[i].Kind is ColumnKind.Integer or ColumnKind.Share && row[i] is double or int)
                    {
                        var figure = Shown(row[i], county.Columns[i].Kind);
                        Assert.True(text.Contains(figure), $"overview figure {county.Columns[i].Id} = {figure} not in the PDF text");
                        checkedFigures++;
                    }
            output.WriteLine($"{checkedFigures} overview figures found in the PDF");
            Assert.True(checkedFigures >= demo.Circles.Count * 8, $"{checkedFigures}");

            // The first map page: the one with the map's key under its heading.
            int mapPage = Array.FindIndex(pages, p => p.Contains("部分 partly") && p.Contains("设施 facility")) + 1;
            Assert.True(mapPage > 0, "no page with a map legend");
            var shots = Path.Combine(RealExtract.RepoRoot(), "TestResults", "screenshots");
            Directory.CreateDirectory(shots);
            var first = Page(pdf, 1, Path.Combine(shots, "docx-report-page1"));
            var mapShot = Page(pdf, mapPage, Path.Combine(shots, "docx-report-map"));
            output.WriteLine($"{first}\n{mapShot} (page {mapPage})");
            using var image = SKBitmap.Decode(mapShot);
            int green = 0, red = 0;
            for (int y = 0; y < image.Height; y += 2)
                for (int x = 0; x < image.Width; x += 2)
                {
                    var p = image.GetPixel(x, y);
                    if (Distance(p, SKColor.Parse(MapSvg.Covered)) < 60) green++;
                    if (Distance(p, SKColor.Parse(MapSvg.Uncovered)) < 60) red++;
                }
            Assert.True(green > 20 && red > 20, $"map page shows {green} green and {red} red samples: the picture did not render");
        }
        finally { Directory.Delete(dir, true); }
    }

    static string Page(string pdf, int page, string prefix)
    {
        ExternalTool.Run("pdftoppm", "poppler-utils", TimeSpan.FromMinutes(1), "-png", "-r", "80", "-f", page.ToString(Inv), "-l", page.ToString(Inv), "-singlefile", pdf, prefix);
        return prefix + ".png";
    }

    [Fact]
    public void Extra_sections_appear_in_both_reports_with_their_tables()
    {
        var engine = new CoverageEngine(Village.Region(Catalog(Circle("culture-11", CircleKind.Nearest, 11, "adult", "culture"))));
        var circles = engine.EvaluateAll();
        var table = new ReportTable("indicators", "指标", "Indicators",
            [new("name", "指标", "Indicator"), new("now", "现状", "Now", ColumnKind.Integer), new("share", "达标率", "Share met", ColumnKind.Share)],
            [["日间照料中心", 12345.0, 0.505], ["候车亭", 7, null]]);
        var section = new ReportSection("规划指标", "Plan indicators", [new ReportText("见下表。", "See the table.")], [table]);

        var html = new StringWriter();
        HtmlReport.Write(engine.Region, circles, html, sections: [section]);
        Assert.Contains("<h2>规划指标 <span class=\"en\">Plan indicators</span></h2>", html.ToString());
        Assert.Contains("<td class=\"n\">12,345</td><td class=\"n\">50.5%</td>", html.ToString());

        using var ms = new MemoryStream();
        DocxReport.Write(engine.Region, circles, ms, sections: [section]);
        using var doc = WordprocessingDocument.Open(new MemoryStream(ms.ToArray()), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Microsoft365).Validate(doc));
        var body = doc.MainDocumentPart!.Document.Body!;
        Assert.Contains(body.Elements<Paragraph>(), p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value == "Heading1" && p.InnerText == "规划指标 Plan indicators");
        Assert.Contains(body.Elements<Paragraph>(), p => p.InnerText == "见下表。 See the table.");
        var last = body.Elements<Table>().Single(t => t.InnerText.Contains("日间照料中心"));
        Assert.Equal([["指标Indicator", "现状Now", "达标率Share met"], ["日间照料中心", "12,345", "50.5%"], ["候车亭", "7", "—"]],
            last.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToArray());
    }
}
