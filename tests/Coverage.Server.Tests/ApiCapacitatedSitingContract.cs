using System.Net;
using System.Text.Json;
using Coverage.Analysis;
using Coverage.Analysis.Capacity;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Server.Region;
using Coverage.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Tests;

/// <summary>
/// POST /api/siting with capacitated: places on both stores, checked by exhaustive enumeration: every subset of at most k of
/// the given candidates is built into the served plan as facilities of that capacity, and the capacity analysis (its own
/// per-facility searches and max flow, not the siting's reach sets or CP-SAT model) says how much demand is served within
/// capacities. The answer's served-after is the best subset's, its sites score that much, and its served-before is the plan's.
/// </summary>
public abstract partial class ApiContract
{
    const string CapacitatedCircle = "elderly-15";
    const int SiteCapacity = 120;
    /// <summary>Siting weighs demand in centi-people per sample; the capacity analysis sums exact shares.</summary>
    const double CentiRounding = 1.0;

    [Fact]
    public async Task Capacitated_siting_serves_what_the_best_subset_of_candidates_serves_within_capacities()
    {
        var planner = await Server.PlannerAsync("planner-capacitated");
        var uncovered = (await JsonOf(await Anonymous.GetAsync($"/api/coverage/{CapacitatedCircle}/uncovered"))).EnumerateArray()
            .Where(v => v.GetProperty("minutes").ValueKind == JsonValueKind.Number).Take(4)
            .Select(v => (Id: "at-" + v.GetProperty("id").GetString(), Lon: v.GetProperty("lon").GetDouble(), Lat: v.GetProperty("lat").GetDouble())).ToList();
        Assert.Equal(4, uncovered.Count);
        var body = new
        {
            circle = CapacitatedCircle, @new = 2, capacitated = SiteCapacity, timeLimitSeconds = 20,
            candidates = new
            {
                type = "FeatureCollection",
                features = uncovered.Select(c => new
                {
                    type = "Feature", geometry = new { type = "Point", coordinates = new[] { c.Lon, c.Lat } }, properties = new { id = c.Id },
                }).ToArray(),
            },
        };
        var answer = await JsonOf(await planner.PostAsync("/api/siting", CoverageServer.Json(body)));
        var engine = await Server.Services.GetRequiredService<PlanAnalysis>().EngineAsync(CancellationToken.None);

        var served = new Dictionary<string, double>();
        foreach (var subset in Subsets(uncovered.Count, 2))
            served[string.Join('+', subset.Select(i => uncovered[i].Id))] = ServedWithin(engine, subset.Select(i => (uncovered[i].Lon, uncovered[i].Lat)));
        Assert.True(served.Values.Distinct().Count() > 2, "the candidates differ, so the choice is a real one");
        double best = served.Values.Max();

        Assert.Equal("capacitated", answer.GetProperty("mode").GetString());
        Assert.Equal(SiteCapacity, answer.GetProperty("capacitated").GetInt32());
        Assert.Equal(served[""], answer.GetProperty("servedBefore").GetDouble(), CentiRounding);
        Assert.Equal(best, answer.GetProperty("servedAfter").GetDouble(), CentiRounding);
        var solver = answer.GetProperty("solver");
        Assert.Equal("optimal", solver.GetProperty("status").GetString());
        Assert.Equal(0, solver.GetProperty("gap").GetDouble());
        Assert.Equal(answer.GetProperty("servedAfter").GetDouble(), solver.GetProperty("bound").GetDouble(), 0.011);
        var chosen = solver.GetProperty("siteIds").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.InRange(chosen.Count, 1, 2);
        // The chosen subset itself serves the best figure (the key lists them in the candidates' order).
        Assert.Equal(best, served[string.Join('+', uncovered.Select(c => c.Id).Where(chosen.Contains))], CentiRounding);
        // Each proposal adds what it serves within capacity to those before it; together, the whole addition, never over its capacity.
        var proposals = answer.GetProperty("proposals").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        Assert.All(proposals, p => Assert.InRange(p.GetProperty("served").GetDouble(), 0, SiteCapacity + 0.01));
        Assert.Equal(best - served[""], proposals.Sum(p => p.GetProperty("served").GetDouble()), CentiRounding);
        Assert.All(answer.GetProperty("scenario").GetProperty("add").EnumerateArray(), a => Assert.Equal(SiteCapacity, a.GetProperty("capacity").GetInt32()));
    }

    [Fact]
    public async Task Capacitated_siting_of_a_circle_whose_facilities_lack_capacities_names_them()
    {
        var planner = await Server.PlannerAsync("planner-capacitated-bad");
        var problem = await Problem.ReadAsync(await planner.PostAsync("/api/siting",
            CoverageServer.Json(new { circle = "culture-10", @new = 1, capacitated = 40, spacing = 2000 })), HttpStatusCode.BadRequest);
        // Culture facilities of the demo carry no capacity: the first of them (by id) is named, in both languages.
        var first = FeaturesOf(await JsonOf(await Anonymous.GetAsync("/api/facilities?category=culture")))
            .Where(f => f.GetProperty("properties").GetProperty("status").GetString() == "existing").Select(f => P(f, "id")).Order(StringComparer.Ordinal).First();
        Assert.Contains(first, problem.Detail);
        Assert.Contains(first, problem.DetailZh);
        Assert.Contains("without a capacity", problem.Detail);
        Assert.Contains("没有容量", problem.DetailZh);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("2.5")]
    [InlineData("\"many\"")]
    public async Task A_capacity_that_is_not_a_positive_whole_number_is_refused_naming_the_field(string capacity)
    {
        var planner = await Server.PlannerAsync("planner-capacitated-" + Guid.NewGuid().ToString("N")[..6]);
        var json = $$"""{"circle":"{{CapacitatedCircle}}","new":1,"capacitated":{{capacity}}}""";
        var problem = await Problem.ReadAsync(await planner.PostAsync("/api/siting", new StringContent(json, System.Text.Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.Errors, e => e.Field == "capacitated");
        Assert.Contains("positive whole number", error.En);
        Assert.Contains("正整数", error.Zh);
    }

    /// <summary>Demand served within capacities when these sites are built with <see cref="SiteCapacity"/> places: the capacity analysis's max flow.</summary>
    static double ServedWithin(CoverageEngine engine, IEnumerable<(double Lon, double Lat)> sites)
    {
        var region = engine.Region;
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var added = sites.Select((s, i) => new Facility
        {
            Id = $"oracle-{i}", Name = $"oracle {i}", Category = "elderly", Kind = "day-care-centre", Capacity = SiteCapacity,
            Geometry = factory.CreatePoint(new Coordinate(s.Lon, s.Lat)),
        }).ToList();
        var built = added.Count == 0 ? engine
            : new CoverageEngine(new AnalysisRegion(region.Graph, region.Seeds, [.. region.Facilities, .. added], region.Settlements, region.Options, snapper: region.Snapper));
        return built.Capacity(CapacitatedCircle, CatchmentMethod.TwoStep).County.ServedDemand;
    }

    /// <summary>Every subset of {0..n-1} with at most k members, the empty one first, each in ascending order.</summary>
    static IEnumerable<int[]> Subsets(int n, int k) =>
        Enumerable.Range(0, 1 << n).Select(mask => Enumerable.Range(0, n).Where(i => (mask >> i & 1) == 1).ToArray()).Where(s => s.Length <= k);
}
