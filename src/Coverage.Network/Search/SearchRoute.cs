namespace Coverage.Network.Search;

/// <summary>
/// How a root of the search tree was seeded: from the point at <see cref="SeedOffset"/> of a source stretch on
/// <see cref="Edge"/> (whose end at <see cref="NodeOffset"/> is the node), after an off-network leg of <see cref="LegMetres"/>;
/// or, with edge -1, at the node itself. <see cref="Metres"/> is all the walking from the source to the node.
/// </summary>
public readonly record struct SeedOrigin(int Edge, float NodeOffset, float SeedOffset, float LegMetres)
{
    public int Node { get; init; }
    public float Metres { get; init; }

    public static SeedOrigin AtNode(float legMetres) => new(-1, 0, 0, legMetres);
}

/// <summary>How a place's edge is walked onto: metres walked after the node or source seed, from which offset, with which source leg (metres; 0 from a node).</summary>
readonly record struct EdgeArrival(double Walked, float StartOffset, float SourceLegMetres)
{
    public static EdgeArrival None => new(double.PositiveInfinity, 0, 0);
}

/// <summary>A point of a traced route and the walking seconds from the route's source to it.</summary>
public readonly record struct RoutePoint(double Lon, double Lat, double Seconds);

/// <summary>
/// The walk the search tree takes from a place to its nearest source: the place's off-network leg, the partial edge,
/// whole edges back along the tree, the partial edge of the source's stretch, ending where the source joins the network
/// (the source's own off-network leg, <see cref="SourceLegMetres"/>, is walked from there and timed in the last point).
/// Points run from the place to the source, their seconds falling to the source leg's time.
/// </summary>
/// <param name="Points">Place first; consecutive duplicates removed.</param>
/// <param name="Source">The caller's source index (e.g. the facility).</param>
/// <param name="Metres">Walking metres, legs at both ends included (as <see cref="TravelTimes.MetresTo"/>).</param>
/// <param name="SourceLegMetres">Off-network metres between the last point and the source itself.</param>
public sealed record SearchRoute(IReadOnlyList<RoutePoint> Points, int Source, double Metres, double SourceLegMetres)
{
    /// <summary>Seconds from the source to the place: the time of the search, legs included.</summary>
    public double Seconds => Points[0].Seconds;
}
