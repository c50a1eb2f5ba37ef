using System.Globalization;
using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using FsCheck;
using FsCheck.Xunit;
using static Coverage.Server.Tests.Support.DemoTables;

namespace Coverage.Server.Tests;

/// <summary>
/// One count, every view. After a random sequence of plan edits (FsCheck: adds, removals and moves of facilities), for every
/// circle of the catalogue: the edits as a what-if, as a saved scenario and as a comparison with the base give the same
/// figures, and applied to the plan they give exactly what the what-if predicted; then every view of the new plan — the
/// summary, the town table, the map's features, the uncovered list, the CSV report, a no-op what-if, the siting base and
/// the region's towns — reports the same demand, covered demand, share, counts and gap.
/// </summary>
public sealed class CrossViewTests : IAsyncLifetime
{
    static readonly string[] Categories = Facilities().Select(f => Prop(f, "category")).Distinct().Order(StringComparer.Ordinal).ToArray();
    /// <summary>Places to put facilities: the demo settlements' own points (on or beside the network).</summary>
    static readonly (double Lon, double Lat)[] Spots = Settlements().Where(s => Prop(s, "kind") != "administrative_village").Select(FirstPosition).ToArray();
    const double Tol = 0.05; // people: views round to 0.01–0.1

    readonly CoverageServer _server = CoverageServer.OnGeoPackage(new() { ["Coverage:RateLimit:PermitsPerWindow"] = "1000000" });
    HttpClient _planner = null!;
    HttpClient _public = null!;
    string[] _circles = [];

    public async Task InitializeAsync()
    {
        _public = _server.CreateClient();
        _planner = await _server.PlannerAsync("cross-view");
        _circles = (await Json(_public.GetAsync("/api/circles"))).EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Property(MaxTest = 4, StartSize = 3, EndSize = 8)]
    public async Task Every_view_reports_the_same_figures_after_random_edits(NonEmptyArray<NonNegativeInt> codes)
    {
        var facilities = (await Json(_public.GetAsync("/api/facilities"))).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).ToArray();
        var (add, remove, move) = Edits(codes.Get.Select(c => c.Get).Take(6).ToArray(), facilities);
        var edits = new { add, remove, move };

        var predicted = new Dictionary<string, JsonElement>();
        var scenario = await Json(_planner.PostAsync("/api/scenarios", CoverageServer.Json(new { name = "交叉核对", add, remove, move })), HttpStatusCode.Created);
        var scenarioId = scenario.GetProperty("id").GetString()!;
        foreach (var circle in _circles)
        {
            var whatIf = await Json(_public.PostAsync("/api/whatif", CoverageServer.Json(new { circle, add, remove, move })));
            var saved = await Json(_public.GetAsync($"/api/scenarios/{scenarioId}/coverage/{circle}"));
            SameArea(whatIf.GetProperty("after"), saved.GetProperty("after"), $"{circle}: what-if vs saved scenario");
            SameArea(whatIf.GetProperty("before"), saved.GetProperty("before"), $"{circle}: bases");
            var compared = await Json(_public.GetAsync($"/api/scenarios/base/compare/{scenarioId}?circle={circle}"));
            foreach (var c in compared.GetProperty("circles").EnumerateArray())
            {
                var county = c.GetProperty("county");
                Near(whatIf.GetProperty("after"), "coveredPopulation", county.GetProperty("populationB").GetDouble(), $"{circle}: compare");
                Near(whatIf.GetProperty("after"), "coveredElderly", county.GetProperty("elderlyB").GetDouble(), $"{circle}: compare");
                Assert.Equal(whatIf.GetProperty("after").GetProperty("covered").GetInt32(), county.GetProperty("settlementsB").GetInt32());
            }
            // The changed places are places: never a natural village beside its own administrative village.
            var changed = whatIf.GetProperty("changed").EnumerateArray().ToList();
            var ids = changed.Select(r => r.GetProperty("id").GetString()).ToHashSet();
            Assert.DoesNotContain(changed, r => !r.GetProperty("remainder").GetBoolean() && r.GetProperty("village").ValueKind == JsonValueKind.String
                && changed.Any(o => o.GetProperty("remainder").GetBoolean() == false && o.GetProperty("name").GetString() == r.GetProperty("village").GetString()));
            Near(whatIf.GetProperty("after"), "coveredDemand",
                whatIf.GetProperty("before").GetProperty("coveredDemand").GetDouble() + changed.Sum(r => r.GetProperty("coveredDemandDelta").GetDouble()),
                $"{circle}: what-if places sum to its delta", tolerance: 0.01 * (changed.Count + 1));
            predicted[circle] = whatIf.GetProperty("after");
        }

        await Apply(add, remove, move);
        foreach (var circle in _circles)
        {
            var coverage = await Json(_public.GetAsync($"/api/coverage/{circle}"));
            var county = coverage.GetProperty("county");
            SameArea(predicted[circle], county, $"{circle}: the plan after the edits vs the what-if that predicted it");
            await ViewsAgree(circle, coverage);
        }
    }

    async Task ViewsAgree(string circle, JsonElement coverage)
    {
        var county = coverage.GetProperty("county");
        var towns = coverage.GetProperty("towns").EnumerateArray().ToList();
        foreach (var field in new[] { "demandTotal", "coveredDemand", "population", "coveredPopulation", "elderly", "coveredElderly", "unreachableDemand" })
            Near(county, field, towns.Sum(t => t.GetProperty(field).GetDouble()), $"{circle}: county {field} = Σ towns");
        foreach (var field in new[] { "settlements", "covered", "partly", "uncovered" })
            Assert.Equal(county.GetProperty(field).GetInt32(), towns.Sum(t => t.GetProperty(field).GetInt32()));
        var share = county.GetProperty("shareDemand");
        if (share.ValueKind == JsonValueKind.Number)
            Assert.Equal(county.GetProperty("coveredDemand").GetDouble() / county.GetProperty("demandTotal").GetDouble(), share.GetDouble(), 9);
        double target = county.GetProperty("targetPercent").GetDouble() / 100 * county.GetProperty("demandTotal").GetDouble();
        Assert.Equal(Math.Max(0, Math.Ceiling(target - county.GetProperty("coveredDemand").GetDouble() - 1e-6)), county.GetProperty("gapDemand").GetDouble());

        // The map's features: top-level villages carry everyone once; their statuses are the village badges; places' the place badges.
        var features = coverage.GetProperty("settlements").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var top = features.Where(p => p.GetProperty("parentId").ValueKind == JsonValueKind.Null).ToList();
        Near(county, "demandTotal", top.Sum(p => p.GetProperty("demandTotal").GetDouble()), $"{circle}: Σ village features", tolerance: 0.01 * top.Count);
        Near(county, "coveredDemand", top.Sum(p => p.GetProperty("coveredDemand").GetDouble()), $"{circle}: Σ covered village features", tolerance: 0.01 * top.Count);
        var villages = county.GetProperty("villages");
        foreach (var status in new[] { "covered", "partly", "uncovered" })
        {
            Assert.Equal(villages.GetProperty(status).GetInt32(), top.Count(p => p.GetProperty("status").GetString() == status));
            Assert.Equal(county.GetProperty(status).GetInt32(),
                features.Count(p => p.GetProperty("naturalVillages").GetInt32() == 0 && p.GetProperty("status").GetString() == status));
        }

        // The uncovered list holds exactly the demand not covered, and minutes for every place that can reach a facility.
        var uncovered = (await Json(_public.GetAsync($"/api/coverage/{circle}/uncovered"))).EnumerateArray().ToList();
        Near(county, "demandTotal", county.GetProperty("coveredDemand").GetDouble() + uncovered.Sum(u => u.GetProperty("uncoveredDemand").GetDouble()),
            $"{circle}: covered + Σ uncovered list", tolerance: 0.05 * (uncovered.Count + 1));
        Assert.All(uncovered, u => Assert.True(u.GetProperty("minutes").ValueKind == JsonValueKind.Number
            || u.GetProperty("unreachable").ValueKind == JsonValueKind.String, $"{circle}: {u.GetProperty("name")} has neither minutes nor a reason"));
        Near(county, "unreachableDemand", uncovered.Where(u => u.GetProperty("minutes").ValueKind == JsonValueKind.Null).Sum(u => u.GetProperty("demandTotal").GetDouble()),
            $"{circle}: unreachable = Σ listed places without minutes", tolerance: 0.01 * (uncovered.Count + 1));

        // The CSV report (settlements table): the top-level rows sum to the same demand and covered demand.
        var csv = await (await _public.GetAsync($"/api/reports/{circle}?format=csv")).Content.ReadAsStringAsync();
        var (header, rows) = CsvText.Parse(csv);
        var topRows = rows.Where(r => !IsRolledUp(r, header, rows)).ToList();
        Near(county, "demandTotal", topRows.Sum(r => Num(r[header["demand"]])), $"{circle}: CSV demand", tolerance: 0.01 * topRows.Count);
        Near(county, "coveredDemand", topRows.Sum(r => Num(r[header["covered_demand"]])), $"{circle}: CSV covered demand", tolerance: 0.01 * topRows.Count);

        // A what-if with no edits changes nothing and starts from the summary.
        var noop = await Json(_public.PostAsync("/api/whatif", CoverageServer.Json(new { circle })));
        SameArea(county, noop.GetProperty("before"), $"{circle}: no-op what-if before");
        SameArea(county, noop.GetProperty("after"), $"{circle}: no-op what-if after");
        Assert.Empty(noop.GetProperty("changed").EnumerateArray());

        var circleDef = coverage.GetProperty("circle");
        if (circleDef.GetProperty("appliesTo").GetArrayLength() == 0)
        {
            var region = await Json(_public.GetAsync("/api/region"));
            Near(county, "population", region.GetProperty("towns").EnumerateArray().Sum(t => t.GetProperty("population").GetDouble()), $"{circle}: /api/region people");
        }
        if (circleDef.GetProperty("kind").GetString() == "nearest")
        {
            var spot = Spots[0];
            var candidates = new { type = "FeatureCollection", features = new[] { new { type = "Feature", properties = new { name = "c" }, geometry = new { type = "Point", coordinates = new[] { spot.Lon, spot.Lat } } } } };
            var siting = await Json(_planner.PostAsync("/api/siting", CoverageServer.Json(new { circle, @new = 1, candidates, timeLimitSeconds = 2 })));
            Near(county, "coveredDemand", siting.GetProperty("baseCoveredDemand").GetDouble(), $"{circle}: siting base");
            Assert.Equal(county.GetProperty("shareDemand").GetDouble() * 100, siting.GetProperty("basePercent").GetDouble(), 2);
            Assert.Equal(coverage.GetProperty("countedStatuses").ToString(), siting.GetProperty("countedStatuses").ToString());
        }
    }

    static bool IsRolledUp(string[] row, Dictionary<string, int> header, List<string[]> rows)
    {
        var parent = row[header["parent_id"]];
        return parent.Length > 0 && row[header["kind"]] == "natural_village"
            && rows.Any(r => r[header["settlement_id"]] == parent && r[header["natural_villages"]] != "0");
    }

    /// <summary>Each code picks an edit: add a facility of some category at some spot, remove one, or move one to some spot.</summary>
    static (object[] Add, string[] Remove, object[] Move) Edits(int[] codes, string[] facilities)
    {
        var add = new List<object>();
        var remove = new List<string>();
        var move = new List<object>();
        var touched = new HashSet<string>();
        foreach (int code in codes)
        {
            var spot = Spots[code / 3 % Spots.Length];
            var point = new { type = "Point", coordinates = new[] { spot.Lon, spot.Lat } };
            var facility = facilities[code / 3 % facilities.Length];
            switch (code % 3)
            {
                case 0: add.Add(new { category = Categories[code / 7 % Categories.Length], name = $"新增 {add.Count + 1}", geometry = point }); break;
                case 1 when touched.Add(facility): remove.Add(facility); break;
                case 2 when touched.Add(facility): move.Add(new { id = facility, geometry = point }); break;
            }
        }
        return (add.ToArray(), remove.ToArray(), move.ToArray());
    }

    /// <summary>The same edits made to the plan itself through the facilities API.</summary>
    async Task Apply(object[] add, string[] remove, object[] move)
    {
        foreach (var a in add)
        {
            var e = JsonSerializer.SerializeToElement(a);
            var body = new { type = "Feature", geometry = e.GetProperty("geometry"), properties = new { name = e.GetProperty("name").GetString(), category = e.GetProperty("category").GetString() } };
            await Json(_planner.PostAsync("/api/facilities", CoverageServer.Json(body)), HttpStatusCode.Created);
        }
        foreach (var id in remove) Assert.Equal(HttpStatusCode.NoContent, (await _planner.DeleteCurrentAsync($"/api/facilities/{id}")).StatusCode);
        foreach (var m in move)
        {
            var e = JsonSerializer.SerializeToElement(m);
            var id = e.GetProperty("id").GetString()!;
            var current = await Json(_public.GetAsync($"/api/facilities/{id}"));
            var props = JsonSerializer.Deserialize<Dictionary<string, object?>>(current.GetProperty("properties").GetRawText())!;
            var body = new { type = "Feature", geometry = e.GetProperty("geometry"), properties = props };
            await Json(_planner.PutCurrentAsync($"/api/facilities/{id}", CoverageServer.Json(body)));
        }
    }

    static void SameArea(JsonElement expected, JsonElement actual, string what)
    {
        foreach (var field in new[] { "demandTotal", "coveredDemand", "population", "coveredPopulation", "elderly", "coveredElderly", "gapDemand", "unreachableDemand" })
            Near(expected, field, actual.GetProperty(field).GetDouble(), $"{what}: {field}");
        foreach (var field in new[] { "settlements", "covered", "partly", "uncovered" })
            Assert.True(expected.GetProperty(field).GetInt32() == actual.GetProperty(field).GetInt32(), $"{what}: {field} {expected.GetProperty(field)} vs {actual.GetProperty(field)}");
        Assert.Equal(expected.GetProperty("villages").ToString(), actual.GetProperty("villages").ToString());
        Assert.Equal(expected.GetProperty("shareDemand").ToString(), actual.GetProperty("shareDemand").ToString());
        Assert.Equal(expected.GetProperty("demandUnit").ToString(), actual.GetProperty("demandUnit").ToString());
    }

    static void Near(JsonElement area, string field, double actual, string what, double tolerance = Tol)
    {
        double expected = area.GetProperty(field).GetDouble();
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: {field} {expected} vs {actual}");
    }

    static async Task<JsonElement> Json(Task<HttpResponseMessage> request, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static double Num(string text) => text.Length == 0 ? 0 : double.Parse(text, CultureInfo.InvariantCulture);
}
