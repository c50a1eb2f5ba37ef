using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>
/// GET /api/indicators on both stores: a planner's new day-care centre with its built year and a sports ground with its area
/// reach the indicators at once (the year and area are stored, migration 0003, and read back); the CSV download holds the JSON's
/// figures (a bad format or table is one of ApiReadContract's bad-query rows).
/// </summary>
public abstract partial class ApiContract
{
    static double IndicatorValue(JsonElement all, string id) =>
        all.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id).GetProperty("value").GetDouble();

    [Fact]
    public async Task A_new_facility_with_a_built_year_and_an_area_moves_the_indicators_and_reads_back()
    {
        var before = await JsonOf(await Anonymous.GetAsync("/api/indicators"));
        var planner = await Server.PlannerAsync("planner-indicators");
        var dayCare = new
        {
            type = "Feature", geometry = new { type = "Point", coordinates = new[] { InRegion.Lon, InRegion.Lat } },
            properties = new { name = "新日间照料中心", category = "elderly", kind = "day-care-centre", status = "existing", capacity = 30, built_year = 2019 }, // the task year the indicator counts
        };
        var created = await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(dayCare)), HttpStatusCode.Created);
        var id = created.GetProperty("properties").GetProperty("id").GetString()!;
        var read = await JsonOf(await Anonymous.GetAsync($"/api/facilities/{id}"));
        Assert.Equal(2019, read.GetProperty("properties").GetProperty("built_year").GetInt32());

        var ground = new
        {
            type = "Feature", geometry = new { type = "Point", coordinates = new[] { InRegion.Lon + 0.001, InRegion.Lat } },
            properties = new { name = "新体育场", category = "fitness", kind = "sports-park", status = "existing", area_m2 = 100_000.0, built_year = 2023 },
        };
        await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(ground)), HttpStatusCode.Created);
        var after = await JsonOf(await Anonymous.GetAsync("/api/indicators"));
        Assert.Equal(IndicatorValue(before, "day-care-new") + 1, IndicatorValue(after, "day-care-new"));
        // 100,000 m² more over the county's residents (the county's people from the coverage API: one count, every view).
        var people = (await JsonOf(await Anonymous.GetAsync("/api/coverage/culture-10"))).GetProperty("county").GetProperty("population").GetDouble();
        // Both values are shown to 2 decimals, so their difference is the exact one within 0.01.
        Assert.InRange(IndicatorValue(after, "sports-area-per-capita") - IndicatorValue(before, "sports-area-per-capita") - 100_000 / people, -0.0101, 0.0101);

        var csv = await (await Anonymous.GetAsync("/api/indicators?format=csv")).Content.ReadAsStringAsync();
        var row = csv.Split('\n').Single(l => l.StartsWith("day-care-new,"));
        Assert.Contains($",{IndicatorValue(after, "day-care-new")},", row);
    }

    /// <summary>
    /// A sports ground posted as its plot (a polygon, no area_m2) is stored at a point inside it with the plot's ground area,
    /// as the importers place it. The oracle is the WGS84 ellipsoid's own arc lengths (N·cos φ·Δλ east, M·Δφ north), not the
    /// projection the server measures in; they agree within 0.1 %.
    /// </summary>
    [Fact]
    public async Task A_ground_posted_as_its_plot_is_stored_inside_it_with_its_ground_area()
    {
        var planner = await Server.PlannerAsync("planner-plot");
        double lon = InRegion.Lon + 0.002, lat = InRegion.Lat, side = 0.003;
        double[][] ring = [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]];
        var plot = new
        {
            type = "Feature", geometry = new { type = "Polygon", coordinates = new[] { ring } },
            properties = new { name = "新球场", category = "fitness", kind = "sports-park", status = "existing" },
        };
        var created = await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(plot)), HttpStatusCode.Created);
        var geometry = created.GetProperty("geometry");
        Assert.Equal("Point", geometry.GetProperty("type").GetString());
        Assert.InRange(geometry.GetProperty("coordinates")[0].GetDouble(), lon, lon + side);
        Assert.InRange(geometry.GetProperty("coordinates")[1].GetDouble(), lat, lat + side);
        const double A = 6_378_137, E2 = 0.00669437999014;
        double phi = (lat + side / 2) * Math.PI / 180, w = 1 - E2 * Math.Sin(phi) * Math.Sin(phi);
        double east = A / Math.Sqrt(w) * Math.Cos(phi) * side * Math.PI / 180, north = A * (1 - E2) / Math.Pow(w, 1.5) * side * Math.PI / 180;
        Assert.InRange(created.GetProperty("properties").GetProperty("area_m2").GetDouble(), east * north * 0.999, east * north * 1.001);
    }

    /// <summary>The printable report carries the indicator sheet (every indicator, with the API's light) and the circle's capacity table.</summary>
    [Fact]
    public async Task The_html_report_holds_every_indicator_and_the_capacity_table()
    {
        var indicators = (await JsonOf(await Anonymous.GetAsync("/api/indicators"))).GetProperty("indicators").EnumerateArray().ToList();
        var html = await (await Anonymous.GetAsync("/api/reports/elderly-15?format=html")).Content.ReadAsStringAsync();
        var section = html[html.IndexOf("规划指标 <span class=\"en\">Plan indicators</span>", StringComparison.Ordinal)..];
        var lights = new Dictionary<string, string> { ["met"] = "达标 / met", ["progress"] = "推进中 / in progress", ["short"] = "未达标 / short" };
        foreach (var i in indicators)
        {
            var id = i.GetProperty("id").GetString()!;
            var row = section[section.IndexOf($"<td>{id}</td>", StringComparison.Ordinal)..];
            row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
            Assert.Contains(lights[i.GetProperty("status").GetString()!], row);
        }
        Assert.Contains("各镇服务容量", html);
    }

    [Fact]
    public async Task A_built_year_out_of_range_is_refused_naming_the_field()
    {
        var planner = await Server.PlannerAsync("planner-indicators-bad");
        var body = new
        {
            type = "Feature", geometry = new { type = "Point", coordinates = new[] { InRegion.Lon, InRegion.Lat } },
            properties = new { name = "错年份", category = "elderly", kind = "day-care-centre", built_year = 1066, area_m2 = -5 },
        };
        var problem = await Problem.ReadAsync(await planner.PostAsync("/api/facilities", CoverageServer.Json(body)), HttpStatusCode.BadRequest);
        Assert.Contains(problem.Errors, e => e.Field == "built_year");
        Assert.Contains(problem.Errors, e => e.Field == "area_m2");
    }
}
