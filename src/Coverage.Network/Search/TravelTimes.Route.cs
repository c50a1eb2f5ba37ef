using Coverage.Network.Snapping;

namespace Coverage.Network.Search;

public sealed partial class TravelTimes
{
    /// <summary>
    /// The route <see cref="ReachOf"/> times, traced back through the search tree (<see cref="ParentArc"/> and the seedings),
    /// with the seconds from the source at every point; null when the place is not reached.
    /// </summary>
    public SearchRoute? RouteTo(in SnapResult place)
    {
        RequireTree();
        var reach = ReachOf(place);
        if (!reach.IsReached) return null;
        ReachOnEdge(place.Edge, (float)place.OffsetMetres, out var arrival);
        var g = Graph;
        double perMetre = 1 / Profile.SpeedMetresPerSecond;
        var points = new List<RoutePoint> { new(place.Lon, place.Lat, reach.Seconds) };
        double atEdge = reach.Seconds - place.DistanceMetres * perMetre;
        double leg = arrival.SourceLegMetres;
        double atStart = reach.ViaNode >= 0 ? Seconds[reach.ViaNode] : arrival.SourceLegMetres * perMetre;
        EdgeShape.AppendBetween(g, place.Edge, place.OffsetMetres, arrival.StartOffset, atEdge, atStart, points);

        for (int node = reach.ViaNode; node >= 0;)
        {
            int arc = ParentArc[node];
            if (arc < 0)
            {
                var seed = SeedOf(node);
                if (seed is { Edge: >= 0 } s)
                {
                    EdgeShape.AppendBetween(g, s.Edge, s.NodeOffset, s.SeedOffset, Seconds[node], s.LegMetres * perMetre, points);
                    leg = s.LegMetres;
                }
                else leg = seed?.LegMetres ?? 0;
                break;
            }
            int arcEdge = g.ArcEdge[arc], e = arcEdge >> 1;
            bool forward = (arcEdge & 1) == 0; // walked EdgeFrom → EdgeTo
            int tail = forward ? g.EdgeFrom[e] : g.EdgeTo[e];
            float length = g.EdgeLength[e];
            EdgeShape.AppendBetween(g, e, forward ? length : 0, forward ? 0 : length, Seconds[node], Seconds[tail], points);
            node = tail;
        }
        return new SearchRoute(points, reach.Source, MetresTo(place), leg);
    }
}
