namespace Coverage.Network.Graph;

/// <summary>Per-edge bits. An edge is an undirected chain of OSM segments between two graph nodes.</summary>
[Flags]
public enum EdgeFlags : byte
{
    None = 0,
    /// <summary>Walkable from <c>EdgeFrom</c> to <c>EdgeTo</c>.</summary>
    Forward = 1,
    /// <summary>Walkable from <c>EdgeTo</c> to <c>EdgeFrom</c>.</summary>
    Backward = 2,
    Steps = 4,
    /// <summary>A ferry: its time is fixed (<see cref="WalkGraph.FerrySeconds"/>), not length / speed.</summary>
    Ferry = 8,
    Bridge = 16,
    Both = Forward | Backward,
}
