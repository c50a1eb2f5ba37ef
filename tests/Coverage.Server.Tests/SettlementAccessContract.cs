using System.Net;
using System.Text.Json;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Search;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>
/// A village's card and its route on the demo region. The card is the coverage answer read for one settlement (the same
/// status, minutes and facility as /api/coverage for every circle); the route is a walk whose time is the card's minutes,
/// checked against a plain single-pair search that knows nothing of the multi-source search tree.
/// </summary>
public sealed class SettlementAccessContract(GeoPackageServerFixture fixture) : IClassFixture<GeoPackageServerFixture>
{
    readonly HttpClient _client = fixture.Server.CreateClient();

    [Fact]
    public async Task The_card_shows_for_every_circle_what_the_coverage_map_shows()
    {
        var circles = (await Json("/api/circles")).EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToArray();
        var maps = new Dictionary<string, Dictionary<string, JsonElement>>();
        foreach (var c in circles)
            maps[c] = (await Json($"/api/coverage/{c}")).GetProperty("settlements").GetProperty("features").EnumerateArray()
                .ToDictionary(f => f.GetProperty("properties").GetProperty("id").GetString()!, f => f.GetProperty("properties"));
        var ids = (await Json("/api/settlements")).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).ToArray();
        int assessed = 0, notAssessed = 0;
        foreach (var id in ids.Where((_, i) => i % 3 == 0))
        {
            var card = await Json($"/api/settlements/{id}/access");
            Assert.Equal(id, card.GetProperty("id").GetString());
            Assert.Equal("人", card.GetProperty("populationUnit").GetProperty("zh").GetString());
            Assert.Equal("老年人(60+)", card.GetProperty("elderlyUnit").GetProperty("zh").GetString());
            var rows = card.GetProperty("circles").EnumerateArray().ToArray();
            Assert.Equal(circles, rows.Select(r => r.GetProperty("id").GetString()));
            foreach (var row in rows)
            {
                var circle = row.GetProperty("id").GetString()!;
                if (!maps[circle].TryGetValue(id, out var map))
                {
                    Assert.Equal("not-assessed", row.GetProperty("status").GetString());
                    notAssessed++;
                    continue;
                }
                assessed++;
                var where = $"{id} under {circle}";
                Assert.True(map.GetProperty("status").GetString() == row.GetProperty("status").GetString(), where);
                Assert.True(Text(map, "nearestFacilityId") == (row.GetProperty("facility").ValueKind == JsonValueKind.Null ? null
                    : row.GetProperty("facility").GetProperty("id").GetString()), where);
                Assert.True(Number(map, "minutes") == Number(row, "minutes"), where);
                Assert.True(Text(map, "unreachable") == Text(row, "unreachable"), where);
                Assert.True(Number(map, "demandTotal") == Number(row, "demandTotal"), where);
            }
        }
        Assert.True(assessed > 1000, $"only {assessed} rows compared");
        Assert.True(notAssessed > 0, "some circle should not apply to some settlement kind");
    }

    public static TheoryData<string> Circles() => ["elderly-15", "culture-10", "fitness-10", "life-15"];

    [Theory]
    [MemberData(nameof(Circles))]
    public async Task The_route_is_the_walk_the_card_times_from_the_sample_to_the_facility(string circle)
    {
        var map = (await Json($"/api/coverage/{circle}")).GetProperty("settlements").GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties")).ToList();
        var standard = (await Json("/api/circles")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == circle);
        var profile = WalkProfile.BuiltIn.Single(p => p.Id == standard.GetProperty("profile").GetString());
        var limit = standard.GetProperty("minutes").GetDouble();
        // Beyond the limit, within it, and administrative villages rolled up from natural villages.
        var picks = map.Where(p => Number(p, "minutes") > limit).Take(6)
            .Concat(map.Where(p => Number(p, "minutes") is > 0.5 and var m && m < limit).Take(3))
            .Concat(map.Where(p => p.GetProperty("naturalVillages").GetInt32() > 0 && Number(p, "minutes") is not null).Take(3)).ToList();
        Assert.True(picks.Count >= 8, $"{circle}: only {picks.Count} villages to route");
        foreach (var p in picks)
        {
            var id = p.GetProperty("id").GetString()!;
            var route = await Json($"/api/settlements/{id}/route?circle={circle}");
            var props = route.GetProperty("properties");
            var coords = route.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
                .Select(c => (Lon: c[0].GetDouble(), Lat: c[1].GetDouble())).ToArray();
            var minutesAt = props.GetProperty("minutesAt").EnumerateArray().Select(m => m.GetDouble()).ToArray();
            double minutes = Number(p, "minutes")!.Value, routeMinutes = props.GetProperty("routeMinutes").GetDouble();
            Assert.Equal("LineString", route.GetProperty("geometry").GetProperty("type").GetString());
            Assert.True(Math.Abs(routeMinutes - minutes) <= 0.01, $"{id}: route {routeMinutes} min, card {minutes} min");
            Assert.Equal(coords.Length, minutesAt.Length);
            Assert.Equal(p.GetProperty("nearestFacilityId").GetString(), props.GetProperty("facility").GetProperty("id").GetString());

            // Starts at a sample of the place it says it starts from; ends at the facility.
            var from = props.GetProperty("from").GetProperty("settlementId").GetString()!;
            Assert.True(p.GetProperty("naturalVillages").GetInt32() > 0 || from == id, $"{id}: a village routes from itself");
            Assert.True(await Contains(from, coords[0]), $"{id}: route starts at {coords[0]}, outside {from}");
            var facility = await Json($"/api/facilities/{props.GetProperty("facility").GetProperty("id").GetString()}");
            var fg = facility.GetProperty("geometry");
            if (fg.GetProperty("type").GetString() == "Point")
            {
                Assert.Equal(fg.GetProperty("coordinates")[0].GetDouble(), coords[^1].Lon, 6);
                Assert.Equal(fg.GetProperty("coordinates")[1].GetDouble(), coords[^1].Lat, 6);
                // Independent oracle: a single-pair search from the route's start to the facility.
                var oracle = WalkTime.Between(fixture.Server.Region.Snapper, new LonLat(coords[0].Lon, coords[0].Lat),
                    new LonLat(coords[^1].Lon, coords[^1].Lat), profile);
                Assert.True(Math.Abs(oracle.Seconds / 60 - routeMinutes) <= 0.02, $"{id}: single-pair search {oracle.Seconds / 60:0.000} min, route {routeMinutes} min");
                Assert.True(Math.Abs(oracle.Metres - props.GetProperty("metres").GetDouble()) <= 1, $"{id}: metres");
            }

            // Minutes fall along the line as its length is walked: each segment's time is its length at the profile's speed
            // (steps are slower, never faster).
            Assert.Equal(routeMinutes, minutesAt[0], 2);
            Assert.Equal(0, minutesAt[^1], 3);
            double walked = 0;
            for (int i = 0; i + 1 < coords.Length; i++)
            {
                double metres = Geodesy.GeodesicMetres(coords[i].Lon, coords[i].Lat, coords[i + 1].Lon, coords[i + 1].Lat);
                double seconds = (minutesAt[i] - minutesAt[i + 1]) * 60;
                Assert.True(seconds >= metres / profile.SpeedMetresPerSecond - 0.2, $"{id}: segment {i} {metres:0.0} m in {seconds:0.0} s");
                walked += metres;
            }
            Assert.True(Math.Abs(walked - props.GetProperty("metres").GetDouble()) <= 0.01 * walked + 2, $"{id}: line {walked:0} m, route {props.GetProperty("metres")} m");

            // The limit point: on the line, exactly the limit from the facility (again by the single-pair search).
            if (minutes > limit)
            {
                int at = props.GetProperty("limitIndex").GetInt32();
                Assert.True(props.GetProperty("beyondLimit").GetBoolean());
                Assert.Equal(limit, minutesAt[at], 3);
                Assert.Equal(coords[at].Lon, props.GetProperty("limitPoint")[0].GetDouble(), 7);
                if (fg.GetProperty("type").GetString() == "Point")
                {
                    var fromLimit = WalkTime.Between(fixture.Server.Region.Snapper, new LonLat(coords[at].Lon, coords[at].Lat),
                        new LonLat(coords[^1].Lon, coords[^1].Lat), profile);
                    Assert.True(Math.Abs(fromLimit.Seconds / 60 - limit) <= 0.05, $"{id}: from the limit point {fromLimit.Seconds / 60:0.000} min, limit {limit}");
                }
            }
            else
            {
                Assert.False(props.GetProperty("beyondLimit").GetBoolean());
                Assert.Equal(JsonValueKind.Null, props.GetProperty("limitPoint").ValueKind);
            }
        }
    }

    [Fact]
    public async Task A_rolled_up_village_says_which_natural_village_it_is_routed_from()
    {
        var map = (await Json("/api/coverage/elderly-15")).GetProperty("settlements").GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties")).ToList();
        var village = map.First(p => p.GetProperty("naturalVillages").GetInt32() > 0 && Number(p, "minutes") is not null);
        var id = village.GetProperty("id").GetString()!;
        var row = (await Json($"/api/settlements/{id}/access")).GetProperty("circles").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "elderly-15");
        var from = row.GetProperty("routeFrom");
        Assert.Equal("best-served-sample", from.GetProperty("rule").GetString());
        // The best-served of the places its people live in: the natural village (or the village itself) with the least minutes.
        var places = map.Where(p => Text(p, "parentId") == id || p.GetProperty("id").GetString() == id).ToList();
        var fromRow = map.Single(p => p.GetProperty("id").GetString() == from.GetProperty("settlementId").GetString());
        Assert.Contains(fromRow, places);
        Assert.Equal(Number(village, "minutes"), places.Where(p => p.GetProperty("id").GetString() != id).Select(p => Number(p, "minutes")).Append(Number(fromRow, "minutes")).Min());
    }

    [Fact]
    public async Task A_village_a_circle_does_not_score_has_no_route_and_says_so()
    {
        // A circle that scores only some kinds of place (the map leaves the others out), and a place of another kind.
        var ids = (await Json("/api/settlements")).GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).ToList();
        foreach (var circle in (await Json("/api/circles")).EnumerateArray().Select(c => c.GetProperty("id").GetString()!))
        {
            var scored = (await Json($"/api/coverage/{circle}")).GetProperty("settlements").GetProperty("features").EnumerateArray()
                .Select(f => f.GetProperty("properties").GetProperty("id").GetString()!).ToHashSet();
            if (ids.FirstOrDefault(id => !scored.Contains(id)) is not { } other) continue;
            var route = await Json($"/api/settlements/{other}/route?circle={circle}");
            Assert.Equal(JsonValueKind.Null, route.GetProperty("geometry").ValueKind);
            var props = route.GetProperty("properties");
            Assert.Equal("not-assessed", props.GetProperty("reason").GetString());
            Assert.Equal("not-assessed", props.GetProperty("status").GetString());
            Assert.Equal("不适用", props.GetProperty("reasonZh").GetString());
            Assert.Null(Text(props, "settlementId"));
            return;
        }
        Assert.Fail("every circle scores every place of the demo region: the test would check nothing");
    }

    [Theory]
    [InlineData("/api/settlements/no-such-village/access", HttpStatusCode.NotFound)]
    [InlineData("/api/settlements/no-such-village/route?circle=elderly-15", HttpStatusCode.NotFound)]
    [InlineData("/api/settlements/{village}/route?circle=no-such-circle", HttpStatusCode.BadRequest)]
    [InlineData("/api/settlements/{village}/route", HttpStatusCode.BadRequest)]
    public async Task Unknown_ids_are_bilingual_problems(string url, HttpStatusCode status)
    {
        var village = (await Json("/api/settlements")).GetProperty("features")[0].GetProperty("properties").GetProperty("id").GetString()!;
        var problem = await Problem.ReadAsync(await _client.GetAsync(url.Replace("{village}", village)), status);
        Assert.Contains(status == HttpStatusCode.NotFound ? "no-such-village" : "elderly-15", problem.Detail);
    }

    async Task<bool> Contains(string settlementId, (double Lon, double Lat) point)
    {
        var raw = await _client.GetStringAsync($"/api/settlements/{settlementId}");
        var feature = JsonSerializer.Deserialize<NetTopologySuite.Features.IFeature>(raw, GeoJson)!;
        var p = new NetTopologySuite.Geometries.Point(point.Lon, point.Lat);
        return feature.Geometry.Distance(p) <= 1e-6;
    }

    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };

    async Task<JsonElement> Json(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    static double? Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
