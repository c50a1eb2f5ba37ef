using Coverage.Core.Geo;

namespace Coverage.Core.Tests.Geo;

/// <summary>
/// .prj files and GeoPackage srs definitions cut short or damaged are refused with a bilingual error, not handed to
/// ProjNet, whose tokenizer never returns on an unterminated quoted name (found by the shapefile fuzz run: the CI run
/// sat on one such case until its 90-minute limit).
/// </summary>
public class WktCrsTests
{
    const string Cgcs2000Gk120 =
        "PROJCS[\"CGCS2000_3_Degree_GK_CM_120E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\"," +
        "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]," +
        "PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0]," +
        "PARAMETER[\"Central_Meridian\",120.0],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    [Theory]
    [InlineData("GEOGCS[\"GCS_WGS_19", "quote opened at character 8 never closes")] // the fuzz case, byte for byte
    [InlineData("GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\"", "'[' at character 28 is never closed")]
    [InlineData("GEOGCS[\"x\"]]", "']' at character 12 closes nothing")]
    [InlineData("GEOGCS[\"x\",DATUM(\"y\"]]", "']' at character 21 does not match '('")]
    public void Damaged_wkt_is_refused_naming_the_place(string wkt, string english)
    {
        var e = ParseWithin(wkt);
        var format = Assert.IsType<FormatException>(e);
        Assert.Contains(english, format.Message);
        Assert.Contains("无法识别的坐标系定义", format.Message);
    }

    [Fact]
    public void Every_prefix_of_a_real_prj_is_read_or_refused_and_none_hangs()
    {
        // Every cut of an ESRI Gauss-Krüger .prj (the form Chinese county data comes in): the whole text parses, every
        // shorter one ends in a FormatException, none hangs.
        for (int n = 0; n < Cgcs2000Gk120.Length; n++)
            Assert.IsType<FormatException>(ParseWithin(Cgcs2000Gk120[..n]));
        Assert.Null(ParseWithin(Cgcs2000Gk120));
        var lonLat = WktCrs.Parse(Cgcs2000Gk120).ToWgs84(500000, 3_500_000);
        Assert.Equal(120.0, lonLat.Lon, 9);
    }

    /// <summary>Parses on its own thread: what it threw (null when it parsed), or a failure naming the hang.</summary>
    static Exception? ParseWithin(string wkt)
    {
        Exception? thrown = null;
        var t = new Thread(() => { try { WktCrs.Parse(wkt); } catch (Exception e) { thrown = e; } }) { IsBackground = true };
        t.Start();
        Assert.True(t.Join(TimeSpan.FromMinutes(1)), $"WktCrs.Parse did not return on: {wkt}");
        return thrown;
    }
}
