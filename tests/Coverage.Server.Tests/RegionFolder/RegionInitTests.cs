using System.Text.Json;
using Coverage.Core.Geo;
using Coverage.Network.Cache;
using Coverage.Server.Region;
using Coverage.Server.Tests.Cli;
using Coverage.Server.Tests.Support;
using Coverage.Storage.Import;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Server.Tests.RegionFolder;

/// <summary>
/// `coverage region init`: a folder from real Chinese extracts that the server serves, with health figures checked
/// against osmium and a brute-force island count; a county boundary over the demo county checked against NTS
/// point-in-polygon and distances; bad inputs refused with nothing written.
/// </summary>
public sealed class RegionInitTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("coverage-region-init-").FullName;
    static readonly Coverage.Core.Seeds.SeedCatalog Seeds = SeedDirectory.LoadFrom(SeedDirectory.Find());
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string ChinaExtract(string name)
    {
        var osm = Path.GetDirectoryName(CliRunner.SharedExtract("monaco.osm.gz"))!;
        return Path.GetFullPath(Path.Combine(osm, "..", "osm-china", name));
    }

    RegionInitRequest Request(string folder, string extract) =>
        new(Path.Combine(_dir, folder), extract) { GraphCache = Path.Combine(_dir, folder + ".graph") };

    [Theory]
    [InlineData("beijing-cau-east-campus.osm.gz")]
    [InlineData("beijing-pku-zhongguancun-2017.osm.gz")]
    [InlineData("nanjing-xinjiekou-sumo.osm.gz")]
    public async Task Init_on_a_real_Chinese_extract_gives_a_served_region_whose_health_figures_match_osmium(string name)
    {
        var extract = ChinaExtract(name);
        var request = Request("county", extract);
        var health = RegionInit.Run(request, Seeds);

        // Oracle: osmium's reading of the extract, classified by the tag rules read here.
        using var rules = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SeedDirectory.Find(), "osm-tags.json")));
        var objects = OsmiumObjects.Tagged(extract).Select(o => (o, Class: OsmiumObjects.Classify(o, rules.RootElement)))
            .Where(x => x.Class is not null && (x.o.Type == 'n' || x.o.Nodes.Length >= 2)).ToList();
        var facilityCounts = Seeds.Categories.ToDictionary(c => c.Id,
            c => objects.Count(x => x.Class!.Value.What == "facility" && x.Class.Value.Id == c.Id));
        Assert.Equal(facilityCounts, health.FacilitiesByCategory);
        Assert.Equal(facilityCounts.Values.Sum(), health.FacilitiesKept);
        var places = objects.Where(x => x.Class!.Value.What == "settlement").ToList();
        Assert.Equal(places.Count, health.SettlementsRead);
        var noPopulation = places.Where(x => !(x.o.Tags.TryGetValue("population", out var p) && int.TryParse(p, out var v) && v > 0))
            .Select(x => $"{(x.o.Type == 'n' ? "node" : "way")}/{x.o.Id}").Order().ToList();
        Assert.Equal(noPopulation, health.WithoutPopulation.Select(p => p.Id).Order().ToList());

        // Islands: a separate component count and brute-force snapping over the served graph.
        var source = RegionSource.Resolve(request.Folder, _dir);
        var graph = RegionNetwork.Open(source, request.GraphCache).Graph;
        Assert.Equal((graph.NodeCount, graph.EdgeCount), (health.Network.Nodes, health.Network.Edges));
        var settlements = new PlanImporter(Seeds).Settlements(extract).Items;
        var expectedIslands = IslandOracle.Islands(graph, settlements.Select(s => (s.Geometry.Coordinate.X, s.Geometry.Coordinate.Y, s.Population)));
        Assert.Equal(expectedIslands, health.Islands.Select(i => new IslandOracle.Island(i.Nodes, i.Settlements, i.People)).ToList());

        // The files are written from the same model; the served region is the folder.
        var written = RegionHealth.FromJson(File.ReadAllText(Path.Combine(request.Folder, RegionHealthReport.JsonFile)));
        Assert.Equal(health.FacilitiesByCategory, written.FacilitiesByCategory);
        Assert.Equal(health.WithoutPopulation, written.WithoutPopulation);
        Assert.Contains($"Settlements without population ({noPopulation.Count})", File.ReadAllText(Path.Combine(request.Folder, RegionHealthReport.MarkdownFile)));

        await using var server = CoverageServer.OnGeoPackage(new() { ["Coverage:Region"] = request.Folder, ["Coverage:GraphCache"] = request.GraphCache });
        using var client = server.CreateClient();
        var region = await client.GetAsync("/api/region");
        Assert.True(region.IsSuccessStatusCode, await region.Content.ReadAsStringAsync());
        using var regionJson = JsonDocument.Parse(await region.Content.ReadAsStringAsync());
        Assert.Equal("county", regionJson.RootElement.GetProperty("name").GetString());
        var coverage = await client.GetAsync("/api/coverage/elderly-15");
        Assert.True(coverage.IsSuccessStatusCode, await coverage.Content.ReadAsStringAsync());
        using var coverageJson = JsonDocument.Parse(await coverage.Content.ReadAsStringAsync());
        Assert.Equal(health.PeopleCounted, coverageJson.RootElement.GetProperty("county").GetProperty("population").GetDouble());
        Assert.Equal(health.FacilitiesKept, (await (await server.StoreAsync()).PingAsync(default)).Counts.GetValueOrDefault("facilities"));
    }

    /// <summary>A hand-made pentagon over the western part of the demo county.</summary>
    static readonly Polygon DemoBoundary = new GeometryFactory(new PrecisionModel(), 4326).CreatePolygon(
    [
        new(120.50, 30.93), new(120.62, 30.91), new(120.66, 31.00), new(120.60, 31.07), new(120.49, 31.03), new(120.50, 30.93),
    ]);

    [Fact]
    public async Task A_county_boundary_leaves_out_settlements_outside_and_clips_the_network_to_its_margin()
    {
        var demo = DemoTables.Folder();
        var extract = Path.Combine(demo, "demo-county.synthetic.osm.pbf");
        var boundaryPath = Path.Combine(_dir, "boundary.geojson");
        File.WriteAllText(boundaryPath, $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{JsonSerializer.Serialize<Geometry>(DemoBoundary, GeoJson)}}}]}}");
        // Point settlements only, so the brute-force island count below measures exactly what the analysis snaps.
        var points = DemoTables.Settlements().Where(f => f.GetProperty("geometry").GetProperty("type").GetString() == "Point").ToList();
        var settlementsPath = Path.Combine(_dir, "settlements.geojson");
        File.WriteAllText(settlementsPath, JsonSerializer.Serialize(new { type = "FeatureCollection", features = points }));
        const double margin = 2000;
        var request = Request("demo-west", extract) with
        {
            Boundary = boundaryPath, MarginMetres = margin, Settlements = settlementsPath,
            Facilities = Path.Combine(demo, "facilities.synthetic.geojson"), Towns = Path.Combine(demo, "towns.synthetic.geojson"),
        };
        var health = RegionInit.Run(request, Seeds);

        // Settlements outside: NTS point-in-polygon on the source table.
        var outside = points.Where(f => !DemoBoundary.Covers(Point(DemoTables.FirstPosition(f)))).Select(f => DemoTables.Prop(f, "id")).Order().ToList();
        Assert.InRange(outside.Count, 50, points.Count - 50);
        Assert.Equal(outside, health.SettlementsOutside.Select(s => s.Id).Order().ToList());
        Assert.Equal(points.Count - outside.Count, health.SettlementsCounted);
        Assert.Equal(points.Where(f => !outside.Contains(DemoTables.Prop(f, "id"))).Sum(f => f.GetProperty("properties").GetProperty("population").GetInt64()),
            health.PeopleCounted);

        // Distances in the local metric projection (Gauss–Krüger), measured by NTS; ±1 m for the buffer's arcs.
        var projection = LocalProjection.ForExtent(DemoBoundary.EnvelopeInternal);
        var boundary = projection.Forward(DemoBoundary);
        double Beyond(Geometry g) => projection.Forward(g).Distance(boundary);
        foreach (var f in DemoTables.Facilities())
        {
            var g = JsonSerializer.Deserialize<Geometry>(f.GetProperty("geometry").GetRawText(), GeoJson)!;
            double d = Beyond(g as Point ?? g.InteriorPoint);
            string id = DemoTables.Prop(f, "id");
            if (d > margin + 1) Assert.True(health.FacilitiesOutside.Any(x => x.Id == id), $"{id} is {d:0} m beyond the line: left out");
            else if (d is > 0 and < margin - 1) Assert.True(health.FacilitiesInMargin.Any(x => x.Id == id), $"{id} is {d:0} m beyond the line: kept in the margin");
            else if (d == 0) Assert.DoesNotContain(id, health.FacilitiesOutside.Concat(health.FacilitiesInMargin).Select(x => x.Id));
        }

        // Network: every kept edge reaches within the margin; the kept count is every edge that does (±1 m).
        var full = WalkGraphCache.LoadOrBuild(extract, request.GraphCache).Graph;
        var clipped = RegionNetwork.Open(RegionSource.Resolve(request.Folder, _dir), request.GraphCache).Graph;
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        var fullDistances = Enumerable.Range(0, full.EdgeCount).Select(e => Beyond(Coverage.Network.Graph.WalkGraphClip.EdgeLine(full, e, factory))).ToList();
        foreach (int e in Enumerable.Range(0, clipped.EdgeCount))
            Assert.True(Beyond(Coverage.Network.Graph.WalkGraphClip.EdgeLine(clipped, e, factory)) <= margin + 1, $"kept edge {e} lies wholly beyond the margin");
        Assert.InRange(clipped.EdgeCount, fullDistances.Count(d => d <= margin - 1), fullDistances.Count(d => d <= margin + 1));
        Assert.Equal(clipped.EdgeCount, health.Network.KeptEdges);
        Assert.Equal(full.EdgeCount - clipped.EdgeCount, health.Network.DroppedEdges);
        Assert.True(health.Network.DroppedKm > 10 && health.Network.KeptKm > 10, $"kept {health.Network.KeptKm} km, dropped {health.Network.DroppedKm} km");

        // Islands with people: brute force over the clipped graph, counted settlements only.
        var counted = points.Where(f => DemoBoundary.Covers(Point(DemoTables.FirstPosition(f))))
            .Select(f => (DemoTables.FirstPosition(f).Lon, DemoTables.FirstPosition(f).Lat, f.GetProperty("properties").GetProperty("population").GetInt32()));
        var islands = IslandOracle.Islands(clipped, counted);
        Assert.NotEmpty(islands);
        Assert.Equal(islands, health.Islands.Select(i => new IslandOracle.Island(i.Nodes, i.Settlements, i.People)).OrderBy(i => i.Nodes).ThenBy(i => i.Settlements).ThenBy(i => i.People).ToList());
        Assert.Equal(islands.Sum(i => i.People), health.PeopleOnIslands);

        // Towns without a category: from the facilities' own town column, those kept.
        var kept = DemoTables.Facilities().Where(f => !health.FacilitiesOutside.Any(o => o.Id == DemoTables.Prop(f, "id"))).ToList();
        var towns = DemoTables.Features("towns.synthetic.geojson")
            .Where(t => DemoBoundary.Intersects(JsonSerializer.Deserialize<Geometry>(t.GetProperty("geometry").GetRawText(), GeoJson)))
            .Select(t => DemoTables.Prop(t, "name")).ToList();
        Assert.InRange(towns.Count, 2, 8);
        var gaps = towns.Select(t => (t, Missing: Seeds.Categories.Select(c => c.Id)
                .Where(c => !kept.Any(f => DemoTables.Prop(f, "town") == t && DemoTables.Prop(f, "category") == c)).ToList()))
            .Where(x => x.Missing.Count > 0).ToList();
        Assert.NotEmpty(gaps);
        Assert.Equal(gaps.Select(g => $"{g.t}:{string.Join(",", g.Missing)}"), health.TownsWithoutCategory.Select(g => $"{g.Town}:{string.Join(",", g.MissingCategories)}"));

        // The server on the folder: its store holds the counted settlements and the kept facilities only, on the clipped graph.
        await using var server = CoverageServer.OnGeoPackage(new() { ["Coverage:Region"] = request.Folder, ["Coverage:GraphCache"] = request.GraphCache });
        using var client = server.CreateClient();
        var coverage = await client.GetAsync("/api/coverage/elderly-15");
        Assert.True(coverage.IsSuccessStatusCode, await coverage.Content.ReadAsStringAsync());
        var counts = (await (await server.StoreAsync()).PingAsync(default)).Counts;
        Assert.Equal(health.SettlementsCounted, counts.GetValueOrDefault("settlements"));
        // Init sampled and joined every place for its report and kept them: the first start reads them, through the store.
        var engine = await server.Services.GetRequiredService<PlanAnalysis>().EngineAsync(default);
        Assert.Equal((health.SettlementsCounted, health.FacilitiesKept, false),
            (engine.Region.PlacesCacheUse!.SettlementsRead, engine.Region.PlacesCacheUse.FacilitiesRead, engine.Region.PlacesCacheUse.Written));
        Assert.Equal(health.FacilitiesKept, counts.GetValueOrDefault("facilities"));
        Assert.Equal(clipped.EdgeCount, server.Region.Graph.EdgeCount);

        // The CLI's life-circle units are drawn within the county boundary, as the API draws them (it drew them unclipped).
        var store = "gpkg:" + Path.Combine(_dir, "life-cli.gpkg");
        var life = CliRunner.Run("life-circles", "--format", "geojson", "--time-limit", "5", "--region", request.Folder, "--store", store);
        Assert.True(life.ExitCode == 0, life.Stderr);
        var unitAreas = JsonDocument.Parse(life.Stdout).RootElement.GetProperty("features").EnumerateArray()
            .Select(f => JsonSerializer.Deserialize<Geometry>(f.GetProperty("geometry").GetRawText(), GeoJson)).OfType<Geometry>().ToList();
        Assert.NotEmpty(unitAreas);
        // 5e-5° (~5 m): the clip runs in the local projection, where the boundary's straight edges bow by up to a metre or so.
        var within = DemoBoundary.Buffer(5e-5);
        Assert.All(unitAreas, a => Assert.True(within.Covers(a), $"a unit's area reaches {a.Difference(within).Area:E2} deg² beyond the boundary"));
    }

    static Point Point((double Lon, double Lat) p) => new(p.Lon, p.Lat) { SRID = 4326 };

    [Fact]
    public void Init_through_the_cli_prints_the_report_it_writes()
    {
        var folder = Path.Combine(_dir, "nanjing");
        var r = CliRunner.Run("region", "init", folder, "--extract", ChinaExtract("nanjing-xinjiekou-sumo.osm.gz"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var health = RegionHealth.FromJson(File.ReadAllText(Path.Combine(folder, RegionHealthReport.JsonFile)));
        Assert.Contains($"Settlements without population ({health.WithoutPopulation.Count})", r.Stdout);
        Assert.Contains($"bus-shelter {health.FacilitiesByCategory["bus-shelter"]:N0}", r.Stdout);
        Assert.True(File.Exists(Path.Combine(folder, RegionManifest.FileName)));
    }

    [Fact]
    public void A_road_layer_joins_the_extract_network_and_is_carried_in_the_folder()
    {
        var extract = ChinaExtract("nanjing-xinjiekou-sumo.osm.gz");
        var lane = Path.Combine(_dir, "lane.geojson");
        double[][] line = [[118.7700, 32.0400], [118.7750, 32.0420], [118.7800, 32.0450]];
        File.WriteAllText(lane, JsonSerializer.Serialize(new { type = "FeatureCollection", features = new[]
            { new { type = "Feature", properties = new Dictionary<string, string> { ["名称"] = "新村路" }, geometry = new { type = "LineString", coordinates = line } } } }));
        double laneKm = (Geodesy.GeodesicMetres(line[0][0], line[0][1], line[1][0], line[1][1]) + Geodesy.GeodesicMetres(line[1][0], line[1][1], line[2][0], line[2][1])) / 1000;
        var without = RegionInit.Run(Request("osm-only", extract), Seeds);
        var with = RegionInit.Run(Request("with-lane", extract) with { Roads = [lane] }, Seeds);
        Assert.Equal(without.Network.WalkableKm + laneKm, with.Network.WalkableKm, 2);
        Assert.True(with.Network.Edges > without.Network.Edges);
        Assert.True(File.Exists(Path.Combine(_dir, "with-lane", "roads", "lane.geojson")));
        Assert.Equal(Path.Combine(_dir, "with-lane", "roads", "lane.geojson"), Assert.Single(RegionSource.Resolve(Path.Combine(_dir, "with-lane"), "/").Roads!).Path);
        Assert.Contains(with.Warnings, w => w.Contains("lane.geojson") && w.Contains("WGS84"));
    }

    /// <summary>
    /// The graph init builds (from its temporary folder) is cached where the region will look for it after the move, so
    /// the first start loads it instead of building it again; with a road layer too, whose path moves with the folder.
    /// </summary>
    [Fact]
    public void The_graph_built_by_init_is_found_in_the_default_cache_after_the_move()
    {
        var extract = ChinaExtract("beijing-cau-east-campus.osm.gz");
        var lane = Path.Combine(_dir, "cached-lane.geojson");
        File.WriteAllText(lane, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"footway"},"geometry":{"type":"LineString","coordinates":[[116.36,40.0],[116.361,40.001]]}}]}""");
        var request = Request("cached", extract) with { GraphCache = null, Roads = [lane] };
        RegionInit.Run(request, Seeds);
        var source = RegionSource.Resolve(request.Folder, _dir);
        var load = RegionNetwork.Open(source, null).Load;
        try { Assert.True(load.FromCache, $"the first open after init built the graph again ({load.CachePath})"); }
        finally { File.Delete(load.CachePath); }
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "missing-extract", "找不到文件", "File not found" },
        { "line-boundary", "需要面图层", "polygons are needed" },
        { "bad-settlements", "第 2 个要素", "feature 2" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_refused_in_both_languages_and_nothing_is_written(string bad, string zh, string en)
    {
        var extract = Path.Combine(DemoTables.Folder(), "demo-county.synthetic.osm.pbf");
        var folder = Path.Combine(_dir, "out", "county");
        var args = new List<string> { "region", "init", folder, "--extract", bad == "missing-extract" ? Path.Combine(_dir, "nowhere.osm.pbf") : extract };
        if (bad == "line-boundary")
        {
            var line = Path.Combine(_dir, "line.geojson");
            File.WriteAllText(line, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[120.5,30.9],[120.6,31.0]]}}]}""");
            args.AddRange(["--boundary", line]);
        }
        if (bad == "bad-settlements")
        {
            var table = Path.Combine(_dir, "settlements.geojson");
            File.WriteAllText(table, """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"id":"a","name":"甲村","town":"北望镇","population":100},"geometry":{"type":"Point","coordinates":[120.55,30.95]}},
                {"type":"Feature","properties":{"id":"b","name":"乙村","town":"北望镇","population":"很多"},"geometry":{"type":"Point","coordinates":[120.56,30.96]}}]}
                """);
            args.AddRange(["--settlements", table]);
        }
        var r = CliRunner.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(zh, r.Stderr);
        Assert.Contains(en, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.False(Directory.Exists(folder), "the target folder must not exist after a refused init");
        Assert.True(!Directory.Exists(Path.GetDirectoryName(folder)) || !Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(folder)!).Any());
    }
}
