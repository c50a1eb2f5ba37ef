using NetTopologySuite.Geometries;

namespace Coverage.Core.Geo;

/// <summary>
/// The ground area of a WGS84 polygon in m²: the polygon in its own <see cref="LocalProjection"/> (a Gauss–Krüger zone, whose
/// scale error within the zone's 1.5° is under 0.04 %, so under 0.07 % in area), measured by NTS. For a sports ground or park
/// that arrives as a polygon without an area field.
/// </summary>
public static class GeoArea
{
    /// <summary>m² of the polygons of <paramref name="lonLat"/>; 0 for points and lines.</summary>
    public static double SquareMetres(Geometry lonLat)
    {
        if (lonLat.IsEmpty || lonLat.Dimension != Dimension.Surface) return 0;
        return LocalProjection.ForExtent(lonLat.EnvelopeInternal).Forward(lonLat).Area;
    }
}
