using Coverage.Analysis.Region;
using Coverage.Core.Geo;

namespace Coverage.Analysis.Tests;

/// <summary>
/// Sample positions are held as each settlement's first sample exactly and float offsets from it. A point settlement's
/// one sample must come back bit for bit; a polygon's samples within the float step of their offset; and holding a held
/// position again must not move it (a sample taken over by the next plan version, or read from the places cache).
/// </summary>
public class SamplePositionsTests
{
    [Fact]
    public void Every_sample_reads_back_its_position_the_first_of_each_settlement_exactly_the_rest_within_a_float_step()
    {
        var random = new Random(20261203);
        var samples = new List<IReadOnlyList<LonLat>>();
        for (int s = 0; s < 400; s++)
        {
            // Points (one sample at full double precision), villages of a few km, towns up to ~40 km, and some with none.
            double lon = 73 + random.NextDouble() * 62, lat = 18 + random.NextDouble() * 35;
            int count = random.Next(8) switch { 0 => 0, < 4 => 1, _ => random.Next(2, 120) };
            double spread = random.Next(10) == 0 ? 0.4 : 0.02;
            samples.Add([.. Enumerable.Range(0, count).Select(i => i == 0 ? new LonLat(lon, lat)
                : new LonLat(lon + (random.NextDouble() - 0.5) * spread, lat + (random.NextDouble() - 0.5) * spread))]);
        }
        var first = new int[samples.Count + 1];
        for (int s = 0; s < samples.Count; s++) first[s + 1] = first[s] + samples[s].Count;

        var held = SamplePositions.Of(samples, first);

        Assert.Equal(first[^1], held.Count);
        for (int s = 0; s < samples.Count; s++)
        {
            var list = held.OfSettlement(s);
            Assert.Equal(samples[s].Count, list.Count);
            for (int i = 0; i < samples[s].Count; i++)
            {
                var p = samples[s][i];
                var h = held[first[s] + i];
                Assert.Equal(h, list[i]);
                Assert.Equal(s, held.Settlement[first[s] + i]);
                if (i == 0) { Assert.Equal(p, h); continue; } // the anchor, and a point settlement's only sample: exact
                Assert.Equal(SamplePositions.AsHeld(samples[s][0], p), h);
                // Half a float step of the offset (|offset| < 0.25 degree: 2^-26 of a degree at most).
                Assert.InRange(Math.Abs(h.Lon - p.Lon), 0, Math.Pow(2, -26));
                Assert.InRange(Math.Abs(h.Lat - p.Lat), 0, Math.Pow(2, -26));
                Assert.True(h.DistanceTo(p) < 0.005, $"{p} held as {h}: {h.DistanceTo(p)} m");
            }
        }
    }

    [Fact]
    public void Holding_held_positions_again_gives_the_same_positions_bit_for_bit()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200_000; trial++)
        {
            var anchor = new LonLat(-180 + random.NextDouble() * 360, -90 + random.NextDouble() * 180);
            double spread = trial % 3 == 0 ? 1.0 : trial % 3 == 1 ? 0.05 : 1e-4;
            var p = new LonLat(anchor.Lon + (random.NextDouble() - 0.5) * spread, anchor.Lat + (random.NextDouble() - 0.5) * spread);
            var once = SamplePositions.AsHeld(anchor, p);
            Assert.Equal(once, SamplePositions.AsHeld(anchor, once));
        }
    }

    [Fact]
    public void A_point_settlement_is_sampled_at_its_point_exactly()
    {
        var region = Siting.DemoCounty.Region;
        int points = 0;
        for (int s = 0; s < region.Settlements.Count; s++)
        {
            if (region.Settlements[s].Geometry is not NetTopologySuite.Geometries.Point p) continue;
            points++;
            int k = region.SettlementFirstSample[s];
            Assert.Equal(new LonLat(p.X, p.Y), region.SampleLonLat[k]);
        }
        Assert.True(points > 100, $"{points} point settlements");
    }
}
