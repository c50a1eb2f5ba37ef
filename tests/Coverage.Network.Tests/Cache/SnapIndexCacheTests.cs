using Coverage.Network.Cache;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Snapping;
using Coverage.Network.Tests.Support;

namespace Coverage.Network.Tests.Cache;

/// <summary>
/// The snapping index (segment grid and edge shape totals) is stored in the graph cache (format 4): a graph read back
/// carries it before any snapper asks, and snaps through it exactly as through an index freshly built from the extract.
/// </summary>
public class SnapIndexCacheTests
{
    [Theory]
    [InlineData("andorra.osm.pbf")]
    [InlineData("north-bayreuth.osm.gz")]
    public void A_cached_snap_index_answers_every_snap_as_a_freshly_built_one(string extractName)
    {
        var dir = TempDir.Create();
        var extract = Path.Combine(dir, extractName);
        File.Copy(Extracts.PathOf(extractName), extract);
        var cache = Path.Combine(dir, "graph.walkgraph");
        Assert.False(WalkGraphCache.LoadOrBuild(extract, cache).FromCache);

        var loaded = WalkGraphCache.LoadOrBuild(extract, cache);
        Assert.True(loaded.FromCache, loaded.Warning);
        Assert.True(loaded.Graph.HasSegmentGrid, "the graph read from the cache should carry its snap index");
        var fresh = OsmNetworkReader.Read(Extracts.PathOf(extractName)).Graph;
        Assert.False(fresh.HasSegmentGrid);
        var cached = new Snapper(loaded.Graph);
        var built = new Snapper(fresh);
        Assert.True(built.IndexedSegments > 1000, $"{extractName}: {built.IndexedSegments} segments");
        Assert.Equal(built.IndexedSegments, cached.IndexedSegments);

        int compared = 0, onNetwork = 0;
        foreach (var (lon, lat) in Places(fresh))
        {
            var expected = built.Snap(lon, lat);
            Assert.Equal(expected, cached.Snap(lon, lat));
            Assert.Equal(built.SnapNearest(lon, lat, 100), cached.SnapNearest(lon, lat, 100));
            Assert.Equal(built.MainNetworkMetres(lon, lat), cached.MainNetworkMetres(lon, lat));
            compared++;
            if (expected.IsOnNetwork) onNetwork++;
        }
        // Both ways of joining are exercised: places on the network and places too far from it.
        Assert.InRange(onNetwork, compared / 10, compared - compared / 20);
    }

    /// <summary>
    /// A 120 × 120 lattice over the graph's box and a little beyond (places on and off the network, far from it at
    /// the edges), every node exactly (ties between the segments meeting there), and a point 3 m off each tenth node.
    /// </summary>
    static IEnumerable<(double Lon, double Lat)> Places(WalkGraph g)
    {
        double minLon = double.MaxValue, maxLon = double.MinValue, minLat = double.MaxValue, maxLat = double.MinValue;
        for (int n = 0; n < g.NodeCount; n++)
        {
            minLon = Math.Min(minLon, g.NodeLon(n)); maxLon = Math.Max(maxLon, g.NodeLon(n));
            minLat = Math.Min(minLat, g.NodeLat(n)); maxLat = Math.Max(maxLat, g.NodeLat(n));
        }
        double padLon = (maxLon - minLon) * 0.05, padLat = (maxLat - minLat) * 0.05;
        const int Steps = 120;
        for (int i = 0; i <= Steps; i++)
            for (int j = 0; j <= Steps; j++)
                yield return (minLon - padLon + (maxLon - minLon + 2 * padLon) * i / Steps, minLat - padLat + (maxLat - minLat + 2 * padLat) * j / Steps);
        for (int n = 0; n < g.NodeCount; n++)
        {
            yield return (g.NodeLon(n), g.NodeLat(n));
            if (n % 10 == 0) yield return (g.NodeLon(n) + 3e-5, g.NodeLat(n) + 1e-5);
        }
    }
}
