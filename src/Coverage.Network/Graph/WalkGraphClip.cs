using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Coverage.Network.Graph;

/// <summary>What clipping a graph to an area kept and dropped (edges and walkable km, ferries excluded from km).</summary>
public sealed record WalkGraphClipResult(WalkGraph Graph, int KeptEdges, int DroppedEdges, double KeptKm, double DroppedKm);

/// <summary>
/// Clips a built <see cref="WalkGraph"/> to an area (a county boundary buffered by its margin, in WGS84 lon/lat): an edge
/// is kept whole when any part of its polyline lies in the area, so a road crossing the line is not cut half-way and a
/// walk that leaves the area for a few hundred metres still reaches the clinic beyond. Nodes no kept edge uses are dropped
/// and the rest renumbered in their old order; the result is reassembled by <see cref="WalkGraphBuilder.Assemble"/>
/// (components relabelled). Works on the graph after the cache, so the cache of the whole extract is unaffected.
/// </summary>
public static class WalkGraphClip
{
    public static WalkGraphClipResult Clip(WalkGraph g, Geometry area)
    {
        var prepared = PreparedGeometryFactory.Prepare(area);
        var factory = area.Factory;
        var keep = new bool[g.EdgeCount];
        double keptM = 0, droppedM = 0;
        int kept = 0;
        for (int e = 0; e < g.EdgeCount; e++)
        {
            keep[e] = prepared.Intersects(EdgeLine(g, e, factory));
            bool ferry = (g.EdgeFlagsOf[e] & EdgeFlags.Ferry) != 0;
            if (keep[e]) { kept++; if (!ferry) keptM += g.EdgeLength[e]; }
            else if (!ferry) droppedM += g.EdgeLength[e];
        }
        return new(Rebuild(g, keep), kept, g.EdgeCount - kept, keptM / 1000, droppedM / 1000);
    }

    /// <summary>Edge e's polyline as a line string in lon/lat (a degenerate edge as two equal points).</summary>
    public static LineString EdgeLine(WalkGraph g, int e, GeometryFactory factory)
    {
        int count = g.EdgePointCount(e);
        var coords = new Coordinate[count];
        for (int i = 0; i < count; i++)
        {
            var (lon, lat) = g.EdgePoint(e, i);
            coords[i] = new Coordinate(lon, lat);
        }
        return factory.CreateLineString(coords);
    }

    /// <summary>The graph of the kept edges and the nodes they use, in the old order; shapes, ferries and way labels carried over.</summary>
    static WalkGraph Rebuild(WalkGraph g, bool[] keep)
    {
        var newNode = new int[g.NodeCount];
        Array.Fill(newNode, -1);
        for (int e = 0; e < g.EdgeCount; e++)
            if (keep[e]) { newNode[g.EdgeFrom[e]] = 0; newNode[g.EdgeTo[e]] = 0; }
        var lat7 = new List<int>();
        var lon7 = new List<int>();
        for (int n = 0; n < g.NodeCount; n++)
        {
            if (newNode[n] < 0) continue;
            newNode[n] = lat7.Count;
            lat7.Add(g.NodeLat7[n]);
            lon7.Add(g.NodeLon7[n]);
        }
        var from = new List<int>(); var to = new List<int>(); var length = new List<float>(); var flags = new List<EdgeFlags>();
        var shapeFirst = new List<int> { 0 }; var shapeLat = new List<int>(); var shapeLon = new List<int>();
        var ferryEdges = new List<int>(); var ferrySeconds = new List<float>();
        var wayIds = new List<long>(); var nameIndex = new List<int>();
        for (int e = 0; e < g.EdgeCount; e++)
        {
            if (!keep[e]) continue;
            int ne = from.Count;
            from.Add(newNode[g.EdgeFrom[e]]); to.Add(newNode[g.EdgeTo[e]]);
            length.Add(g.EdgeLength[e]); flags.Add(g.EdgeFlagsOf[e]);
            for (int k = g.ShapeFirst[e]; k < g.ShapeFirst[e + 1]; k++) { shapeLat.Add(g.ShapeLat7[k]); shapeLon.Add(g.ShapeLon7[k]); }
            shapeFirst.Add(shapeLat.Count);
            if ((g.EdgeFlagsOf[e] & EdgeFlags.Ferry) != 0) { ferryEdges.Add(ne); ferrySeconds.Add(g.FerrySecondsOf(e)); }
            wayIds.Add(g.Ways.WayId[e]); nameIndex.Add(g.Ways.NameIndex[e]);
        }
        return WalkGraphBuilder.Assemble(lat7.ToArray(), lon7.ToArray(), from.ToArray(), to.ToArray(), length.ToArray(), flags.ToArray(),
            shapeFirst.ToArray(), shapeLat.ToArray(), shapeLon.ToArray(), ferryEdges.ToArray(), ferrySeconds.ToArray(),
            new EdgeWays(wayIds.ToArray(), nameIndex.ToArray(), g.Ways.Names));
    }
}
