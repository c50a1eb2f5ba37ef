namespace Coverage.Storage.Import;

/// <summary>Where in the input a problem is: a CSV line, a feature number, an OSM object, or the file as a whole.</summary>
public readonly record struct RowLocation(string Zh, string En)
{
    public static RowLocation Line(long n) => new($"第 {n} 行", $"line {n}");
    /// <summary>An Excel row: the sheet's name and the row number Excel shows.</summary>
    public static RowLocation SheetRow(string sheet, long n) => new($"工作表“{sheet}”第 {n} 行", $"sheet '{sheet}' row {n}");
    public static RowLocation Feature(long n) => new($"第 {n} 个要素", $"feature {n}");
    public static RowLocation Osm(string type, long id) => new($"OSM {type} {id}", $"OSM {type} {id}");
    public static readonly RowLocation File = new("文件", "file");
}

/// <summary>One problem with one row: where, which field, why — in 简体中文 and English.</summary>
public sealed record ImportError(RowLocation Where, string? Field, string Zh, string En)
{
    public override string ToString() => Field is null
        ? $"{Where.Zh}：{Zh} / {Where.En}: {En}"
        : $"{Where.Zh} 字段 {Field}：{Zh} / {Where.En}, field {Field}: {En}";
}

/// <summary>Something the planner should know that does not stop the import (e.g. GCJ-02 points outside China).</summary>
public sealed record ImportWarning(string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";
}

/// <summary>
/// All rows or none: <see cref="Items"/> holds every row when <see cref="Errors"/> is empty, and nothing otherwise,
/// so a caller cannot commit half a file.
/// </summary>
public sealed class ImportResult<T>
{
    public IReadOnlyList<T> Items { get; }
    /// <summary>Where each of <see cref="Items"/> was read (same order), for per-row warnings after validation.</summary>
    public IReadOnlyList<RowLocation> ItemRows { get; }
    public IReadOnlyList<ImportError> Errors { get; }
    public IReadOnlyList<ImportWarning> Warnings { get; }
    /// <summary>Rows seen, valid or not.</summary>
    public int RowCount { get; }
    /// <summary>Rows with at least one error, all of them (also those whose errors were not kept).</summary>
    public int BadRows { get; }
    /// <summary>Errors beyond the <see cref="ImportOptions.MaxErrors"/> kept.</summary>
    public int OmittedErrors { get; }
    /// <summary>
    /// The canonical fields (<see cref="FieldNames"/>) each of <see cref="Items"/> carried, blank or not (same order). A fact
    /// a row does not carry is unknown to the file, not cleared by it: a re-import keeps the stored value (see the CLI's
    /// import). A CSV or spreadsheet row carries every column of its header; a GeoJSON feature its own properties; an OSM
    /// element the tags it has.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> ItemFields { get; init; } = [];

    public bool Succeeded => Errors.Count == 0;

    internal ImportResult(IReadOnlyList<T> items, IReadOnlyList<ImportError> errors, IReadOnlyList<ImportWarning> warnings, int rowCount, int omittedErrors,
        IReadOnlyList<RowLocation>? itemRows = null, int badRows = 0)
    {
        BadRows = badRows;
        Items = errors.Count == 0 ? items : [];
        ItemRows = errors.Count == 0 ? itemRows ?? [] : [];
        Errors = errors;
        Warnings = warnings;
        RowCount = rowCount;
        OmittedErrors = omittedErrors;
    }

    internal static ImportResult<T> Fail(ImportError error) => new([], [error], [], 0, 0);
}
