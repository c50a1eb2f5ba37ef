using Coverage.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// Which members touch: the Delaunay edges of their points in the local metric projection, i.e. members whose
/// Voronoi cells share a side. Unit polygons are unions of those cells (<see cref="LifeCirclePolygons"/>), so a unit
/// whose members are linked through neighbours draws as one piece. Members at the same point are neighbours too.
/// </summary>
public static class LifeCircleNeighbours
{
    public static int[][] Delaunay(LocalProjection projection, IReadOnlyList<LonLat> points)
    {
        var sets = points.Select(_ => new HashSet<int>()).ToArray();
        var byCoordinate = new Dictionary<Coordinate, List<int>>();
        var coords = Project(projection, points);
        for (int i = 0; i < coords.Length; i++)
        {
            if (!byCoordinate.TryGetValue(coords[i], out var list)) byCoordinate[coords[i]] = list = [];
            foreach (int j in list) { sets[i].Add(j); sets[j].Add(i); }
            list.Add(i);
        }
        if (byCoordinate.Count >= 2)
        {
            var builder = new DelaunayTriangulationBuilder();
            builder.SetSites(byCoordinate.Keys.ToList());
            var edges = builder.GetEdges(new GeometryFactory());
            foreach (var g in edges.Geometries)
            {
                var line = (LineString)g;
                if (!byCoordinate.TryGetValue(line.StartPoint.Coordinate, out var a) || !byCoordinate.TryGetValue(line.EndPoint.Coordinate, out var b)) continue;
                foreach (int i in a) foreach (int j in b) { sets[i].Add(j); sets[j].Add(i); }
            }
        }
        return sets.Select(s => s.Order().ToArray()).ToArray();
    }

    /// <summary>Points in metres, rounded to the centimetre so equal places meet in one key.</summary>
    internal static Coordinate[] Project(LocalProjection projection, IReadOnlyList<LonLat> points) =>
        points.Select(p => { var (x, y) = projection.Forward(p); return new Coordinate(Math.Round(x, 2), Math.Round(y, 2)); }).ToArray();
}
