using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Core.Rules;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Import;

/// <summary>
/// Turns an input geometry into a valid WGS84 geometry or explains why not, by <see cref="GeometryRules"/> (the same rules
/// as the API and the store: empty, vertex cap, range, lat/lon swap, region, validity), after the GCJ-02/BD-09 conversion.
/// </summary>
sealed class GeometryCheck(ImportOptions options)
{
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    readonly GeometryRules rules = new(options.Region);

    /// <summary>Points whose GCJ-02/BD-09 offset was not removed because they lie outside China.</summary>
    public int LeftAsWgs84 { get; private set; }

    public static Point PointFrom(double lon, double lat) => Factory.CreatePoint(new Coordinate(lon, lat));

    /// <summary>The geometry in WGS84, or null after adding the reason to <paramref name="errors"/>.</summary>
    public Geometry? Prepare(Geometry geometry, RowLocation where, ErrorSink errors)
    {
        if ((GeometryRules.Empty(geometry) ?? GeometryRules.VertexCount(geometry.NumPoints)) is { } shape)
        {
            errors.Add(where, FieldNames.Wkt, shape);
            return null;
        }
        // Projected metres become lon/lat before the range and region tests; GCJ-02/BD-09 are tested as given (they
        // stay within metres of WGS84, and a swapped or projected value is named in the planner's own numbers).
        var crs = options.Crs ?? CrsSpec.Wgs84;
        var lonLat = crs.IsLonLat ? geometry : ToWgs84(geometry, crs);
        if (rules.FirstBadPosition(lonLat) is { } position)
        {
            errors.Add(where, FieldNames.Lon, position);
            return null;
        }
        var wgs = crs.IsLonLat ? ToWgs84(geometry, crs) : lonLat;
        if (GeometryRules.Validity(wgs) is { } invalid)
        {
            errors.Add(where, FieldNames.Wkt, invalid);
            return null;
        }
        return wgs;
    }

    Geometry ToWgs84(Geometry g, CrsSpec crs)
    {
        var wgs = crs.ToWgs84(g, out int left);
        LeftAsWgs84 += left;
        return wgs;
    }
}

/// <summary>Collects errors up to a limit and counts the rest.</summary>
sealed class ErrorSink(int max)
{
    public List<ImportError> Errors { get; } = [];
    public int Omitted { get; private set; }
    public int Count => Errors.Count + Omitted;

    public void Add(RowLocation where, string? field, Bilingual message) => Add(where, field, message.Zh, message.En);

    public void Add(RowLocation where, string? field, string zh, string en)
    {
        if (Errors.Count < max) Errors.Add(new ImportError(where, field, zh, en));
        else Omitted++;
    }
}
