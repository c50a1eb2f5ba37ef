using Coverage.Core.Geo;

namespace Coverage.Core.Tests.Geo;

public class GeodesyTests
{
    static double Dms(int d, int m, double s) => Math.Sign(d) * (Math.Abs(d) + m / 60.0 + s / 3600.0);

    [Fact]
    public void Geodesic_reproduces_Vincentys_own_test_line_Flinders_Peak_to_Buninyong()
    {
        // Vincenty (1975) / Geoscience Australia: 37°57′03.72030″S 144°25′29.52440″E → 37°39′10.15610″S 143°55′35.38390″E
        // is 54,972.271 m on the ellipsoid (GA quotes it for GRS80, whose flattening differs from WGS84 by 1e-9: < 0.1 mm here).
        double metres = Geodesy.GeodesicMetres(Dms(144, 25, 29.52440), -Dms(37, 57, 3.72030), Dms(143, 55, 35.38390), -Dms(37, 39, 10.15610));
        Assert.Equal(54_972.271, metres, 0.001);
    }

    [Theory]
    // One degree along the equator is a·π/180 = 6,378,137 × 0.0174532925… = 111,319.491 m.
    [InlineData(0.0, 0.0, 1.0, 0.0, 111_319.491)]
    // One degree of meridian from the equator: the meridian arc 0°→1°N on WGS84 is 110,574.389 m.
    [InlineData(30.0, 0.0, 30.0, 1.0, 110_574.389)]
    public void Geodesic_along_the_equator_and_a_meridian_matches_the_ellipsoid_arcs(double lon1, double lat1, double lon2, double lat2, double expected) =>
        Assert.Equal(expected, Geodesy.GeodesicMetres(lon1, lat1, lon2, lat2), 0.001);

    [Fact]
    public void Geodesic_and_the_tangent_plane_agree_at_walking_range_and_the_same_point_is_zero()
    {
        // 300 m north-east of a point in the demo county: the mid-latitude plane is good to well under a millimetre.
        var (ky, kx) = Geodesy.MetresPerDegree(31.0);
        double lon2 = 120.6 + 212.1 / kx, lat2 = 31.0 + 212.1 / ky;
        Assert.Equal(Geodesy.DistanceMeters(120.6, 31.0, lon2, lat2), Geodesy.GeodesicMetres(120.6, 31.0, lon2, lat2), 0.001);
        Assert.Equal(0, Geodesy.GeodesicMetres(120.6, 31.0, 120.6, 31.0));
    }

    [Fact]
    public void Geodesic_of_nearly_antipodal_points_still_answers_about_half_the_globe()
    {
        // Vincenty's iteration does not converge here; the great-circle fallback gives π × 6,371 km ≈ 20,015 km (±0.5 %).
        double metres = Geodesy.GeodesicMetres(0, 0, 179.7, 0.5);
        Assert.InRange(metres, 19_900_000, 20_040_000);
    }
}
