using Coverage.Server.Region;
using Coverage.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Coverage.Server.Tests;

/// <summary>
/// A server restarted on the same graph cache and plan reads its settlements' samples and snaps from the places cache kept
/// beside the graph cache, and gives the figures the first start computed.
/// </summary>
public sealed class PlacesCacheRestartTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("coverage-places-restart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_restart_reads_every_settlement_from_the_places_cache_and_gives_the_same_figures()
    {
        var settings = new Dictionary<string, string?> { ["Coverage:GraphCache"] = Path.Combine(_dir, "demo.walkgraph") };
        string store = $"gpkg:{Path.Combine(_dir, "plan.gpkg")}";
        var (first, firstSettlements, firstFigures) = await StartAndRead(store, settings);
        Assert.NotNull(first);
        Assert.Equal((0, 0, true, (string?)null), (first!.SettlementsRead, first.FacilitiesRead, first.Written, first.Warning));
        Assert.Equal(Path.Combine(_dir, "demo.places"), first.Path);
        Assert.True(File.Exists(first.Path));

        var (second, _, secondFigures) = await StartAndRead(store, settings);
        Assert.NotNull(second);
        Assert.True(secondFigures.Length > 3 && second.SettlementsRead > 100, $"only {second.SettlementsRead} settlements read");
        Assert.Equal(firstSettlements, second.SettlementsRead);
        Assert.True(second.FacilitiesRead > 100, $"only {second.FacilitiesRead} facilities read");
        Assert.False(second.Written);
        Assert.Null(second.Warning);
        Assert.Equal(firstFigures, secondFigures);
    }

    static async Task<(Coverage.Analysis.Region.PlacesCacheUse?, int Settlements, string[] Figures)> StartAndRead(string store, Dictionary<string, string?> settings)
    {
        await using var server = CoverageServer.OnStore(store, settings);
        _ = server.CreateClient(); // starts the host
        var engine = await server.Services.GetRequiredService<PlanAnalysis>().EngineAsync(CancellationToken.None);
        var use = engine.Region.PlacesCacheUse;
        var figures = engine.EvaluateAll().Select(c => FormattableString.Invariant(
            $"{c.Circle.Id} {c.County.Covered}/{c.County.Settlements} {c.County.CoveredPopulation:R} {c.County.MeanMinutes:R}")).ToArray();
        return (use, engine.Region.Settlements.Count, figures);
    }
}
