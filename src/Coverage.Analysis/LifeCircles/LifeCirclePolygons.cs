using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Triangulate;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// Unit polygons: the union of the members' Voronoi cells (the same cells whose shared sides make members neighbours),
/// clipped to the county boundary when one is given, else to the members' hull widened by <see cref="MarginMetres"/>.
/// Built in the local metric projection, returned in WGS84. Members at one point share a cell; it is drawn with the
/// unit of the first of them.
/// </summary>
public static class LifeCirclePolygons
{
    /// <summary>How far beyond the outermost members the map is drawn without a boundary: about a 15-minute walk (1.2 m/s).</summary>
    public const double MarginMetres = 1000;

    public static IReadOnlyList<LifeCircleUnit> WithPolygons(LocalProjection projection, LifeCircleInstance inst,
        IReadOnlyList<LifeCircleUnit> units, Geometry? boundaryWgs84 = null)
    {
        var factory = new GeometryFactory(new PrecisionModel(), projection.Epsg);
        var coords = LifeCircleNeighbours.Project(projection, inst.Members.Select(m => m.At).ToList());
        var sites = coords.Distinct().ToList();
        if (sites.Count == 0) return units;
        var clip = boundaryWgs84 is { IsEmpty: false } b
            ? projection.Forward(b)
            : factory.CreateMultiPointFromCoords(sites.ToArray()).ConvexHull().Buffer(MarginMetres);
        var cellAt = Cells(factory, sites, clip);
        var drawn = new HashSet<Coordinate>();
        return units.Select(u =>
        {
            var cells = u.Members.Select(m => coords[m]).Where(drawn.Add).Select(c => cellAt[c]).Where(g => !g.IsEmpty).ToList();
            if (cells.Count == 0) return u;
            var union = UnaryUnionOp.Union(cells);
            return u with { Polygon = projection.Inverse(union) };
        }).ToList();
    }

    static Dictionary<Coordinate, Geometry> Cells(GeometryFactory factory, List<Coordinate> sites, Geometry clip)
    {
        var cells = new Dictionary<Coordinate, Geometry>();
        if (sites.Count == 1) { cells[sites[0]] = clip; return cells; }
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites);
        var env = clip.EnvelopeInternal.Copy();
        env.ExpandBy(MarginMetres);
        builder.ClipEnvelope = env;
        foreach (var cell in builder.GetSubdivision().GetVoronoiCellPolygons(factory))
            if (cell.UserData is Coordinate site) cells[site] = cell.Intersection(clip);
        foreach (var s in sites) cells.TryAdd(s, factory.CreatePolygon());
        return cells;
    }
}
