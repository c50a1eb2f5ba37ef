using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Coverage.Analysis.Reports;

/// <summary>
/// The Word report's styles: real heading styles with outline levels (so Word's navigation pane and table of contents
/// work), a title page, and fonts every reader resolves — Arial for Latin text, 微软雅黑 (Microsoft YaHei) for Chinese,
/// which LibreOffice replaces by an installed CJK font (WenQuanYi, Noto CJK) — on landscape A4 pages for wide tables.
/// </summary>
static class DocxStyles
{
    public const string Title = "Title", Subtitle = "Subtitle", Heading1 = "Heading1", Heading2 = "Heading2";
    public const string ContentsHeading = "TOCHeading", Contents1 = "TOC1", Contents2 = "TOC2";
    public const string LatinFont = "Arial", EastAsianFont = "Microsoft YaHei";

    /// <summary>A4 landscape with 2 cm margins, in twentieths of a point.</summary>
    const int PageWidth = 16838, PageHeight = 11906, Margin = 1134;

    public const int TextWidth = PageWidth - 2 * Margin, TextHeight = PageHeight - 2 * Margin;

    public static void Add(MainDocumentPart main)
    {
        main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
            Defaults(),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Paragraph(Title, "Title", new StyleParagraphProperties(new SpacingBetweenLines { Before = "3000", After = "200" }, new Justification { Val = JustificationValues.Center }),
                new StyleRunProperties(new Bold(), new FontSize { Val = "52" })),
            Paragraph(Subtitle, "Subtitle", new StyleParagraphProperties(new SpacingBetweenLines { After = "1200" }, new Justification { Val = JustificationValues.Center }),
                new StyleRunProperties(new Color { Val = DocxWriter.EnglishGrey }, new FontSize { Val = "28" })),
            Paragraph(Heading1, "heading 1", new StyleParagraphProperties(new KeepNext(), new PageBreakBefore(),
                    new SpacingBetweenLines { Before = "240", After = "160" }, new OutlineLevel { Val = 0 }),
                new StyleRunProperties(new Bold(), new Color { Val = "1565C0" }, new FontSize { Val = "32" })),
            Paragraph(Heading2, "heading 2", new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "80" }, new OutlineLevel { Val = 1 }),
                new StyleRunProperties(new Bold(), new FontSize { Val = "24" })),
            Paragraph(ContentsHeading, "TOC Heading", new StyleParagraphProperties(new KeepNext(), new PageBreakBefore(), new SpacingBetweenLines { After = "240" }),
                new StyleRunProperties(new Bold(), new FontSize { Val = "32" })),
            Paragraph(Contents1, "toc 1", new StyleParagraphProperties(new SpacingBetweenLines { After = "60" }), new StyleRunProperties()),
            Paragraph(Contents2, "toc 2", new StyleParagraphProperties(new SpacingBetweenLines { After = "40" }, new Indentation { Left = "440" }), new StyleRunProperties()));
        // Word fills the table of contents' page numbers on opening; the entries are already written for other readers.
        main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(new UpdateFieldsOnOpen { Val = true });
    }

    static DocDefaults Defaults() => new(
        new RunPropertiesDefault(new RunPropertiesBaseStyle(
            new RunFonts { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = EastAsianFont, ComplexScript = LatinFont },
            new FontSize { Val = "20" }, new FontSizeComplexScript { Val = "20" }, new Languages { Val = "en-US", EastAsia = "zh-CN" })),
        new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "80", Line = "276", LineRule = LineSpacingRuleValues.Auto })));

    static Style Paragraph(string id, string name, StyleParagraphProperties paragraph, StyleRunProperties run) =>
        new(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" }, new PrimaryStyle(), paragraph, run)
        { Type = StyleValues.Paragraph, StyleId = id };

    /// <summary>A footer with the page number (a PAGE field), centred; returns its relationship id.</summary>
    public static string PageNumbers(MainDocumentPart main)
    {
        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = new Footer(new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
            new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " }));
        return main.GetIdOfPart(footer);
    }

    /// <summary>The body's last child: every page A4 landscape, numbered in the footer.</summary>
    public static SectionProperties Landscape(string footerId) => new(
        new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
        new PageSize { Width = PageWidth, Height = PageHeight, Orient = PageOrientationValues.Landscape },
        new PageMargin { Top = Margin, Right = Margin, Bottom = Margin, Left = Margin, Header = 567, Footer = 567, Gutter = 0 });
}
