using Coverage.Network.Cache;
using Coverage.Network.Graph;

namespace Coverage.Server.Tests.Support;

/// <summary>
/// Slow-and-obvious oracle for "metres to the nearest walkable way": every segment of every edge of the demo graph,
/// point-to-segment distance in a flat plane at the point's latitude on a sphere of radius 6,371,008.8 m. It shares
/// nothing with the snapper's grid index or its ellipsoidal metres per degree (they differ by under 0.3 %).
/// </summary>
public static class NearestWay
{
    const double R = 6_371_008.8;
    static readonly Lazy<WalkGraph> Demo = new(() => WalkGraphCache.LoadOrBuild(Path.Combine(DemoTables.Folder(), "demo-county.synthetic.osm.pbf")).Graph);

    public static double Metres(double lon, double lat)
    {
        var g = Demo.Value;
        double kx = Math.PI / 180 * R * Math.Cos(lat * Math.PI / 180), ky = Math.PI / 180 * R, best = double.PositiveInfinity;
        for (int e = 0; e < g.EdgeCount; e++)
        {
            var pts = Points(g, e).ToList();
            for (int j = 0; j + 1 < pts.Count; j++)
            {
                double ax = (pts[j].Lon - lon) * kx, ay = (pts[j].Lat - lat) * ky, bx = (pts[j + 1].Lon - lon) * kx, by = (pts[j + 1].Lat - lat) * ky;
                double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                double t = len2 == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1);
                best = Math.Min(best, Math.Sqrt((ax + t * dx) * (ax + t * dx) + (ay + t * dy) * (ay + t * dy)));
            }
        }
        return best;
    }

    static IEnumerable<(double Lon, double Lat)> Points(WalkGraph g, int e)
    {
        yield return (g.NodeLon7[g.EdgeFrom[e]] / WalkGraph.CoordScale, g.NodeLat7[g.EdgeFrom[e]] / WalkGraph.CoordScale);
        for (int k = g.ShapeFirst[e]; k < g.ShapeFirst[e + 1]; k++) yield return (g.ShapeLon7[k] / WalkGraph.CoordScale, g.ShapeLat7[k] / WalkGraph.CoordScale);
        yield return (g.NodeLon7[g.EdgeTo[e]] / WalkGraph.CoordScale, g.NodeLat7[g.EdgeTo[e]] / WalkGraph.CoordScale);
    }
}
