using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Siting;
using Coverage.Server.Api;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Tests;

/// <summary>
/// An unsolved life-circle result (the solver found no grouping in its time) is answered for a minute, not for the plan
/// version: then the next request solves again, and a solved result is kept like any answer. The cache evicts least recently used.
/// </summary>
public class LifeCircleCacheTests
{
    static LifeCircleResult WithStatus(SolveStatus status) =>
        new(null!, null!, new LifeCircleSolution(status, [], 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero), [], []);

    [Theory]
    [InlineData(SolveStatus.Optimal, true)]
    [InlineData(SolveStatus.Feasible, true)]
    [InlineData(SolveStatus.Unknown, false)]
    [InlineData(SolveStatus.Infeasible, false)]
    public void Only_a_result_with_a_grouping_is_solved(SolveStatus status, bool solved) =>
        Assert.Equal(solved, LifeCirclesEndpoints.Solved(WithStatus(status)));

    /// <summary>A clock the test moves by hand (seconds since start).</summary>
    sealed class HandClock : TimeProvider
    {
        public long Seconds;
        public override long TimestampFrequency => 1000;
        public override long GetTimestamp() => Seconds * 1000;
    }

    [Fact]
    public void An_unsolved_result_is_given_for_a_minute_then_computed_again_and_a_solved_one_is_kept()
    {
        var clock = new HandClock();
        var cache = new AnswerCache(Options.Create(new JsonOptions()), clock);
        var version = new object();
        var answers = new Queue<SolveStatus>([SolveStatus.Unknown, SolveStatus.Infeasible, SolveStatus.Optimal, SolveStatus.Unknown]);
        int computed = 0;
        LifeCircleResult Ask() => cache.Value(version, "life-circles", () => { computed++; return WithStatus(answers.Dequeue()); },
            LifeCirclesEndpoints.Solved, AnswerCache.RetryAfter);

        Assert.Equal(SolveStatus.Unknown, Ask().Solution.Status);
        clock.Seconds = 59; // anonymous reloads within the minute get the same answer, no new solve
        Assert.Equal(SolveStatus.Unknown, Ask().Solution.Status);
        Assert.Equal(1, computed);
        clock.Seconds = 61;
        Assert.Equal(SolveStatus.Infeasible, Ask().Solution.Status);
        clock.Seconds = 200;
        Assert.Equal(SolveStatus.Optimal, Ask().Solution.Status);
        clock.Seconds = 100_000;
        Assert.Equal(SolveStatus.Optimal, Ask().Solution.Status);
        Assert.Equal(3, computed);
    }

    [Fact]
    public void Without_a_retry_window_a_turned_down_answer_is_computed_again_at_once()
    {
        var cache = new AnswerCache(Options.Create(new JsonOptions()), new HandClock());
        var version = new object();
        int computed = 0;
        string Ask() => cache.Value(version, "siting", () => $"answer {++computed}", a => a != "answer 1");
        Assert.Equal("answer 1", Ask()); // turned down (a planner's timed-out solve): the retry solves again
        Assert.Equal("answer 2", Ask());
        Assert.Equal("answer 2", Ask());
    }

    [Fact]
    public void Past_the_bound_the_least_recently_asked_answers_go_and_the_busy_ones_stay()
    {
        var cache = new AnswerCache(Options.Create(new JsonOptions()));
        var version = new object();
        var computed = new Dictionary<string, int>();
        string Ask(string key) => cache.Value(version, key, () => { computed[key] = computed.GetValueOrDefault(key) + 1; return key; });

        Ask("coverage");
        for (int i = 0; i < AnswerCache.MaxEntriesPerVersion * 2; i++)
        {
            Ask($"iso:{i}");
            if (i % 100 == 0) Ask("coverage"); // every visitor's answer, asked all along
        }
        Ask("coverage");
        Ask("iso:0");
        Assert.Equal(1, computed["coverage"]); // kept throughout: under the old "clear all past the bound" it was computed again
        Assert.Equal(2, computed["iso:0"]);    // the oldest point isochrone had gone
        Assert.Equal(1, computed[$"iso:{AnswerCache.MaxEntriesPerVersion * 2 - 1}"]);
    }
}
