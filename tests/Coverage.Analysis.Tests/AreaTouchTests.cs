using Coverage.Analysis.Region;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests;

/// <summary>
/// A presence circle asks whether a facility touches a village (<see cref="AreaTouch"/>, standing in for
/// <see cref="Geometry.Intersects"/>, which built an intersection matrix per facility). Its answer must be Intersects'
/// for every kind of facility geometry: on real OSM outlines of north Bayreuth (lon/lat, as villages are stored), with
/// holes and as multipolygons, for points on vertices and edges (the boundary counts), in holes, inside and outside,
/// and for lines and polygons that cross, lie within or miss the outline; and for villages given as points.
/// </summary>
public class AreaTouchTests
{
    static readonly GeometryFactory Lonlat = new(new PrecisionModel(), 4326);

    [Fact]
    public void Every_facility_geometry_touches_a_village_exactly_when_Intersects_says_so()
    {
        var outlines = GridRowScanTests.OsmOutlines("north-bayreuth.osm.gz").Take(1500).Select(o => Lonlat.CreateGeometry(o)).ToList();
        var shapes = new List<Geometry>(outlines);
        var big = outlines.Where(o => o.Area > 4e-7).Take(40).ToList();
        foreach (var a in big)
        {
            var holes = outlines.Where(h => h != a && h.Area < a.Area / 4 && a.Contains(h)).Take(20)
                .Select(h => (LinearRing)((Polygon)h).ExteriorRing.Copy()).ToArray();
            if (holes.Length > 0) shapes.Add(Lonlat.CreatePolygon((LinearRing)((Polygon)a).ExteriorRing.Copy(), holes));
        }
        for (int i = 0; i + 1 < outlines.Count; i += 2) shapes.Add(Lonlat.CreateMultiPolygon([(Polygon)outlines[i], (Polygon)outlines[i + 1]]));
        Assert.Contains(shapes, s => s is Polygon { NumInteriorRings: > 1 });

        var random = new Random(20261201);
        long tests = 0, touching = 0, onBoundary = 0;
        foreach (var shape in shapes)
        {
            var area = new AreaTouch(shape);
            var env = shape.EnvelopeInternal;
            var probes = new List<Geometry>();
            // Every vertex (on the boundary) and every edge's midpoint (on it, or a rounding off it either way).
            var coords = shape.Coordinates;
            for (int i = 0; i < coords.Length; i++)
            {
                probes.Add(Lonlat.CreatePoint(coords[i].Copy()));
                if (i + 1 < coords.Length)
                    probes.Add(Lonlat.CreatePoint(new Coordinate((coords[i].X + coords[i + 1].X) / 2, (coords[i].Y + coords[i + 1].Y) / 2)));
            }
            // Points over the box and a margin around it (inside, in holes, outside), and the box's own corners.
            for (int i = 0; i < 40; i++) probes.Add(Lonlat.CreatePoint(At(env, random, 0.2)));
            probes.Add(Lonlat.CreatePoint(new Coordinate(env.MinX, env.MinY)));
            // Lines and small squares over the box: crossing the outline, inside it, in a hole, or beside it.
            for (int i = 0; i < 15; i++)
            {
                probes.Add(Lonlat.CreateLineString([At(env, random, 0.2), At(env, random, 0.2), At(env, random, 0.2)]));
                var c = At(env, random, 0.3);
                double r = env.Width * random.NextDouble() * 0.1 + 1e-9;
                probes.Add(Lonlat.CreatePolygon([new(c.X - r, c.Y - r), new(c.X + r, c.Y - r), new(c.X + r, c.Y + r), new(c.X - r, c.Y + r), new(c.X - r, c.Y - r)]));
            }
            probes.Add(Lonlat.CreatePoint()); // an empty facility geometry touches nothing
            foreach (var probe in probes)
            {
                bool expected = shape.Intersects(probe);
                Assert.True(expected == area.Touches(probe), $"{probe} against {shape}: Intersects {expected}");
                tests++;
                if (expected) touching++;
                if (expected && probe is Point p && !shape.Contains(p)) onBoundary++;
            }
        }
        // Both answers were met often, and the boundary (where a test of the interior alone would say no) thousands of times.
        Assert.True(tests > 100_000, $"tests {tests}");
        Assert.True(touching > tests / 5 && touching < tests * 4 / 5, $"touching {touching} of {tests}");
        Assert.True(onBoundary > 5_000, $"on the boundary {onBoundary}");
    }

    [Fact]
    public void A_village_given_as_a_point_is_touched_only_by_what_covers_that_point()
    {
        var village = Lonlat.CreatePoint(new Coordinate(118.3, 32.3));
        var area = new AreaTouch(village);
        Geometry[] probes =
        [
            Lonlat.CreatePoint(new Coordinate(118.3, 32.3)),
            Lonlat.CreatePoint(new Coordinate(118.3000001, 32.3)),
            Lonlat.CreateLineString([new(118.29, 32.3), new(118.31, 32.3)]),
            Lonlat.CreateLineString([new(118.29, 32.31), new(118.31, 32.31)]),
            Lonlat.CreatePolygon([new(118.2, 32.2), new(118.4, 32.2), new(118.4, 32.4), new(118.2, 32.4), new(118.2, 32.2)]),
        ];
        bool[] expected = [true, false, true, false, true];
        for (int i = 0; i < probes.Length; i++)
        {
            Assert.Equal(expected[i], village.Intersects(probes[i]));
            Assert.Equal(expected[i], area.Touches(probes[i]));
        }
    }

    static Coordinate At(Envelope env, Random random, double margin) =>
        new(env.MinX - env.Width * margin + random.NextDouble() * env.Width * (1 + 2 * margin),
            env.MinY - env.Height * margin + random.NextDouble() * env.Height * (1 + 2 * margin));
}
