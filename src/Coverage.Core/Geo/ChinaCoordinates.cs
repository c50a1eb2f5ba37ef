namespace Coverage.Core.Geo;

/// <summary>The coordinate system of imported lon/lat values.</summary>
public enum SourceCrs
{
    /// <summary>WGS84 (GPS, OSM, most GIS files).</summary>
    Wgs84,
    /// <summary>GCJ-02 (国测局坐标): Amap/高德, Tencent, Apple maps in China.</summary>
    Gcj02,
    /// <summary>BD-09 (百度坐标): Baidu maps.</summary>
    Bd09,
}

/// <summary>A conversion to WGS84 and whether the Chinese offset was removed (false outside China: left as given).</summary>
public readonly record struct Wgs84Conversion(LonLat Wgs84, bool OffsetApplied);

/// <summary>
/// GCJ-02 and BD-09 ⇄ WGS84 by the public algorithm (Krasovsky ellipsoid polynomial offset; Baidu's extra rotation).
/// The inverses are solved by fixed-point iteration to below 1e-9°, so round trips are exact to well under a millimetre.
/// Outside China (see <see cref="ChinaRegion"/>) the offsets do not apply: points pass through unchanged, flagged.
/// </summary>
public static class ChinaCoordinates
{
    const double KrasovskyA = 6378245.0;
    const double KrasovskyEe = 0.00669342162296594323;
    const double BdFactor = Math.PI * 3000.0 / 180.0;
    const double Tolerance = 1e-9;
    const int MaxIterations = 30;

    public static string Name(this SourceCrs crs) => crs switch
    {
        SourceCrs.Gcj02 => "GCJ-02", SourceCrs.Bd09 => "BD-09", _ => "WGS84",
    };

    /// <summary>Parses "wgs84", "gcj02"/"gcj-02"/"amap", "bd09"/"bd-09"/"baidu".</summary>
    public static bool TryParse(string text, out SourceCrs crs)
    {
        crs = text.Trim().ToLowerInvariant().Replace("-", "").Replace("_", "") switch
        {
            "wgs84" or "epsg:4326" or "4326" or "gps" => SourceCrs.Wgs84,
            "gcj02" or "amap" or "gaode" or "高德" or "火星" => SourceCrs.Gcj02,
            "bd09" or "bd09ll" or "baidu" or "百度" => SourceCrs.Bd09,
            _ => (SourceCrs)(-1),
        };
        return Enum.IsDefined(crs);
    }

    public static Wgs84Conversion ToWgs84(LonLat p, SourceCrs crs)
    {
        if (crs == SourceCrs.Wgs84) return new(p, false);
        var gcj = crs == SourceCrs.Bd09 ? Bd09ToGcj02Raw(p) : p;
        // Decide on the GCJ position: within metres of the WGS84 one, far inside the region test's resolution.
        if (!ChinaRegion.Contains(gcj)) return new(p, false);
        return new(Gcj02ToWgs84Raw(gcj), true);
    }

    public static LonLat FromWgs84(LonLat p, SourceCrs crs)
    {
        if (crs == SourceCrs.Wgs84 || !ChinaRegion.Contains(p)) return p;
        var gcj = Wgs84ToGcj02Raw(p);
        return crs == SourceCrs.Bd09 ? Gcj02ToBd09(gcj) : gcj;
    }

    public static LonLat Wgs84ToGcj02(LonLat p) => ChinaRegion.Contains(p) ? Wgs84ToGcj02Raw(p) : p;
    public static LonLat Gcj02ToWgs84(LonLat p) => ChinaRegion.Contains(p) ? Gcj02ToWgs84Raw(p) : p;
    public static LonLat Wgs84ToBd09(LonLat p) => FromWgs84(p, SourceCrs.Bd09);
    public static LonLat Bd09ToWgs84(LonLat p) => ToWgs84(p, SourceCrs.Bd09).Wgs84;

    /// <summary>GCJ-02 to BD-09 (Baidu's rotation and shift; no region test: Baidu applies it to GCJ input anywhere).</summary>
    public static LonLat Gcj02ToBd09(LonLat p)
    {
        double x = p.Lon, y = p.Lat;
        double z = Math.Sqrt(x * x + y * y) + 0.00002 * Math.Sin(y * BdFactor);
        double theta = Math.Atan2(y, x) + 0.000003 * Math.Cos(x * BdFactor);
        return new(z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    public static LonLat Bd09ToGcj02(LonLat p) => Bd09ToGcj02Raw(p);

    static LonLat Bd09ToGcj02Raw(LonLat bd)
    {
        // The published closed form is a first-order inverse (~1e-6° off); iterate the forward map to close the gap.
        double x = bd.Lon - 0.0065, y = bd.Lat - 0.006;
        double z = Math.Sqrt(x * x + y * y) - 0.00002 * Math.Sin(y * BdFactor);
        double theta = Math.Atan2(y, x) - 0.000003 * Math.Cos(x * BdFactor);
        var guess = new LonLat(z * Math.Cos(theta), z * Math.Sin(theta));
        return Invert(Gcj02ToBd09, bd, guess);
    }

    static LonLat Gcj02ToWgs84Raw(LonLat gcj) => Invert(Wgs84ToGcj02Raw, gcj, gcj);

    static LonLat Invert(Func<LonLat, LonLat> forward, LonLat target, LonLat guess)
    {
        for (int i = 0; i < MaxIterations; i++)
        {
            var f = forward(guess);
            double dLon = f.Lon - target.Lon, dLat = f.Lat - target.Lat;
            guess = new LonLat(guess.Lon - dLon, guess.Lat - dLat);
            if (Math.Abs(dLon) < Tolerance && Math.Abs(dLat) < Tolerance) break;
        }
        return guess;
    }

    static LonLat Wgs84ToGcj02Raw(LonLat p)
    {
        double x = p.Lon - 105.0, y = p.Lat - 35.0;
        double dLat = OffsetLat(x, y), dLon = OffsetLon(x, y);
        double radLat = p.Lat / 180.0 * Math.PI;
        double magic = Math.Sin(radLat);
        magic = 1 - KrasovskyEe * magic * magic;
        double sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (KrasovskyA * (1 - KrasovskyEe) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (KrasovskyA / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return new(p.Lon + dLon, p.Lat + dLat);
    }

    static double OffsetLat(double x, double y)
    {
        double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        r += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    static double OffsetLon(double x, double y)
    {
        double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        r += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }
}
