using System.Globalization;
using Coverage.Analysis.Circles;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Reports;

/// <summary>
/// A report table's cell as a planner reads it (thousands separators, shares as percentages, 是/否), shared by the
/// HTML and Word reports so both show every figure alike. Plain text: each writer escapes it for its own format.
/// </summary>
public static class ReportCells
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Text(object? v, ColumnKind kind) => v switch
    {
        null => "—",
        double d when kind == ColumnKind.Share => Pct(d),
        double d when kind == ColumnKind.Integer => d.ToString("N0", Inv),
        double d => double.IsFinite(d) ? d.ToString(Math.Abs(d) >= 100 ? "N0" : "0.##", Inv) : "—",
        int n => n.ToString("N0", Inv),
        bool b => b ? "是 yes" : "否 no",
        string s when kind == ColumnKind.Text && s is "covered" or "partly" or "uncovered" => StatusText(s),
        _ => Convert.ToString(v, Inv) ?? "",
    };

    /// <summary>Numbers are right-aligned in every report.</summary>
    public static bool IsNumeric(ColumnKind kind) => kind is ColumnKind.Integer or ColumnKind.Number or ColumnKind.Share or ColumnKind.Degrees;

    public static string Pct(double? share) => share is { } s ? (s * 100).ToString("0.0", Inv) + "%" : "—";

    /// <summary>A status id of a table cell in the words every view uses (<see cref="CoverageStatusIds.NameZh"/>).</summary>
    static string StatusText(string id) => Enum.GetValues<CoverageStatus>().First(s => s.Id() == id).NameZh();
}
