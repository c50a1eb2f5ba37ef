using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Sql;

/// <summary>How one domain type maps to one table: the same description drives both stores' SQL.</summary>
internal sealed class EntityTable<T> where T : class
{
    public required string Table { get; init; }
    /// <summary>Entity name in the edit log, e.g. "facility".</summary>
    public required string Entity { get; init; }
    /// <summary>Attribute columns (the geometry column "geom" excluded); the first is "id".</summary>
    public required string[] Columns { get; init; }
    public IReadOnlySet<string> JsonColumns { get; init; } = new HashSet<string>();
    public bool HasGeometry { get; init; }
    public bool HasSourceKey { get; init; }
    /// <summary>Column values in the order of Columns.</summary>
    public required Func<T, object?[]> Values { get; init; }
    /// <summary>Builds the item from column values (by Columns index) and its geometry.</summary>
    public required Func<Func<int, object?>, Geometry?, T> Read { get; init; }
    public required Func<T, string?> Id { get; init; }
    public required Func<T, string, T> WithId { get; init; }
    public Func<T, Geometry?> Geometry { get; init; } = _ => null;
    public Func<T, (string Source, string? SourceId)> SourceKey { get; init; } = _ => ("", null);
    /// <summary>Problems with one item (field, Chinese, English); the store adds geometry and id checks.</summary>
    public required Func<T, IEnumerable<(string Field, string Zh, string En)>> Validate { get; init; }

    /// <summary>Sets the row's version stamp on a read item; null for tables without versions (circle standards).</summary>
    public Func<T, VersionStamp, T>? WithStamp { get; init; }
    public Func<T, VersionStamp?> Stamp { get; init; } = _ => null;
    public bool Versioned => WithStamp is not null;
    /// <summary>Entity name in Chinese for messages, e.g. "设施".</summary>
    public string EntityZh { get; init; } = "";

    public string SelectList => (HasGeometry ? "geom, " : "") + string.Join(", ", Columns) +
        (Versioned ? ", " + SqlPlanStore.VersionColumns : "");

    /// <summary>Reader ordinal of attribute column i.</summary>
    public int Ordinal(int i) => HasGeometry ? i + 1 : i;
}
