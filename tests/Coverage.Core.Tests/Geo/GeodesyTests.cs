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
        Assert.Equal(Geodesy.DistanceMeters(120.6, 31.0, lon2, lat2), Geodesy.VincentyMetres(120.6, 31.0, lon2, lat2), 0.001);
        Assert.Equal(0, Geodesy.GeodesicMetres(120.6, 31.0, 120.6, 31.0));
        Assert.Equal(0, Geodesy.VincentyMetres(120.6, 31.0, 120.6, 31.0));
    }

    [Fact]
    public void Geodesic_spans_under_a_kilometre_are_the_plane_and_within_a_twentieth_of_a_millimetre_of_Vincenty()
    {
        // 200,000 pairs anywhere up to 80° latitude, any direction, 0-1 km apart (placed with the plane's own metres per
        // degree, so some land just past 1 km and take the iteration): the answer is Vincenty's to 0.05 mm. The plane at one
        // end's latitude, as before the geodesic snaps, is off by centimetres at 1 km and fails here.
        var random = new Random(20261201);
        double worst = 0;
        int plane = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double lat = (random.NextDouble() * 2 - 1) * Geodesy.PlaneSpanMaxLatitude, lon = (random.NextDouble() * 2 - 1) * 179;
            double metres = random.NextDouble() * 1005, azimuth = random.NextDouble() * 2 * Math.PI;
            var (ky, kx) = Geodesy.MetresPerDegree(lat);
            double lat2 = Math.Clamp(lat + metres * Math.Cos(azimuth) / ky, -Geodesy.PlaneSpanMaxLatitude, Geodesy.PlaneSpanMaxLatitude);
            double lon2 = lon + metres * Math.Sin(azimuth) / kx;
            double geodesic = Geodesy.GeodesicMetres(lon, lat, lon2, lat2), vincenty = Geodesy.VincentyMetres(lon, lat, lon2, lat2);
            worst = Math.Max(worst, Math.Abs(geodesic - vincenty));
            if (geodesic == Geodesy.DistanceMeters(lon, lat, lon2, lat2) && geodesic <= Geodesy.PlaneSpanMetres) plane++;
        }
        Assert.InRange(worst, 0, 0.05e-3);
        Assert.InRange(plane, 190_000, 200_000); // the plane answered the spans under 1 km, nearly all of them
    }

    [Theory]
    [InlineData(179.9999, 0.0, -179.9999, 0.0, 22.264)]   // across ±180°: 0.0002° of equator, by the iteration
    [InlineData(10.0, 85.0, 10.01, 85.0, 97.3)]           // beyond 80°: iterated
    [InlineData(120.6, 31.0, 120.6, 31.009025, 1000.60)]  // just past 1 km: iterated
    [InlineData(120.6, 31.0, 120.6, 31.009015, 999.49)]   // just under: the plane
    public void Geodesic_outside_the_planes_range_iterates_and_both_sides_of_the_bound_agree(double lon1, double lat1, double lon2, double lat2, double about)
    {
        double metres = Geodesy.GeodesicMetres(lon1, lat1, lon2, lat2);
        Assert.Equal(about, metres, 0.1);
        Assert.Equal(Geodesy.VincentyMetres(lon1, lat1, lon2, lat2), metres, 0.05e-3);
    }

    [Fact]
    public void Geodesic_of_nearly_antipodal_points_still_answers_about_half_the_globe()
    {
        // Vincenty's iteration does not converge here; the great-circle fallback gives π × 6,371 km ≈ 20,015 km (±0.5 %).
        double metres = Geodesy.GeodesicMetres(0, 0, 179.7, 0.5);
        Assert.InRange(metres, 19_900_000, 20_040_000);
    }
}
