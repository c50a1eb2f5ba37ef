using Coverage.Analysis.Region;

namespace Coverage.Analysis.Tests;

/// <summary>
/// The settlement of each sample is read from the settlements' first samples (a block index and a short scan), not held
/// per sample: it must be the settlement a per-sample array filled settlement by settlement holds, at every sample.
/// </summary>
public class SampleSettlementsTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 1)]
    [InlineData(300, 2)]
    [InlineData(2_000, 3)]
    public void Every_sample_reads_the_settlement_a_filled_array_holds(int settlements, int seed)
    {
        var random = new Random(seed);
        // Counts as regions have them: mostly one sample (points), some hundreds (polygons), some none (no geometry), and
        // runs of empty ones (which a block's scan passes over), with block edges falling anywhere.
        var counts = new int[settlements];
        for (int s = 0; s < settlements; s++)
            counts[s] = random.Next(10) switch { 0 => 0, < 6 => 1, < 9 => random.Next(2, 40), _ => random.Next(60, 400) };
        if (settlements > 100) for (int s = 40; s < 100; s++) counts[s] = 0;
        var first = new int[settlements + 1];
        for (int s = 0; s < settlements; s++) first[s + 1] = first[s] + counts[s];
        var filled = new int[first[^1]];
        for (int s = 0; s < settlements; s++) for (int k = first[s]; k < first[s + 1]; k++) filled[k] = s;

        var map = new SampleSettlements(first);

        Assert.Equal(filled.Length, map.Count);
        for (int k = 0; k < filled.Length; k++) Assert.Equal(filled[k], map[k]);
        Assert.Equal(filled, map);
        Assert.Throws<ArgumentOutOfRangeException>(() => map[filled.Length]);
        Assert.Throws<ArgumentOutOfRangeException>(() => map[-1]);
    }

    [Fact]
    public void Trailing_and_leading_settlements_without_samples_are_never_a_samples_settlement()
    {
        int[] first = [0, 0, 0, 3, 3, 64, 64, 65, 65, 65];   // empty 0, 1; 2 holds 0-2; 3 empty; 4 holds 3-63; 5 empty; 6 holds 64; 7, 8 empty
        var map = new SampleSettlements(first);
        Assert.Equal([2, 2, 2, .. Enumerable.Repeat(4, 61), 6], map.ToArray());
        Assert.Empty(new SampleSettlements([0, 0, 0]));
    }

    [Fact]
    public void The_demo_regions_samples_read_the_settlement_whose_range_holds_them()
    {
        var region = Siting.DemoCounty.Region;
        var first = region.SettlementFirstSample;
        for (int s = 0; s < region.Settlements.Count; s++)
            for (int k = first[s]; k < first[s + 1]; k++) Assert.Equal(s, region.SampleSettlement[k]);
        Assert.Equal(region.SampleCount, region.SampleSettlement.Count);
    }
}
