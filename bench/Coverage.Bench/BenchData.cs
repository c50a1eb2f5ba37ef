using Coverage.Network.Graph;
using Coverage.Network.Osm;

namespace Coverage.Bench;

/// <summary>Where the benchmarks find their inputs: the real extracts in ../shared/geodata/osm and the demo county.</summary>
public static class BenchData
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Run the benchmarks inside the Coverage repository (Coverage.sln not found above here).");
    }

    public static string Extract(string name)
    {
        var root = RepoRoot();
        var demo = Path.Combine(root, "geodata", "demo", name);
        if (File.Exists(demo)) return demo;
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "geodata", "osm", name));
        if (File.Exists(shared)) return shared;
        if (File.Exists(name)) return Path.GetFullPath(name);
        throw new FileNotFoundException($"Extract '{name}' is neither in geodata/demo nor in ../shared/geodata/osm.");
    }

    /// <summary>
    /// SYNTHETIC square grid of about <paramref name="nodes"/> nodes at 50 m spacing (near 120.6°E, 31.0°N), every
    /// street walkable both ways: the 100k-node size the search target names, which our real extracts don't reach
    /// after degree-2 compression.
    /// </summary>
    public static WalkGraph SyntheticGrid(int nodes)
    {
        int side = (int)Math.Ceiling(Math.Sqrt(nodes));
        var b = new WalkGraphBuilder();
        double dLat = 50 / 110_574.0, dLon = 50 / (111_320.0 * Math.Cos(31.0 * Math.PI / 180));
        for (int r = 0; r < side; r++)
            for (int c = 0; c < side; c++)
                b.AddNode(120.6 + c * dLon, 31.0 + r * dLat);
        for (int r = 0; r < side; r++)
            for (int c = 0; c < side; c++)
            {
                int n = r * side + c;
                if (c + 1 < side) b.AddEdge(n, n + 1, EdgeFlags.Both);
                if (r + 1 < side) b.AddEdge(n, n + side, EdgeFlags.Both);
            }
        return b.Build();
    }

    /// <summary>An extract by name, <c>grid:N</c> (<see cref="SyntheticGrid"/>) or <c>stress:SCALE</c> (the stress region's graph, ~1 M nodes at 200).</summary>
    public static WalkGraph Graph(string extractOrGrid)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        if (extractOrGrid.StartsWith("grid:", StringComparison.Ordinal)) return SyntheticGrid(int.Parse(extractOrGrid[5..], ci));
        if (extractOrGrid.StartsWith("stress:", StringComparison.Ordinal)) return Stress.StressCase.Graph(double.Parse(extractOrGrid[7..], ci));
        return OsmNetworkReader.Read(Extract(extractOrGrid)).Graph;
    }

    /// <summary>Seeded random nodes of the largest component (component 0): sources every engine can start from.</summary>
    public static int[] RandomNodes(WalkGraph g, int count, int seed)
    {
        var rng = new Random(seed);
        var picked = new List<int>(count);
        for (int guard = 0; picked.Count < count && guard < count * 1000; guard++)
        {
            int n = rng.Next(g.NodeCount);
            if (g.NodeComponent[n] == 0 && !picked.Contains(n)) picked.Add(n);
        }
        return picked.ToArray();
    }
}
