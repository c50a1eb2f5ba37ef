using Coverage.Core.Geo;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// The graph's node and shape coordinates in the local metric projection, with each edge's cumulative projected
/// length per shape point: the whole-graph copy isochrones read before they projected their edges on demand, kept as
/// the oracle of <see cref="EdgesOnDemand"/> and <see cref="NetworkIndex.EdgesNear"/>. As an <see cref="IEdgeProjection"/>
/// it offers every edge as near (the brute force the caller's box test then filters).
/// </summary>
sealed class ProjectedGraph : IEdgeProjection
{
    readonly WalkGraph _graph;

    public readonly double[] NodeX, NodeY, ShapeX, ShapeY;
    /// <summary>Projected length of edge e's polyline up to interior point i (index ShapeFirst[e]+i), and to its end.</summary>
    public readonly double[] ShapeAlong, EdgeProjectedLength;
    /// <summary>Bounding box of each edge's projected polyline.</summary>
    public readonly Envelope[] EdgeBox;

    public ProjectedGraph(WalkGraph g, LocalProjection projection)
    {
        _graph = g;
        NodeX = new double[g.NodeCount]; NodeY = new double[g.NodeCount];
        for (int n = 0; n < g.NodeCount; n++) (NodeX[n], NodeY[n]) = projection.Forward(g.NodeLon(n), g.NodeLat(n));
        int s = g.ShapeLat7.Length;
        ShapeX = new double[s]; ShapeY = new double[s]; ShapeAlong = new double[s];
        for (int i = 0; i < s; i++) (ShapeX[i], ShapeY[i]) = projection.Forward(g.ShapeLon7[i] / WalkGraph.CoordScale, g.ShapeLat7[i] / WalkGraph.CoordScale);
        EdgeProjectedLength = new double[g.EdgeCount];
        EdgeBox = new Envelope[g.EdgeCount];
        for (int e = 0; e < g.EdgeCount; e++)
        {
            double px = NodeX[g.EdgeFrom[e]], py = NodeY[g.EdgeFrom[e]], along = 0;
            for (int i = g.ShapeFirst[e]; i < g.ShapeFirst[e + 1]; i++)
            {
                along += Math.Sqrt((ShapeX[i] - px) * (ShapeX[i] - px) + (ShapeY[i] - py) * (ShapeY[i] - py));
                ShapeAlong[i] = along;
                px = ShapeX[i]; py = ShapeY[i];
            }
            double tx = NodeX[g.EdgeTo[e]], ty = NodeY[g.EdgeTo[e]];
            var box = new Envelope(NodeX[g.EdgeFrom[e]], tx, NodeY[g.EdgeFrom[e]], ty);
            for (int i = g.ShapeFirst[e]; i < g.ShapeFirst[e + 1]; i++) box.ExpandToInclude(ShapeX[i], ShapeY[i]);
            EdgeBox[e] = box;
            EdgeProjectedLength[e] = along + Math.Sqrt((tx - px) * (tx - px) + (ty - py) * (ty - py));
        }
    }

    public ProjectedEdge Edge(int e)
    {
        var g = _graph;
        int first = g.ShapeFirst[e], count = g.ShapeFirst[e + 1] - first;
        double[] x = new double[count + 2], y = new double[count + 2], along = new double[count + 2];
        (x[0], y[0], x[^1], y[^1]) = (NodeX[g.EdgeFrom[e]], NodeY[g.EdgeFrom[e]], NodeX[g.EdgeTo[e]], NodeY[g.EdgeTo[e]]);
        for (int k = 1; k <= count; k++) (x[k], y[k], along[k]) = (ShapeX[first + k - 1], ShapeY[first + k - 1], ShapeAlong[first + k - 1]);
        along[^1] = EdgeProjectedLength[e];
        return new ProjectedEdge(x, y, along, 0, count + 2, EdgeBox[e]);
    }

    public void Dispose() { }

    public List<int> EdgesNear(Envelope extent) => Enumerable.Range(0, _graph.EdgeCount).ToList();
}
