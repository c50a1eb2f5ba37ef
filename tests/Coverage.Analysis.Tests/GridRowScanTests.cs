using System.IO.Compression;
using Coverage.Analysis.Region;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Geo;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using OsmSharp;
using OsmSharp.Streams;

namespace Coverage.Analysis.Tests;

/// <summary>
/// The sampler decides which grid centres lie inside a settlement a row at a time (<see cref="GridRowScan"/>); the
/// answer must be NTS's point locator's (Interior only) for every centre: on real OSM outlines (buildings and landuse of
/// north Bayreuth, some turned into villages with holes and into multipolygons) and on outlines whose vertices, edges and
/// holes lie exactly on grid rows and centres, where floating-point cuts alone would go wrong.
/// </summary>
public class GridRowScanTests
{
    static readonly GeometryFactory Plane = new();

    [Fact]
    public void Real_osm_outlines_with_holes_and_parts_give_the_locators_answer_for_every_grid_centre()
    {
        var outlines = OsmOutlines("north-bayreuth.osm.gz");
        Assert.True(outlines.Count > 1000, $"outlines: {outlines.Count}");
        var projection = LocalProjection.ForExtent(new GeometryCollection(outlines.ToArray()).EnvelopeInternal);
        var areas = outlines.Select(projection.Forward).ToList();
        var shapes = new List<Geometry>(areas);
        // Villages with holes: each larger outline minus the outlines inside it; and neighbours joined into multipolygons.
        var big = areas.Where(a => a.Area > 5000).Take(60).ToList();
        foreach (var a in big)
        {
            var holes = areas.Where(h => h != a && h.Area < a.Area / 4 && a.EnvelopeInternal.Contains(h.EnvelopeInternal) && a.Contains(h)).Take(30)
                .Select(h => (LinearRing)((Polygon)h).ExteriorRing.Copy()).ToArray();
            if (holes.Length > 0) shapes.Add(Plane.CreatePolygon((LinearRing)((Polygon)a).ExteriorRing.Copy(), holes));
        }
        for (int i = 0; i + 2 < areas.Count; i += 3)
            shapes.Add(Plane.CreateMultiPolygon([(Polygon)areas[i], (Polygon)areas[i + 1], (Polygon)areas[i + 2]]));
        Assert.Contains(shapes, s => s is Polygon { NumInteriorRings: > 2 });

        long centres = 0, inside = 0;
        foreach (var shape in shapes)
        {
            // About 150 cells over the outline's box.
            var env = shape.EnvelopeInternal;
            double spacing = Math.Max(Math.Sqrt(env.Area / 150), 0.05);
            (centres, inside) = Add((centres, inside), CompareEveryCentre(shape, spacing));
        }
        Assert.True(centres > 300_000, $"centres: {centres}");
        Assert.InRange(inside, centres / 10, centres - centres / 10);
    }

    [Fact]
    public void Vertices_and_edges_exactly_on_rows_and_centres_give_the_locators_answer()
    {
        // Integer vertices on a unit grid whose centres are the integers: vertices on centres, horizontal edges on rows,
        // local peaks and valleys on rows, vertical edges through centres, a hole sharing a vertex with its shell, and a
        // multipolygon whose parts overlap (the locator counts crossings over all rings).
        var shapes = new List<Geometry>
        {
            Poly([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]),
            Poly([(0, 0), (4, 3), (8, 0), (8, 8), (4, 5), (0, 8), (0, 0)]),
            Poly([(0, 0), (3, 6), (6, 0), (9, 6), (12, 0), (12, 10), (0, 10), (0, 0)]),
            Poly([(0, 0), (12, 0), (12, 12), (0, 12), (0, 0)], [(0, 0), (6, 3), (3, 6), (0, 0)], [(6, 6), (9, 6), (9, 9), (6, 9), (6, 6)]),
            Plane.CreateMultiPolygon([Poly([(0, 0), (6, 0), (6, 6), (0, 6), (0, 0)]), Poly([(3, 3), (9, 3), (9, 9), (3, 9), (3, 3)])]),
            Poly([(0, 0), (1, 7), (2, 0), (3, 7), (4, 0), (5, 7), (6, 0), (6, 9), (0, 9), (0, 0)]),
        };
        long centres = 0, inside = 0;
        foreach (var shape in shapes)
        {
            var env = shape.EnvelopeInternal;
            for (double y = env.MinY - 1; y <= env.MaxY + 1; y += 0.5)
                (centres, inside) = Add((centres, inside), CompareRow(shape, y, env.MinX - 1, env.MaxX + 1, 0.5));
        }
        Assert.True(inside > 200, $"inside: {inside} of {centres}");
    }

    static (long, long) Add((long C, long I) a, (long C, long I) b) => (a.C + b.C, a.I + b.I);

    /// <summary>Every centre of a grid of the given spacing over the shape's box, as the sampler lays it out.</summary>
    static (long Centres, long Inside) CompareEveryCentre(Geometry shape, double spacing)
    {
        var env = shape.EnvelopeInternal;
        var scan = new GridRowScan(shape);
        var locator = new IndexedPointInAreaLocator(shape);
        long centres = 0, inside = 0;
        for (double y = env.MinY + spacing / 2; y < env.MaxY; y += spacing)
        {
            scan.Row(y);
            for (double x = env.MinX + spacing / 2; x < env.MaxX; x += spacing)
            {
                bool expected = locator.Locate(new Coordinate(x, y)) == Location.Interior;
                if (expected != scan.Inside(x)) Assert.Fail($"({x}, {y}) in {shape.AsText()}: locator says {expected}");
                centres++;
                if (expected) inside++;
            }
        }
        return (centres, inside);
    }

    static (long Centres, long Inside) CompareRow(Geometry shape, double y, double x0, double x1, double step)
    {
        var scan = new GridRowScan(shape);
        var locator = new IndexedPointInAreaLocator(shape);
        scan.Row(y);
        long centres = 0, inside = 0;
        for (double x = x0; x <= x1; x += step)
        {
            bool expected = locator.Locate(new Coordinate(x, y)) == Location.Interior;
            if (expected != scan.Inside(x)) Assert.Fail($"({x}, {y}) in {shape.AsText()}: locator says {expected}");
            centres++;
            if (expected) inside++;
        }
        return (centres, inside);
    }

    static Polygon Poly((double X, double Y)[] shell, params (double X, double Y)[][] holes) =>
        Plane.CreatePolygon(Ring(shell), holes.Select(Ring).ToArray());

    static LinearRing Ring((double X, double Y)[] points) => Plane.CreateLinearRing(points.Select(p => new Coordinate(p.X, p.Y)).ToArray());

    /// <summary>Closed ways tagged building or landuse in a real extract, as WGS84 polygons (read with OsmSharp).</summary>
    internal static List<Geometry> OsmOutlines(string name)
    {
        using var file = File.OpenRead(RealExtract.PathOf(name));
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        var nodes = new Dictionary<long, Coordinate>();
        var outlines = new List<Geometry>();
        foreach (var element in new XmlOsmStreamSource(gz))
        {
            if (element is Node { Id: { } id, Longitude: { } lon, Latitude: { } lat }) nodes[id] = new Coordinate(lon, lat);
            else if (element is Way { Nodes: { Length: >= 4 } refs, Tags: { } tags } && refs[0] == refs[^1]
                && (tags.ContainsKey("building") || tags.ContainsKey("landuse")) && refs.All(nodes.ContainsKey))
            {
                var polygon = Plane.CreatePolygon(refs.Select(r => nodes[r].Copy()).ToArray());
                if (polygon.IsValid && polygon.Area > 0) outlines.Add(polygon);
            }
        }
        return outlines;
    }
}
