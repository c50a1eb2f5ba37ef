using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using ProjNet.IO.CoordinateSystems;

namespace Coverage.Core.Geo;

/// <summary>
/// A coordinate system given as WKT (a shapefile's .prj, a GeoPackage's srs definition) and how to bring its
/// coordinates to WGS84. Geographic CRSs on the WGS84/CGCS2000/GRS80 ellipsoid are taken as WGS84 (they agree to centimetres).
/// </summary>
public sealed class WktCrs
{
    readonly MathTransform? toWgs84;

    /// <summary>The CRS's own name, for messages.</summary>
    public string Name { get; }
    /// <summary>True when coordinates are already WGS84 longitude/latitude.</summary>
    public bool IsWgs84 => toWgs84 is null;

    WktCrs(string name, MathTransform? toWgs84) { Name = name; this.toWgs84 = toWgs84; }

    /// <summary>WGS84 longitude/latitude (a GeoPackage layer with srs_id 4326 declares it without WKT).</summary>
    public static WktCrs Wgs84 { get; } = new("WGS 84", null);

    /// <summary>The declared form of a named system (GeoJSON's "crs" member); null for GCJ-02/BD-09, which WKT cannot express.</summary>
    public static WktCrs? From(CrsSpec spec) => spec.Kind switch
    {
        CrsKind.Geographic => new(spec.Name, null),
        CrsKind.GaussKruger3 => Parse(LocalProjection.GaussKruger3(spec.CentralMeridian, spec.ZonePrefix).Wkt),
        _ => null,
    };

    /// <summary>Parses WKT; throws <see cref="FormatException"/> (bilingual) when it cannot be read or transformed.</summary>
    public static WktCrs Parse(string wkt)
    {
        CoordinateSystem cs;
        // ESRI writes Chinese 3-/6-degree zones as "Gauss_Kruger": Transverse Mercator by another name.
        wkt = wkt.Replace("\"Gauss_Kruger\"", "\"Transverse_Mercator\"", StringComparison.OrdinalIgnoreCase);
        // ProjNet's tokenizer never returns on an unterminated quoted name (a .prj cut short: GEOGCS["GCS_WGS_19), so the
        // structure is checked first: a damaged file must be refused, not tie up the import or a server thread for good.
        if (StructureProblem(wkt) is { } problem)
            throw new FormatException($"无法识别的坐标系定义（{problem.Zh}）/ Unrecognised coordinate system definition ({problem.En})");
        try { cs = (CoordinateSystem)CoordinateSystemWktReader.Parse(wkt); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new FormatException($"无法识别的坐标系定义 / Unrecognised coordinate system definition: {e.Message}");
        }
        if (cs is GeographicCoordinateSystem g && IsWgs84Like(g)) return new(g.Name, null);
        // A projection on CGCS2000 is put on WGS84, as LocalProjection does: otherwise ProjNet converts between the two
        // ellipsoids (0.1 mm apart) through geocentric coordinates and adds about 3 mm of error for nothing.
        if (cs is ProjectedCoordinateSystem p && IsWgs84Like(p.GeographicCoordinateSystem) && p.GeographicCoordinateSystem != GeographicCoordinateSystem.WGS84)
            cs = new CoordinateSystemFactory().CreateProjectedCoordinateSystem(p.Name, GeographicCoordinateSystem.WGS84, p.Projection, p.LinearUnit,
                p.GetAxis(0), p.GetAxis(1));
        try
        {
            var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(cs, GeographicCoordinateSystem.WGS84);
            return new(cs.Name, transform.MathTransform);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new FormatException($"坐标系 {cs.Name} 无法转换到 WGS84 / Coordinate system {cs.Name} cannot be converted to WGS84: {e.Message}");
        }
    }

    /// <summary>
    /// What is wrong with the WKT's quoting and brackets (null when quotes close and every bracket closes its own opener):
    /// the check ProjNet's parser relies on without making it.
    /// </summary>
    static (string Zh, string En)? StructureProblem(string wkt)
    {
        var open = new Stack<(char Bracket, int At)>();
        bool quoted = false;
        int quoteAt = -1;
        for (int i = 0; i < wkt.Length; i++)
        {
            char c = wkt[i];
            if (c == '"') { quoted = !quoted; quoteAt = i; continue; }
            if (quoted) continue;
            if (c is '[' or '(') open.Push((c, i));
            else if (c is ']' or ')')
            {
                if (open.Count == 0) return ($"第 {i + 1} 个字符的 '{c}' 没有对应的开括号", $"'{c}' at character {i + 1} closes nothing");
                var (opener, _) = open.Pop();
                if ((opener == '[') != (c == ']')) return ($"第 {i + 1} 个字符的 '{c}' 与 '{opener}' 不配对", $"'{c}' at character {i + 1} does not match '{opener}'");
            }
        }
        if (quoted) return ($"第 {quoteAt + 1} 个字符开始的引号没有结束，文件可能被截断", $"the quote opened at character {quoteAt + 1} never closes; the file may be cut short");
        if (open.Count > 0) return ($"第 {open.Peek().At + 1} 个字符的 '{open.Peek().Bracket}' 没有闭合，文件可能被截断", $"'{open.Peek().Bracket}' at character {open.Peek().At + 1} is never closed; the file may be cut short");
        return null;
    }

    static bool IsWgs84Like(GeographicCoordinateSystem g) =>
        Math.Abs(g.HorizontalDatum.Ellipsoid.SemiMajorAxis - 6378137) < 0.01
        && Math.Abs(g.HorizontalDatum.Ellipsoid.InverseFlattening - 298.2572) < 0.001
        && Math.Abs(g.AngularUnit.RadiansPerUnit - Math.PI / 180) < 1e-12
        && Math.Abs(g.PrimeMeridian.Longitude) < 1e-12;

    /// <summary>One position in WGS84 longitude/latitude.</summary>
    public LonLat ToWgs84(double x, double y)
    {
        if (toWgs84 is null) return new(x, y);
        var (lon, lat) = toWgs84.Transform(x, y);
        return new(lon, lat);
    }

    /// <summary>The geometry in WGS84 (a copy when a transformation is needed).</summary>
    public Geometry ToWgs84(Geometry geometry)
    {
        if (toWgs84 is null) return geometry;
        var copy = geometry.Copy();
        copy.Apply(new MathTransformFilter(toWgs84));
        copy.SRID = 4326;
        return copy;
    }
}

/// <summary>Applies a ProjNet transform to every coordinate of an NTS geometry.</summary>
sealed class MathTransformFilter(MathTransform transform) : IEntireCoordinateSequenceFilter
{
    public bool Done => false;
    public bool GeometryChanged => true;

    public void Filter(CoordinateSequence seq)
    {
        for (int i = 0; i < seq.Count; i++)
        {
            var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
