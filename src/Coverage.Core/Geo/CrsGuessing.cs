using System.Globalization;
using NetTopologySuite.Geometries;

namespace Coverage.Core.Geo;

/// <summary>
/// <see cref="CrsSpec.Guess"/>: the coordinate system of a layer that does not say, from the ranges its numbers fall in.
/// The ranges are those of China: 3° zones 25–45 (CM 75°E–135°E); northings from about 18°N (1.8 million m, Hainan)
/// to 54°N (6 million m, Mohe). Eastings within a 3° zone stay within ±300 km of the 500 km false easting.
/// </summary>
static class CrsGuessing
{
    const double MinZoneEasting = 200_000, MaxZoneEasting = 800_000;
    const double MinNorthing = 1_800_000, MaxNorthing = 6_000_000;

    public static CrsGuess Guess(Envelope e, double? hintLon)
    {
        if (e.IsNull)
            throw new InputException("图层没有坐标，无法判断坐标系", "the layer holds no coordinates, so its coordinate system cannot be judged");
        string xs = $"{N(e.MinX)}–{N(e.MaxX)}", ys = $"{N(e.MinY)}–{N(e.MaxY)}";
        if (e.MinX >= -180 && e.MaxX <= 180 && e.MinY >= -90 && e.MaxY <= 90)
            return new(CrsSpec.Wgs84, new(
                $"坐标在经纬度范围内（经度 {xs}，纬度 {ys}），按 WGS84 读取；GCJ-02（高德）与 BD-09（百度）无法从数值区分，若数据来自高德或百度地图请用 --crs gcj02 或 --crs bd09",
                $"coordinates lie in longitude/latitude ranges (lon {xs}, lat {ys}): read as WGS84; GCJ-02 (Amap) and BD-09 (Baidu) cannot be told apart from the numbers, so pass --crs gcj02 or --crs bd09 if the data came from those maps"));
        bool northings = e.MinY >= MinNorthing && e.MaxY <= MaxNorthing;
        int zone = (int)Math.Floor(e.MinX / 1e6);
        if (northings && zone is >= 25 and <= 45 && (int)Math.Floor(e.MaxX / 1e6) == zone
            && e.MinX - zone * 1e6 >= MinZoneEasting && e.MaxX - zone * 1e6 <= MaxZoneEasting)
            return new(CrsSpec.GaussKruger(zone * 3, zonePrefix: true), new(
                $"坐标 x 在 {xs}、y 在 {ys} 范围，按 CGCS2000 3° 带第 {zone} 带（带号前缀，中央经线 {zone * 3}°E）解读",
                $"coordinates x {xs}, y {ys}: read as CGCS2000 3-degree Gauss-Kruger zone {zone} (zone-number prefix, central meridian {zone * 3}°E)"));
        if (northings && e.MinX >= MinZoneEasting && e.MaxX <= MaxZoneEasting)
        {
            if (hintLon is not { } lon || !(lon is >= 73.5 and <= 136.5))
                throw new InputException(
                    $"坐标 x 在 {xs}、y 在 {ys} 范围，像是不带带号的 CGCS2000 3° 带坐标，但无法判断中央经线；请用 --crs 指明，例如 --crs cgcs2000-gk3:120 或 --crs EPSG:4549",
                    $"coordinates x {xs}, y {ys} look like CGCS2000 3-degree Gauss-Kruger without a zone prefix, but the central meridian cannot be told; pass --crs, e.g. --crs cgcs2000-gk3:120 or --crs EPSG:4549");
            int cm = (int)(3 * Math.Round(lon / 3, MidpointRounding.AwayFromZero));
            var crs = CrsSpec.GaussKruger(cm, zonePrefix: false);
            string hint = lon.ToString("0.###", CultureInfo.InvariantCulture);
            return new(crs, new(
                $"坐标 x 在 {xs}、y 在 {ys} 范围，按不带带号的 CGCS2000 3° 带解读，中央经线 {cm}°E 取自参考经度 {hint}°（如 OSM 数据范围的中心）；若不对请用 --crs 指明",
                $"coordinates x {xs}, y {ys}: read as CGCS2000 3-degree Gauss-Kruger without zone prefix, central meridian {cm}°E taken from the hint longitude {hint}° (e.g. the OSM extract's centre); pass --crs if that is wrong"));
        }
        if (e.MinY >= 25e6 && e.MaxY < 46e6 && e.MinX >= MinNorthing && e.MaxX <= MaxNorthing)
            throw Refuse(xs, ys, "x 与 y 似乎填反了（带号前缀的东坐标在 y 中）；请在 GIS 中交换坐标轴后再导入", "x and y look swapped (the zone-prefixed easting is in y); swap the axes in GIS first");
        throw Refuse(xs, ys, "请用 --crs 指明坐标系", "pass --crs to name it");
    }

    static InputException Refuse(string xs, string ys, string zh, string en) => new(
        $"坐标 x 在 {xs}、y 在 {ys} 范围，不符合任何已知坐标系（WGS84/CGCS2000 经纬度、CGCS2000 3° 带）；{zh}。可选：{CrsSpec.Accepted}",
        $"coordinates x {xs}, y {ys} fit no known coordinate system (WGS84/CGCS2000 lon/lat, CGCS2000 3-degree Gauss-Kruger); {en}. Accepted: {CrsSpec.Accepted}");

    static string N(double v) => Math.Abs(v) >= 1000 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.######", CultureInfo.InvariantCulture);
}
