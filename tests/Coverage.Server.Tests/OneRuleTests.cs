using System.Net;
using System.Text.Json;
using Coverage.Core.Domain;
using Coverage.Server.Tests.Support;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Tests;

/// <summary>
/// One facility rule set and one geometry rule set: the same bad facility, sent to the API and imported from a file,
/// is refused with the same message in both languages; the same status synonyms are accepted by both.
/// </summary>
[Collection(KestrelServerCollection.Name)]
public sealed class OneRuleTests(KestrelServerFixture fixture)
{
    CoverageServer Server => fixture.Server;
    static readonly (double Lon, double Lat) InRegion = DemoTables.FirstPosition(DemoTables.Facilities()[0]);
    static string At(double lon, double lat) => JsonSerializer.Serialize(new[] { lon, lat });
    static string Point => $$"""{"type":"Point","coordinates":{{At(InRegion.Lon, InRegion.Lat)}}}""";
    static string Line(int vertices, double step = 0.00001) =>
        $$"""{"type":"LineString","coordinates":[{{string.Join(",", Enumerable.Range(0, vertices).Select(i => At(InRegion.Lon + i * step, InRegion.Lat)))}}]}""";

    public static TheoryData<string, string, string> BadFacilities => new()
    {
        // properties, geometry, words the English message must hold (worked out from the rule, not read from the code)
        { """{"name":"a","category":"clinic","status":"demolished"}""", Point, "unknown status 'demolished'" },
        { """{"name":"a","category":"zoo"}""", Point, "unknown category 'zoo'" },
        { """{"name":"a","category":"clinic","kind":"hospital-wing"}""", Point, "unknown kind 'hospital-wing' in category clinic" },
        { """{"category":"clinic"}""", Point, "name is missing or empty" },
        { $$"""{"name":"{{new string('长', 201)}}","category":"clinic"}""", Point, "name is too long (201 characters, at most 200)" },
        { """{"name":"a\tb","category":"clinic"}""", Point, "name contains control characters" },
        { """{"name":"a","category":"clinic","capacity":-5}""", Point, "capacity must be a whole number from 0 to 1000000, not -5" },
        { """{"name":"a","category":"clinic"}""", """{"type":"Point","coordinates":[200,95]}""", "coordinate (200, 95) is out of range" },
        { """{"name":"a","category":"clinic"}""", $$"""{"type":"Point","coordinates":{{At(InRegion.Lat, InRegion.Lon)}}}""", "latitude and longitude look swapped" },
        { """{"name":"a","category":"clinic"}""", """{"type":"Point","coordinates":[2.35,48.85]}""", "coordinate (2.35, 48.85) lies outside this region" },
        { """{"name":"a","category":"clinic"}""", Line(2), "clinic needs a Point, not a LineString" },
        { """{"name":"a","category":"fitness","kind":"fitness-trail"}""", $$"""{"type":"Polygon","coordinates":[[{{At(InRegion.Lon, InRegion.Lat)}},{{At(InRegion.Lon + 0.001, InRegion.Lat)}},{{At(InRegion.Lon, InRegion.Lat + 0.001)}},{{At(InRegion.Lon, InRegion.Lat)}}]]}""",
            "fitness/fitness-trail needs a LineString, not a Polygon" },
        { """{"name":"a","category":"fitness","kind":"fitness-trail"}""", Point, "fitness/fitness-trail needs a LineString, not a Point" },
        // Two equal positions: a line of no length, which NTS's validity check refuses.
        { """{"name":"a","category":"fitness","kind":"fitness-trail"}""", Line(2, step: 0), "invalid geometry" },
        { """{"name":"a","category":"fitness","kind":"fitness-trail"}""", Line(20_001), "the geometry has 20001 vertices, above the limit of 20000" },
    };

    [Theory]
    [MemberData(nameof(BadFacilities))]
    public async Task A_bad_facility_gets_the_same_message_from_the_API_and_from_the_importer(string properties, string geometry, string words)
    {
        var feature = $$"""{"type":"Feature","properties":{{properties}},"geometry":{{geometry}}}""";

        var planner = await Server.PlannerAsync("rules-" + Guid.NewGuid().ToString("N")[..6]);
        var problem = await Problem.ReadAsync(await planner.PostAsync("/api/facilities", CoverageServer.Json(feature)), HttpStatusCode.BadRequest);
        var api = Assert.Single(problem.Errors);

        var imported = Import(feature);
        var file = Assert.Single(imported.Errors);

        Assert.Contains(words, api.En);
        Assert.Equal((api.Zh, api.En), (file.Zh, file.En));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", file.Zh);
    }

    public static TheoryData<string, FacilityStatus> Statuses => new()
    {
        { "现状", FacilityStatus.Existing }, { "已建", FacilityStatus.Existing }, { "规划", FacilityStatus.Planned },
        { "在建", FacilityStatus.UnderConstruction }, { "under construction", FacilityStatus.UnderConstruction },
        { "Planned", FacilityStatus.Planned }, { "拟建", FacilityStatus.Proposed }, { "existing", FacilityStatus.Existing },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task A_status_synonym_is_accepted_by_the_API_and_the_importer_alike(string status, FacilityStatus expected)
    {
        var feature = $$"""{"type":"Feature","properties":{"name":"状态{{status}}","category":"clinic","status":"{{status}}"},"geometry":{{Point}}}""";

        var planner = await Server.PlannerAsync("status-" + Guid.NewGuid().ToString("N")[..6]);
        var created = await planner.PostAsync("/api/facilities", CoverageServer.Json(feature));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("properties").GetProperty("id").GetString()!;
        var stored = await (await Server.StoreAsync()).GetFacilityAsync(id);
        Assert.Equal(expected, stored!.Status);

        var imported = Import(feature);
        Assert.True(imported.Succeeded, string.Join("\n", imported.Errors));
        Assert.Equal(expected, Assert.Single(imported.Items).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/facilities/{id}")).StatusCode);
    }

    /// <summary>The feature as a one-feature GeoJSON file, imported with the server's region as the expected extent.</summary>
    ImportResult<Facility> Import(string feature)
    {
        var path = Path.Combine(Path.GetTempPath(), $"one-rule-{Guid.NewGuid():N}.geojson");
        File.WriteAllText(path, $$"""{"type":"FeatureCollection","features":[{{feature}}]}""");
        try
        {
            var bbox = Server.Region.Facts.Bbox;
            return new PlanImporter(Server.Region.Seeds).Facilities(path, new ImportOptions { Region = new Envelope(bbox[0], bbox[2], bbox[1], bbox[3]) });
        }
        finally { File.Delete(path); }
    }
}
