using Coverage.Bench.National;

namespace Coverage.Core.Tests.Bench;

/// <summary>The national projection's arithmetic (bench `counties`) against hand computations.</summary>
public class NationalProjectionTests
{
    [Fact]
    public void Least_squares_line_matches_the_hand_computation()
    {
        // (0,1), (1,2), (2,4): mean x 1, mean y 7/3; Sxy = (-1)(-4/3) + 0 + (1)(5/3) = 3, Sxx = 2 → slope 1.5, intercept 7/3 - 1.5.
        var fit = LinearFit.Through([(0, 1), (1, 2), (2, 4)]);
        Assert.Equal(1.5, fit.Slope, 12);
        Assert.Equal(7.0 / 3 - 1.5, fit.Intercept, 12);
        Assert.Equal(7.0 / 3 - 1.5 + 15, fit.At(10), 12);
    }

    [Fact]
    public void One_measured_size_is_taken_as_proportional_through_the_origin()
    {
        // Two jobs of the same county (5,000 nodes; 9 s and 11 s): no slope to fit, so 10 s / 5,000 nodes.
        var fit = LinearFit.Through([(5000, 9), (5000, 11)]);
        Assert.Equal(0, fit.Intercept);
        Assert.Equal(10.0 / 5000, fit.Slope, 15);
        Assert.Equal(40, fit.At(20000), 9);
    }

    [Fact]
    public void Projection_matches_the_hand_computation()
    {
        // cpu = 2 s + 1 ms/node; rss = 100 MB + 10 kB/node. Half the 100 counties at 10,000 nodes (12 s, 200 MB),
        // half at 40,000 (42 s, 500 MB) → 100 × (6 + 21) = 2,700 core-seconds. A 4-core, 1.2 GB machine holds
        // floor(1.2 GB / 500 MB) = 2 of the largest jobs, so 2 workers; 3 machines → 2,700 / 6 = 450 s.
        var p = NationalProjection.Project(new LinearFit(2, 0.001), new LinearFit(100e6, 10e3),
            [new SizeTier("small", 0.5, 10_000), new SizeTier("big", 0.5, 40_000)], counties: 100, machines: 3, new MachineShape(4, 1_200_000_000));
        Assert.Equal(2700, p.CoreSeconds, 9);
        Assert.Equal(42, p.LargestJobSeconds, 9);
        Assert.Equal(500e6, p.LargestJobRssBytes, 3);
        Assert.Equal(2, p.WorkersPerMachine);
        Assert.Equal(450, p.WallSeconds, 9);
        Assert.Equal(1e9, p.PeakMemoryPerMachineBytes, 3);
    }

    [Fact]
    public void No_split_makes_the_run_shorter_than_its_largest_job()
    {
        // 2 counties of 42 s on 100 machines of 8 cores: the work spread thin is 0.1 s, but the run still lasts 42 s.
        var p = NationalProjection.Project(new LinearFit(2, 0.001), new LinearFit(100e6, 0),
            [new SizeTier("big", 1, 40_000)], counties: 2, machines: 100, new MachineShape(8, 16_000_000_000));
        Assert.Equal(8, p.WorkersPerMachine);
        Assert.Equal(42, p.WallSeconds, 9);
    }

    [Fact]
    public void Shares_that_do_not_add_up_to_one_are_refused()
    {
        Assert.Throws<ArgumentException>(() => NationalProjection.Project(new LinearFit(1, 0), new LinearFit(1, 0),
            [new SizeTier("a", 0.5, 1), new SizeTier("b", 0.4, 2)], 10, 1, new MachineShape(2, 1_000_000_000)));
    }
}
