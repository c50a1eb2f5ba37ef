using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Siting;
using Coverage.Server.Api;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Tests;

/// <summary>
/// An unsolved life-circle result (the solver found no grouping in its time) is answered but not kept for the plan version:
/// the next request solves again, and a solved result is then kept like any answer.
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

    [Fact]
    public void An_unsolved_result_is_computed_again_and_a_solved_one_is_kept()
    {
        var cache = new AnswerCache(Options.Create(new JsonOptions()));
        var version = new object();
        var answers = new Queue<SolveStatus>([SolveStatus.Unknown, SolveStatus.Infeasible, SolveStatus.Optimal, SolveStatus.Unknown]);
        int computed = 0;
        LifeCircleResult Ask() => cache.Value(version, "life-circles", () => { computed++; return WithStatus(answers.Dequeue()); }, LifeCirclesEndpoints.Solved);

        Assert.Equal(SolveStatus.Unknown, Ask().Solution.Status);
        Assert.Equal(SolveStatus.Infeasible, Ask().Solution.Status);
        Assert.Equal(SolveStatus.Optimal, Ask().Solution.Status);
        Assert.Equal(SolveStatus.Optimal, Ask().Solution.Status);
        Assert.Equal(3, computed);
    }
}
