using Coverage.Core;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Network.Tests.Search;

/// <summary>
/// A reused <see cref="TravelTimes"/> clears only the nodes its last search reached (or everything, when that was most
/// of the graph). Whatever came before (an unbounded search, a short one, one cut off at its stop nodes), each search
/// must leave exactly what a fresh result gets: times, sources and search tree on every node.
/// </summary>
public class ReachedResetTests
{
    [Fact]
    public void Reused_results_equal_fresh_ones_after_searches_of_every_reach()
    {
        var g = LocalNetwork.Grid(30, 50).Build();
        var snapper = new Snapper(g);
        var rng = new Random(1414);
        var space = new SearchSpace(g);
        var reused = new TravelTimes(g);
        int partialResets = 0, fullResets = 0;
        for (int round = 0; round < 60; round++)
        {
            var sources = new SourceSet();
            for (int s = 0, k = 1 + rng.Next(3); s < k; s++)
            {
                if (rng.Next(2) == 0) sources.AddNode(rng.Next(g.NodeCount), s, rng.NextDouble() * 30);
                else sources.AddPoint(snapper.Snap(LocalNetwork.At(rng.NextDouble() * 1450, rng.NextDouble() * 1450)), s);
            }
            // Unbounded (reaches all: the next reset fills), short (a few nodes: the next reset clears only those), or
            // cut off once two random nodes are settled (nodes queued but never settled must be cleared too).
            double limit = rng.Next(3) == 0 ? double.PositiveInfinity : 30 + rng.NextDouble() * 200;
            if (rng.Next(4) == 0)
            {
                BoundedDijkstra.Run(g, WalkProfile.Adult, sources, limit, space, reused, rng.Next(g.NodeCount), rng.Next(g.NodeCount));
                continue;
            }
            int before = Reached(reused);
            if (before > g.NodeCount / 8) fullResets++; else if (before > 0) partialResets++;

            BoundedDijkstra.Run(g, WalkProfile.Adult, sources, limit, space, reused);
            var fresh = BoundedDijkstra.Run(g, WalkProfile.Adult, sources, limit);
            Assert.Equal(fresh.Seconds, reused.Seconds);
            Assert.Equal(fresh.Source, reused.Source);
            Assert.Equal(fresh.ParentArc, reused.ParentArc);
        }
        // Both ways of clearing were exercised, each after searches that left times behind.
        Assert.True(partialResets > 5 && fullResets > 5, $"partial {partialResets}, full {fullResets}");
    }

    /// <summary>
    /// A search that throws midway (here: out of memory when its heap grows) never lists the nodes its hot loop reached.
    /// The next search on the same scratch must still equal a fresh one: before, those nodes kept their stale times.
    /// </summary>
    [Fact]
    public void A_search_that_threw_midway_leaves_nothing_behind_for_the_next()
    {
        var g = LocalNetwork.Grid(30, 50).Build();
        int grows = 0;
        var space = new SearchSpace(g.NodeCount, slots: 8) { BeforeGrow = () => { if (++grows == 3) throw new OutOfMemoryException(); } };
        var reused = new TravelTimes(g);
        var centre = new SourceSet();
        centre.AddNode(15 * 30 + 15, 0);
        Assert.Throws<OutOfMemoryException>(() => BoundedDijkstra.Run(g, WalkProfile.Adult, centre, double.PositiveInfinity, space, reused));
        int left = Reached(reused);
        Assert.True(left > 20, $"the cut-off search reached only {left} nodes");

        // A short search from a corner: it reaches none of the nodes the cut-off one left times on.
        var corner = new SourceSet();
        corner.AddNode(0, 1);
        BoundedDijkstra.Run(g, WalkProfile.Adult, corner, 60, space, reused);
        var fresh = BoundedDijkstra.Run(g, WalkProfile.Adult, corner, 60);
        Assert.Equal(fresh.Seconds, reused.Seconds);
        Assert.Equal(fresh.Source, reused.Source);
        Assert.Equal(fresh.ParentArc, reused.ParentArc);
        Assert.True(Reached(fresh) < 20, $"the corner search reached {Reached(fresh)} nodes");

        // And after a normal search, resets go back to clearing only what was reached (and stay correct).
        BoundedDijkstra.Run(g, WalkProfile.Adult, centre, 120, space, reused);
        var freshCentre = BoundedDijkstra.Run(g, WalkProfile.Adult, centre, 120);
        Assert.Equal(freshCentre.Seconds, reused.Seconds);
        Assert.Equal(freshCentre.ParentArc, reused.ParentArc);
    }

    [Fact]
    public void A_fresh_result_has_nothing_reached()
    {
        var times = new TravelTimes(LocalNetwork.Grid(5, 50).Build());
        Assert.All(times.Seconds, s => Assert.True(float.IsPositiveInfinity(s)));
        Assert.All(times.Source, s => Assert.Equal(-1, s));
        Assert.All(times.ParentArc, a => Assert.Equal(-1, a));
    }

    /// <summary>Nodes the last search left a time on (what the next reset has to clear).</summary>
    static int Reached(TravelTimes t) => t.Seconds.Count(float.IsFinite);
}
