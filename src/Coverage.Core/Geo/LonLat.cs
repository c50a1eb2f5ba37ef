namespace Coverage.Core.Geo;

/// <summary>A WGS84 (EPSG:4326) position, longitude first as in GeoJSON (RFC 7946).</summary>
public readonly record struct LonLat(double Lon, double Lat)
{
    public bool IsValid => Geodesy.IsValidLonLat(Lon, Lat);

    public double DistanceTo(LonLat other) => Geodesy.DistanceMeters(Lon, Lat, other.Lon, other.Lat);

    /// <summary>Parses "LON,LAT" (invariant culture). Throws <see cref="InputException"/> with a clear message.</summary>
    public static LonLat Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lon)
            || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lat))
            throw new InputException($"坐标格式应为“经度,纬度”：'{text}'", $"'{text}' is not LON,LAT (two numbers separated by a comma, e.g. 120.64,31.16)");
        var p = new LonLat(lon, lat);
        if (!p.IsValid)
            throw new InputException($"坐标超出范围：'{text}'（经度 -180～180，纬度 -90～90）", $"'{text}' is out of range: longitude must be in [-180,180] and latitude in [-90,90]");
        return p;
    }

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Lon:0.0000000},{Lat:0.0000000}");
}
