namespace Coverage.Analysis.Reports;

/// <summary>A paragraph of a report section: Chinese first, the English beside it in the smaller grey type.</summary>
public sealed record ReportText(string Zh, string? En = null);

/// <summary>
/// An extra section of the printable reports (indicators, capacity, life-circle units, ...): a heading, paragraphs and
/// tables that <see cref="HtmlReport"/> and <see cref="DocxReport"/> both render as they are, after the circles and
/// before "what could not be computed", so a new section needs no change to either generator.
/// </summary>
public sealed record ReportSection(string TitleZh, string TitleEn, IReadOnlyList<ReportText> Paragraphs, IReadOnlyList<ReportTable> Tables);
