namespace Coverage.Core.Geo;

/// <summary>
/// Where the GCJ-02 offset applies: mainland China (incl. Hainan), as a coarse union of lat/lon boxes minus
/// boxes over Taiwan, northern Vietnam, Mongolia's and Russia's borderlands. Accurate to tens of km near borders:
/// good enough to tell a county's data from data elsewhere, not a legal boundary.
/// </summary>
public static class ChinaRegion
{
    /// <summary>The usual rough test used by GCJ-02 libraries (lon 72.004–137.8347, lat 0.8293–55.8271).</summary>
    public static bool InRoughBox(double lon, double lat) => lon is >= 72.004 and <= 137.8347 && lat is >= 0.8293 and <= 55.8271;

    // (south, west, north, east) in degrees.
    static readonly (double S, double W, double N, double E)[] Inside =
    [
        (42.8899, 79.4462, 49.2204, 96.3300),   // Xinjiang north, Gansu/Inner Mongolia west
        (39.3742, 109.6872, 54.1415, 135.0002), // North-east, Inner Mongolia east, Beijing
        (29.5297, 73.1246, 42.8899, 124.1433),  // Central belt from Kashgar to Shanghai
        (26.7186, 82.9684, 29.5297, 97.0352),   // Tibet south
        (20.4141, 97.0253, 29.5297, 124.3674),  // South and south-east
        (17.8715, 107.9758, 20.4141, 111.7441), // Hainan
    ];

    static readonly (double S, double W, double N, double E)[] Outside =
    [
        (21.7850, 119.9213, 25.3986, 122.4976), // Taiwan
        (20.0988, 101.8652, 22.2840, 106.6650), // Northern Vietnam / Laos
        (20.4878, 106.4525, 21.5422, 108.0510), // Gulf of Tonkin coast of Vietnam
        (50.3257, 109.0323, 55.8175, 119.1270), // Mongolia / Russia north of Inner Mongolia
        (49.5574, 127.4568, 55.8175, 137.0227), // Russia north of Heilongjiang
        (42.5692, 131.2662, 44.8922, 137.0227), // Russian Far East (Vladivostok)
    ];

    public static bool Contains(double lon, double lat)
    {
        if (!InRoughBox(lon, lat)) return false;
        bool inside = false;
        foreach (var b in Inside) inside |= lat >= b.S && lat <= b.N && lon >= b.W && lon <= b.E;
        if (!inside) return false;
        foreach (var b in Outside)
            if (lat >= b.S && lat <= b.N && lon >= b.W && lon <= b.E) return false;
        return true;
    }

    public static bool Contains(LonLat p) => Contains(p.Lon, p.Lat);
}
