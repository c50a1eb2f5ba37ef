using Coverage.Network.Graph;

namespace Coverage.Network.Osm;

/// <summary>Figures of one network build, for the CLI to print and the bench to compare.</summary>
/// <param name="OsmNodesRead">Every node in the extract, walkable or not.</param>
/// <param name="MissingNodeRefs">Way refs to nodes absent from the extract (clipped ways); ways are cut there.</param>
/// <param name="WalkableKm">Walkable length, each edge once, ferries excluded.</param>
/// <param name="LargestComponentShare">Share of graph nodes in the largest connected component (0..1).</param>
/// <param name="SmallIslands">Components of at most <see cref="SmallIslandMaxNodes"/> nodes: places there reach little.</param>
/// <param name="TopologyBytes">Graph arrays without edge shape (see <see cref="WalkGraph.TopologyBytes"/>).</param>
/// <param name="ManagedPeakBytes">Largest managed heap size sampled at the end of each build phase.</param>
public sealed record NetworkBuildStats(
    string Extract, string Format, long OsmNodesRead, long WaysRead, long WalkableWays, long MissingNodeRefs,
    int GraphNodes, int Edges, int Arcs, int FerryEdges, double WalkableKm,
    int Components, double LargestComponentShare, int SmallIslands, int SmallIslandNodeCount,
    TimeSpan BuildTime, long TopologyBytes, long ShapeBytes, long ManagedPeakBytes)
{
    public const int SmallIslandMaxNodes = 10;

    /// <summary>Name of the road rule set the graph was built under (<see cref="Osm.RoadRules.Name"/>).</summary>
    public string RoadRules { get; init; } = Osm.RoadRules.Default.Name;

    /// <summary>Ways walkable by their tags but left out as parts of an elevated road (China: long trunk bridge runs).</summary>
    public long ElevatedWaysDropped { get; init; }

    public double TopologyBytesPerNode => GraphNodes == 0 ? 0 : (double)TopologyBytes / GraphNodes;
    public double OsmNodesPerSecond => BuildTime.TotalSeconds <= 0 ? 0 : OsmNodesRead / BuildTime.TotalSeconds;

    internal static NetworkBuildStats Of(string extract, string format, ExtractCollector x, long missingRefs, WalkGraph g,
        TimeSpan buildTime, long managedPeak)
    {
        int small = 0, smallNodes = 0;
        for (int c = 0; c < g.ComponentCount; c++)
            if (g.ComponentNodeCount[c] <= SmallIslandMaxNodes) { small++; smallNodes += g.ComponentNodeCount[c]; }
        return new NetworkBuildStats(extract, format, x.NodesRead, x.WaysRead, x.WalkableWays, missingRefs,
            g.NodeCount, g.EdgeCount, g.ArcCount, g.FerryEdges.Length, g.WalkableMetres() / 1000,
            g.ComponentCount, g.NodeCount == 0 ? 0 : (double)g.ComponentNodeCount[0] / g.NodeCount, small, smallNodes,
            buildTime, g.TopologyBytes, g.ShapeBytes, managedPeak)
        { RoadRules = x.Rules.Name, ElevatedWaysDropped = x.ElevatedWaysDropped };
    }
}
