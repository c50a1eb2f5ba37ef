using System.Globalization;
using NetTopologySuite.Geometries;

namespace Coverage.Core.Geo;

/// <summary>What kind of coordinates a <see cref="CrsSpec"/> describes.</summary>
public enum CrsKind
{
    /// <summary>Longitude/latitude on WGS84 or CGCS2000 (the same to centimetres; no datum shift applied).</summary>
    Geographic,
    /// <summary>Longitude/latitude with the GCJ-02 or BD-09 offset (<see cref="CrsSpec.Offset"/>).</summary>
    Offset,
    /// <summary>CGCS2000 3-degree Gauss–Krüger metres (<see cref="CrsSpec.CentralMeridian"/>, <see cref="CrsSpec.ZonePrefix"/>).</summary>
    GaussKruger3,
}

/// <summary>
/// A coordinate system a planner can name (CLI <c>--crs</c>) or that <see cref="Guess"/> infers from coordinate ranges,
/// and how to bring its coordinates to WGS84. Accepted: <c>wgs84</c> (EPSG:4326), <c>cgcs2000</c> (EPSG:4490,
/// geographic: CGCS2000 and WGS84 agree to a few centimetres in China, so it is read as WGS84 without a datum shift),
/// <c>gcj02</c> (高德/腾讯), <c>bd09</c> (百度), <c>EPSG:4513</c>–<c>4533</c> (CGCS2000 3° Gauss–Krüger zones 25–45,
/// zone number before the easting), <c>EPSG:4534</c>–<c>4554</c> (3° Gauss–Krüger CM 75°E…135°E, no prefix),
/// <c>cgcs2000-gk3:120</c> (by central meridian) and <c>cgcs2000-gk3-zone:40</c> (by zone, prefixed eastings).
/// A <c>urn:ogc:def:crs:EPSG::4549</c> (GeoJSON's old "crs" member) is read like <c>EPSG:4549</c>.
/// </summary>
public sealed record CrsSpec
{
    /// <summary>The accepted values, for help text and error messages.</summary>
    public const string Accepted = "wgs84, cgcs2000 (EPSG:4490), gcj02, bd09, EPSG:4513–4533, EPSG:4534–4554, cgcs2000-gk3:<中央经线 CM>, cgcs2000-gk3-zone:<带号 zone>";

    public static readonly CrsSpec Wgs84 = new(CrsKind.Geographic, "WGS84", 4326);
    public static readonly CrsSpec Cgcs2000 = new(CrsKind.Geographic, "CGCS2000", 4490);
    public static readonly CrsSpec Gcj02 = new(CrsKind.Offset, SourceCrs.Gcj02.Name(), 0) { Offset = SourceCrs.Gcj02 };
    public static readonly CrsSpec Bd09 = new(CrsKind.Offset, SourceCrs.Bd09.Name(), 0) { Offset = SourceCrs.Bd09 };

    public CrsKind Kind { get; }
    /// <summary>Readable name, e.g. "CGCS2000 / 3-degree Gauss-Kruger zone 40".</summary>
    public string Name { get; }
    /// <summary>EPSG code, or 0 when there is none (GCJ-02, BD-09, zones outside China).</summary>
    public int Epsg { get; }
    /// <summary>The Chinese offset to remove (<see cref="SourceCrs.Wgs84"/> for every other kind).</summary>
    public SourceCrs Offset { get; private init; } = SourceCrs.Wgs84;
    /// <summary>Gauss–Krüger only: central meridian in degrees east.</summary>
    public int CentralMeridian { get; private init; }
    /// <summary>Gauss–Krüger only: eastings carry the zone number before the 500 km false easting.</summary>
    public bool ZonePrefix { get; private init; }

    CrsSpec(CrsKind kind, string name, int epsg) { Kind = kind; Name = name; Epsg = epsg; }

    /// <summary>The spec of one of the importers' lon/lat systems (so <c>Crs = SourceCrs.Gcj02</c> keeps working).</summary>
    public static implicit operator CrsSpec(SourceCrs crs) => crs switch
    {
        SourceCrs.Gcj02 => Gcj02, SourceCrs.Bd09 => Bd09, _ => Wgs84,
    };

    /// <summary>A CGCS2000 3-degree Gauss–Krüger zone by central meridian (a multiple of 3 between 75 and 135).</summary>
    public static CrsSpec GaussKruger(int centralMeridian, bool zonePrefix)
    {
        var projection = LocalProjection.GaussKruger3(centralMeridian, zonePrefix);
        return new(CrsKind.GaussKruger3, projection.Name, projection.Epsg)
            { CentralMeridian = centralMeridian, ZonePrefix = zonePrefix, projection = projection }; // built once, kept
    }

    /// <summary>Parses what a planner types for <c>--crs</c>; anything else is an <see cref="InputException"/> listing what is accepted.</summary>
    public static CrsSpec Parse(string text) => TryParse(text) ?? throw new InputException(
        $"未知坐标系“{text}”；可选：{Accepted}", $"unknown coordinate system '{text}'; accepted: {Accepted}");

    /// <summary>The spec <paramref name="text"/> names, or null.</summary>
    /// <summary>An optional --crs: null when none is given, else <see cref="Parse"/> (a bilingual error when unknown).</summary>
    public static CrsSpec? ParseOptional(string? text) => text is null ? null : Parse(text);

    public static CrsSpec? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string t = text.Trim().ToLowerInvariant();
        if (t.StartsWith("urn:ogc:def:crs:", StringComparison.Ordinal))
            t = t["urn:ogc:def:crs:".Length..] is var urn && urn.StartsWith("epsg:", StringComparison.Ordinal)
                ? "epsg:" + urn[(urn.LastIndexOf(':') + 1)..]
                : urn is "ogc:1.3:crs84" or "ogc::crs84" ? "wgs84" : urn;
        if (ChinaCoordinates.TryParse(t, out var offset)) return offset;
        if (t is "cgcs2000" or "cgcs-2000" or "cgcs_2000" or "国家2000" or "2000国家大地坐标系") return Cgcs2000;
        if (t.StartsWith("epsg:", StringComparison.Ordinal) || t.All(char.IsAsciiDigit))
            return Number(t.StartsWith("epsg:", StringComparison.Ordinal) ? t[5..] : t) is { } code ? FromEpsg(code) : null;
        if (t.StartsWith("cgcs2000-gk3-zone:", StringComparison.Ordinal))
            return Number(t["cgcs2000-gk3-zone:".Length..]) is { } zone and >= 25 and <= 45 ? GaussKruger(zone * 3, true) : null;
        if (t.StartsWith("cgcs2000-gk3:", StringComparison.Ordinal))
            return Number(t["cgcs2000-gk3:".Length..]) is { } cm and >= 75 and <= 135 && cm % 3 == 0 ? GaussKruger(cm, false) : null;
        return null;
    }

    /// <summary>EPSG:4326, 4490, 4513–4533 and 4534–4554; null for any other code.</summary>
    public static CrsSpec? FromEpsg(int code) => code switch
    {
        4326 => Wgs84,
        4490 => Cgcs2000,
        >= 4513 and <= 4533 => GaussKruger(3 * (code - 4513 + 25), true),
        >= 4534 and <= 4554 => GaussKruger(75 + 3 * (code - 4534), false),
        _ => null,
    };

    static int? Number(string s) => int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;

    /// <summary>True for longitude/latitude systems (WGS84, CGCS2000, GCJ-02, BD-09).</summary>
    public bool IsLonLat => Kind != CrsKind.GaussKruger3;

    /// <summary>
    /// Whether a converted position is one this system can mean: a valid lon/lat, and for a 3° zone within 6° of its
    /// central meridian (Transverse Mercator is meaningless far outside its zone; lon/lat read as metres land there).
    /// </summary>
    public bool Covers(LonLat p) => Geodesy.IsValidLonLat(p.Lon, p.Lat)
        && (Kind != CrsKind.GaussKruger3 || Math.Abs(p.Lon - CentralMeridian) <= 6 && Math.Abs(p.Lat) <= 84);

    /// <summary>One position in WGS84 and whether a GCJ-02/BD-09 offset was removed (false outside China: left as given).</summary>
    public Wgs84Conversion ToWgs84(double x, double y) => Kind switch
    {
        CrsKind.GaussKruger3 => new(Projection.Inverse(x, y), false),
        CrsKind.Offset => ChinaCoordinates.ToWgs84(new LonLat(x, y), Offset),
        _ => new(new LonLat(x, y), false),
    };

    /// <summary>A WGS84 position in this system (for writing test layers and checking round trips).</summary>
    public (double X, double Y) FromWgs84(LonLat p)
    {
        if (Kind == CrsKind.GaussKruger3) return Projection.Forward(p);
        var q = ChinaCoordinates.FromWgs84(p, Offset);
        return (q.Lon, q.Lat);
    }

    /// <summary>
    /// A WGS84 copy of <paramref name="geometry"/> (SRID 4326); <paramref name="leftAsGiven"/> counts GCJ-02/BD-09
    /// vertices outside China whose offset does not apply.
    /// </summary>
    public Geometry ToWgs84(Geometry geometry, out int leftAsGiven)
    {
        var copy = geometry.Copy();
        copy.SRID = 4326;
        leftAsGiven = 0;
        if (Kind == CrsKind.Geographic) return copy;
        var filter = new ToWgs84Filter(this);
        copy.Apply(filter);
        leftAsGiven = filter.LeftAsGiven;
        return copy;
    }

    LocalProjection Projection => projection ??= LocalProjection.GaussKruger3(CentralMeridian, ZonePrefix);
    LocalProjection? projection;

    /// <summary>"CGCS2000 / 3-degree Gauss-Kruger zone 40 (EPSG:4528)".</summary>
    public override string ToString() => Epsg > 0 ? $"{Name} (EPSG:{Epsg.ToString(CultureInfo.InvariantCulture)})" : Name;

    public bool Equals(CrsSpec? other) => other is not null && Kind == other.Kind && Offset == other.Offset && Epsg == other.Epsg
        && CentralMeridian == other.CentralMeridian && ZonePrefix == other.ZonePrefix;

    public override int GetHashCode() => HashCode.Combine(Kind, Offset, Epsg, CentralMeridian, ZonePrefix);

    /// <summary>
    /// The system a layer with no stated CRS is most likely in, from its coordinates' extent, and the reason in both
    /// languages (the region health report prints it). Lon/lat ranges → WGS84 (GCJ-02/BD-09 cannot be told from the
    /// numbers); x of 25–45 million → a zone-prefixed 3° zone (zone = x ÷ 1,000,000); x of 0.2–0.8 million with y of
    /// 1.8–6 million → a 3° zone without prefix whose central meridian comes from <paramref name="hintLon"/> (e.g. the
    /// OSM extract's centre). Anything else, or a prefix-less zone without a hint, is an <see cref="InputException"/>
    /// saying to pass --crs.
    /// </summary>
    public static CrsGuess Guess(Envelope extent, double? hintLon) => CrsGuessing.Guess(extent, hintLon);

    sealed class ToWgs84Filter(CrsSpec crs) : IEntireCoordinateSequenceFilter
    {
        public int LeftAsGiven { get; private set; }
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (int i = 0; i < seq.Count; i++)
            {
                var r = crs.ToWgs84(seq.GetX(i), seq.GetY(i));
                if (crs.Kind == CrsKind.Offset && !r.OffsetApplied) LeftAsGiven++;
                seq.SetX(i, r.Wgs84.Lon);
                seq.SetY(i, r.Wgs84.Lat);
            }
        }
    }
}

/// <summary>A guessed coordinate system and why, in both languages.</summary>
public sealed record CrsGuess(CrsSpec Crs, Bilingual Reason);
