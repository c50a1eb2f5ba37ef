using Coverage.Core.Geo;
using Coverage.Network.Graph;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// The graph's node and shape coordinates in the local metric projection, with each edge's cumulative projected
/// length per shape point, so a reached stretch [s0, s1] of an edge is cut without reprojecting anything.
/// </summary>
sealed class ProjectedGraph
{
    public readonly double[] NodeX, NodeY, ShapeX, ShapeY;
    /// <summary>Projected length of edge e's polyline up to interior point i (index ShapeFirst[e]+i), and to its end.</summary>
    public readonly double[] ShapeAlong, EdgeProjectedLength;
    /// <summary>Bounding box of each edge's projected polyline.</summary>
    public readonly Envelope[] EdgeBox;

    public ProjectedGraph(WalkGraph g, LocalProjection projection)
    {
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
}
