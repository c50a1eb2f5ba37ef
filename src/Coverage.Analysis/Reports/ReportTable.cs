using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Reports;

/// <summary>Number: rounded to 4 decimals in CSV, 6 in JSON. Degrees: a longitude or latitude, kept to 7 decimals (~1 cm).</summary>
public enum ColumnKind { Text, Integer, Number, Share, Boolean, Degrees }

/// <summary>A column with its machine id (CSV/GeoJSON header) and bilingual heading (HTML).</summary>
public sealed record ReportColumn(string Id, string Zh, string En, ColumnKind Kind = ColumnKind.Text);

/// <summary>
/// One table of a report (settlements, uncovered list, towns, county, unsnapped places): the form every writer —
/// CSV, GeoJSON, HTML, and the CLI's GeoPackage — takes, so the tables are defined once.
/// </summary>
public sealed record ReportTable(string Name, string TitleZh, string TitleEn, IReadOnlyList<ReportColumn> Columns,
    IReadOnlyList<object?[]> Rows, IReadOnlyList<Geometry?>? Geometries = null)
{
    public bool HasGeometry => Geometries is not null;
}
