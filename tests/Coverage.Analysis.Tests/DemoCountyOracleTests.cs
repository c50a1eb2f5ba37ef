using System.Diagnostics;
using Coverage.Analysis.Tests.Oracle;
using Coverage.Analysis.Tests.Siting;
using Xunit.Abstractions;

namespace Coverage.Analysis.Tests;

/// <summary>
/// Issue #10, "must show": per-settlement coverage on the demo county recomputed by brute force on the uncompressed
/// OSM graph (<see cref="CoverageOracle"/>) equals the engine's for every settlement and every circle of
/// seeds/circles.json: status, covered share, minutes with no search limit, roll-ups and the uncovered list.
/// </summary>
public class DemoCountyOracleTests(ITestOutputHelper output)
{
    [Fact]
    public void The_oracle_reads_the_demo_network_with_its_steps_and_its_ferry()
    {
        var g = DemoCountyOracle.Graph;
        // 3,573 ways: 92 water areas and 84 canals carry no highway; 23 motorways and one access=private service road are
        // not walkable; every other way is, the ferry (foot=yes, duration=00:24) included.
        Assert.Equal(3573 - 92 - 84 - 23 - 1, g.WalkableWays);
        Assert.Equal(9, g.StepsWays);
        Assert.Equal(1, g.FerryWays);
        Assert.Equal(24 * 60 + 300, g.Segments.Where(s => s.IsFerry).Sum(s => s.FerrySeconds), 6); // duration=00:24 + China's 5 min wait
        Assert.True(g.Segments.Count(s => s.Steps) > 0);
    }

    [Fact]
    public void Every_counted_facility_joins_the_oracle_network_and_every_trail_is_walked_without_gaps()
    {
        var oracle = DemoCountyOracle.Oracle;
        // facilities.synthetic.geojson: 796 facilities, 749 existing or under construction (trails and the 25 village stop signs included).
        Assert.Equal(749, oracle.CountedFacilities);
        Assert.Equal(0, oracle.TrailGaps);
        Assert.True(oracle.SamplesOnNetwork > DemoCounty.Region.SampleCount / 2, $"{oracle.SamplesOnNetwork} of {DemoCounty.Region.SampleCount} samples within 500 m of a way");
    }

    /// <summary>
    /// A place's minutes are its best-served sample's true walk time, however long. An engine that stops its searches
    /// (at 2× the longest circle of the category, as before issue #10) fails here only with places "without the engine's
    /// minutes though the oracle reaches them", every one beyond twice the circle's minutes.
    /// </summary>
    [Theory]
    [InlineData("culture-10")]
    [InlineData("fitness-10")]
    [InlineData("fitness-15")]
    [InlineData("elderly-15")]
    [InlineData("life-15")]
    [InlineData("medical-20")]
    [InlineData("park-10")]
    [InlineData("bus-shelter-village")]
    public void Every_place_of_the_circle_equals_the_brute_force_oracle_with_no_search_limit(string circleId)
    {
        var clock = Stopwatch.StartNew();
        var oracle = DemoCountyOracle.Oracle;
        var engine = new CoverageEngine(DemoCounty.Region).Evaluate(circleId);
        var expected = oracle.Evaluate(engine.Circle);
        var c = OracleComparison.Of(engine, expected);
        output.WriteLine($"{circleId}: {c.PlacesCompared} places, {c.RollUpsCompared} roll-ups compared; {c.Differences.Count} differences; " +
                         $"without the engine's minutes though the oracle reaches them: {c.MinutesMissing.Count(m => !m.Contains("(roll-up)"))} places, " +
                         $"{c.MinutesMissing.Count(m => m.Contains("(roll-up)"))} roll-ups, {c.UncoveredWithoutMinutes.Count} entries of the uncovered list; " +
                         $"{expected.BorderlineSamples} samples within {CoverageOracle.BorderlineSeconds} s of the limit; {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(c.PlacesCompared > (circleId == "bus-shelter-village" ? 200 : 590), $"only {c.PlacesCompared} places compared");
        Assert.Equal(0, expected.BorderlineSamples);
        Assert.True(c.Differences.Count == 0, $"{c.Differences.Count} differences: " + string.Join("; ", c.Differences.Take(15)));
        Assert.True(c.MinutesMissing.Count == 0,
            $"{c.MinutesMissing.Count} places get no minutes from the engine although the oracle reaches them: " + string.Join("; ", c.MinutesMissing.Take(10)));
        Assert.True(c.UncoveredWithoutMinutes.Count == 0,
            $"{c.UncoveredWithoutMinutes.Count} uncovered places say no minutes although reachable: " + string.Join("; ", c.UncoveredWithoutMinutes.Take(10)));
    }
}
