using System.Net;
using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>POST /api/facilities says, in its answer, when the new facility will not count: far from every way, outside every town.</summary>
public abstract partial class ApiContract
{
    [Fact]
    public async Task A_facility_700_m_from_any_way_is_created_with_a_far_from_network_warning_and_its_distance()
    {
        const double lon = 120.512, lat = 30.924; // open country in a town, about 700 m from any way (oracle below)
        double expected = NearestWay.Metres(lon, lat);
        Assert.InRange(expected, 600, 800);
        var planner = await Server.PlannerAsync("planner-far");
        var answer = await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(Clinic("远处卫生室", lon, lat))), HttpStatusCode.Created);
        Assert.Equal("远处卫生室", P(answer, "name"));
        var warning = Assert.Single(answer.GetProperty("warnings").EnumerateArray());
        Assert.Equal("far-from-network", warning.GetProperty("code").GetString());
        double reported = warning.GetProperty("distanceMetres").GetDouble();
        Assert.True(Math.Abs(reported - expected) <= expected * 0.005, $"reported {reported} m, oracle {expected:0.0} m");
        Assert.Contains("超出吸附距离 500 米", warning.GetProperty("zh").GetString());
        Assert.Contains("beyond the 500 m snap limit", warning.GetProperty("en").GetString());
    }

    [Fact]
    public async Task A_facility_outside_every_town_is_created_with_an_outside_towns_warning()
    {
        // West of the westernmost town vertex (120.4429°), inside the API's 5 km margin.
        var planner = await Server.PlannerAsync("planner-outside");
        var answer = await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(Clinic("镇外卫生室", 120.43, 31.0))), HttpStatusCode.Created);
        var codes = answer.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
        Assert.Contains("outside-towns", codes);
    }

    [Fact]
    public async Task A_facility_on_a_street_is_created_with_no_warnings()
    {
        var planner = await Server.PlannerAsync("planner-near");
        var answer = await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(Clinic("街边卫生室", InRegion.Lon, InRegion.Lat))), HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Array, answer.GetProperty("warnings").ValueKind);
        Assert.Empty(answer.GetProperty("warnings").EnumerateArray());
    }
}
