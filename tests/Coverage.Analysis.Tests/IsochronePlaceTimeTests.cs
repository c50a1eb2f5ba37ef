using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Tests.Support;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;

namespace Coverage.Analysis.Tests;

/// <summary>
/// The isochrone's fast place time (<see cref="IsochroneBuilder.PlaceSeconds"/>: the nearest way first, the geodesic
/// half of the snap skipped where that way proves the place unreached, segment metres reused per edge) against the
/// plain rule it replaces — <see cref="Region.AnalysisRegion.SnapPlace"/> then <see cref="TravelTimes.SecondsTo"/> —
/// bit for bit at every point of a dense lattice around searches of real extracts, from the origin's own way out past
/// the snap limit beyond the last band, islands included.
/// </summary>
public class IsochronePlaceTimeTests
{
    public static TheoryData<string> Extracts => new() { "north-bayreuth.osm.gz", "andorra.osm.pbf" };

    [Theory]
    [MemberData(nameof(Extracts))]
    public void Fast_place_time_equals_snap_then_seconds_at_every_lattice_point(string extract)
    {
        var region = RealExtract.Region(extract);
        var g = region.Graph;
        var builder = new IsochroneBuilder(region);
        var space = new SearchSpace(g);
        var times = new TravelTimes(g);
        var rng = new Random(30);
        int searches = 0, reached = 0, unreached = 0, snappedButUnreached = 0;
        while (searches < 6)
        {
            int n;
            do n = rng.Next(g.NodeCount); while (g.NodeComponent[n] != 0);
            var origin = new LonLat(g.NodeLon(n) + (rng.NextDouble() - 0.5) * 0.0006, g.NodeLat(n) + (rng.NextDouble() - 0.5) * 0.0004);
            var snap = region.SnapPlace(origin.Lon, origin.Lat);
            if (!snap.IsOnNetwork) continue;
            searches++;
            var sources = new SourceSet();
            sources.AddPoint(snap, 0);
            var profile = searches % 2 == 0 ? WalkProfile.Adult : WalkProfile.Elderly;
            double minutes = 3 + rng.NextDouble() * 9;
            BoundedDijkstra.Run(g, profile, sources, minutes * 60, space, times);
            var measured = new SegmentMetres(region.Snapper);
            var (ky, kx) = Geodesy.MetresPerDegree(origin.Lat);
            double radius = minutes * 60 * profile.SpeedMetresPerSecond + region.Options.MaxSnapMetres + 200, step = 25;
            for (double dy = -radius; dy <= radius; dy += step)
                for (double dx = -radius; dx <= radius; dx += step)
                {
                    double lon = origin.Lon + dx / kx, lat = origin.Lat + dy / ky;
                    var plain = region.SnapPlace(lon, lat);
                    float expected = plain.IsOnNetwork ? times.SecondsTo(plain) : float.PositiveInfinity;
                    float fast = builder.PlaceSeconds(lon, lat, times, measured);
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(fast),
                        $"{extract} search {searches}: ({lon:R}, {lat:R}) plain {expected:R} s, fast {fast:R} s");
                    if (region.Snapper.Nearest(lon, lat, out var candidate))
                    {
                        Assert.Equal(plain, region.Snapper.Complete(candidate, region.Options.MaxSnapMetres, measured));
                        // The two bounds the skip rests on, each against the value it bounds.
                        if (!candidate.IsOnIsland)
                        {
                            Assert.True(candidate.LowerBoundMetres <= plain.DistanceMetres, $"({lon:R}, {lat:R}): floor {candidate.LowerBoundMetres:R} m above the snap's {plain.DistanceMetres:R} m");
                            Assert.Equal(plain.OffsetMetres, region.Snapper.OffsetOf(candidate, measured));
                            if (plain.IsOnNetwork)
                                Assert.Equal(expected, times.SecondsOnEdge(plain.Edge, plain.OffsetMetres) + (float)(plain.DistanceMetres / profile.SpeedMetresPerSecond) is var t && t <= times.LimitSeconds ? t : float.PositiveInfinity);
                        }
                        if (float.IsFinite(expected))
                            Assert.True(times.EarliestOnEdge(plain.Edge) + (float)(plain.DistanceMetres / profile.SpeedMetresPerSecond) <= expected,
                                $"({lon:R}, {lat:R}): reached at {expected:R} s, before edge {plain.Edge}'s earliest {times.EarliestOnEdge(plain.Edge):R} s and the leg");
                    }
                    if (float.IsFinite(expected)) reached++;
                    else
                    {
                        unreached++;
                        if (plain.IsOnNetwork) snappedButUnreached++;
                    }
                }
        }
        // The lattice crosses the band edge and the snap limit: both sides of every skip are exercised.
        Assert.True(reached > 1000 && snappedButUnreached > 1000 && unreached - snappedButUnreached > 100,
            $"{extract}: {reached} reached, {snappedButUnreached} snapped but unreached, {unreached - snappedButUnreached} beyond the snap limit");
    }
}
