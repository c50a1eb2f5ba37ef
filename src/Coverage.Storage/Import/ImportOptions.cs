using Coverage.Core.Geo;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Import;

/// <summary>How to read an input file.</summary>
public sealed record ImportOptions
{
    public const long DefaultMaxBytes = 100L * 1024 * 1024;

    /// <summary>
    /// Coordinate system of the file as the planner states it (CLI --crs, see <see cref="CrsSpec"/>); converted to WGS84 on
    /// import. Null: the file's own .prj/srs, else WGS84. How it meets a .prj: <see cref="LayerCrs"/>.
    /// </summary>
    public CrsSpec? Crs { get; init; }
    /// <summary>Category for rows without a category column (CLI --category).</summary>
    public string? Category { get; init; }
    /// <summary>Files larger than this are refused before reading (default 100 MB).</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;
    /// <summary>Expected WGS84 extent; points outside it are errors. Null: China is expected for the lat/lon swap test only.</summary>
    public Envelope? Region { get; init; }
    /// <summary>GeoPackage layer to read (null: the only layer, or one named facilities/settlements).</summary>
    public string? Layer { get; init; }
    /// <summary>At most this many errors are kept; the rest are counted.</summary>
    public int MaxErrors { get; init; } = 1000;
}
