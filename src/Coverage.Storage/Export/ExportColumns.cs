using Coverage.Core.Domain;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Export;

/// <summary>Value types of exported columns, for formats that declare them (DBF, GeoPackage).</summary>
public enum ColumnType { Text, Integer, Boolean, Real }

/// <summary>One exported attribute: its interchange name (as the importers read it), type and value.</summary>
public sealed record ExportColumn<T>(string Name, ColumnType Type, Func<T, object?> Value);

/// <summary>One layer of a GeoPackage: named, typed columns, rows of values, and a geometry per row (null: an attribute table, or a row without one).</summary>
public sealed record GeoPackageLayer(string Name, IReadOnlyList<(string Name, ColumnType Type)> Columns, IReadOnlyList<object?[]> Rows,
    IReadOnlyList<Geometry?>? Geometries, string? Description = null)
{
    public static GeoPackageLayer From<T>(string name, IEnumerable<T> items, IReadOnlyList<ExportColumn<T>> columns, Func<T, Geometry> geometry)
    {
        var list = items.ToList();
        return new(name, columns.Select(c => (c.Name, c.Type)).ToList(), list.Select(i => columns.Select(c => c.Value(i)).ToArray()).ToList(),
            list.Select(i => (Geometry?)geometry(i)).ToList());
    }
}

/// <summary>The attribute columns of the interchange format, in order; geometry is written by each format its own way.</summary>
public static class ExportColumns
{
    public static readonly IReadOnlyList<ExportColumn<Facility>> Facility =
    [
        new(FieldNames.Id, ColumnType.Text, f => f.Id),
        new(FieldNames.Name, ColumnType.Text, f => f.Name),
        new(FieldNames.Category, ColumnType.Text, f => f.Category),
        new(FieldNames.Kind, ColumnType.Text, f => f.Kind),
        new(FieldNames.Status, ColumnType.Text, f => f.Status.ToId()),
        new(FieldNames.Capacity, ColumnType.Integer, f => f.Capacity),
        new(FieldNames.Town, ColumnType.Text, f => f.Town),
        new(FieldNames.BuiltYear, ColumnType.Integer, f => f.BuiltYear),
        new(FieldNames.AreaM2, ColumnType.Real, f => f.AreaM2),
        new(FieldNames.Source, ColumnType.Text, f => f.Source),
        new(FieldNames.SourceId, ColumnType.Text, f => f.SourceId),
    ];

    public static readonly IReadOnlyList<ExportColumn<Settlement>> Settlement =
    [
        new(FieldNames.Id, ColumnType.Text, s => s.Id),
        new(FieldNames.Name, ColumnType.Text, s => s.Name),
        new(FieldNames.Kind, ColumnType.Text, s => s.Kind.ToId()),
        new(FieldNames.Town, ColumnType.Text, s => s.Town),
        new(FieldNames.AdminCode, ColumnType.Text, s => s.AdminCode),
        new(FieldNames.ParentId, ColumnType.Text, s => s.ParentId),
        new(FieldNames.Population, ColumnType.Integer, s => s.Population),
        new(FieldNames.Elderly, ColumnType.Integer, s => s.Elderly),
        new(FieldNames.Urban, ColumnType.Boolean, s => s.Urban),
        new(FieldNames.Source, ColumnType.Text, s => s.Source),
        new(FieldNames.SourceId, ColumnType.Text, s => s.SourceId),
    ];
}

/// <summary>Writes to a temporary file beside the target and moves it into place, so a failure never leaves half a file.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
