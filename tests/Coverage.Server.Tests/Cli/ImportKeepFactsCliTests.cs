using Coverage.Core.Domain;
using Coverage.Storage;

namespace Coverage.Server.Tests.Cli;

/// <summary>
/// Issue 13: a re-import whose rows do not carry an optional fact (建成年份, 面积, 容量, town) keeps the stored value instead
/// of erasing it; a column present but blank clears it, as the planner wrote it; a GeoJSON feature without the property
/// keeps it while its neighbour that has it updates. The dry run shows the same.
/// </summary>
public sealed class ImportKeepFactsCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();

    const string Full = "id,name,category,lon,lat,built_year,area_m2,capacity,town\n" +
        "k1,甲中心,elderly,120.600,31.000,2020,1200.5,40,平望镇\n" +
        "k2,乙中心,elderly,120.610,31.000,2015,,25,平望镇\n";

    string Csv(string name, string text)
    {
        var path = _files.In(name);
        File.WriteAllText(path, text);
        return path;
    }

    Task<Dictionary<string, Facility>> StoredAsync() =>
        _files.WithStoreAsync(async s => (await s.QueryFacilitiesAsync(new FacilityQuery())).ToDictionary(f => f.Id));

    [Fact]
    public async Task A_table_without_the_year_area_capacity_and_town_columns_renames_and_keeps_every_stored_fact()
    {
        PlanFiles.Succeeds("import", "facilities", Csv("full.csv", Full), "--store", _files.Store);
        // The same source file name, so the rows match by source id as a bureau's corrected table would.
        var renamed = Csv("full.csv", "id,name,category,lon,lat\nk1,甲中心（改名）,elderly,120.600,31.000\nk2,乙中心,elderly,120.611,31.000\n");

        var dry = PlanFiles.Succeeds("import", "facilities", renamed, "--store", _files.Store, "--dry-run");
        Assert.Contains("would 新增 add 0, 更新 update 2, 不变 leave unchanged 0", dry.Stdout);
        Assert.Contains("2 rows carry no built_year: those facilities keep their stored built year", dry.Stdout);
        Assert.Contains("1 row carries no area_m2: it keeps its stored area", dry.Stdout); // k2 has none stored
        Assert.Contains("2 行没有“容量”（capacity），这些设施保留库中已有的容量", dry.Stdout);

        var r = PlanFiles.Succeeds("import", "facilities", renamed, "--store", _files.Store);
        Assert.Contains("新增 added 0, 更新 updated 2, 未变 unchanged 0", r.Stdout);
        var stored = await StoredAsync();
        Assert.Equal("甲中心（改名）", stored["k1"].Name);
        Assert.Equal((2020, 1200.5, 40, "平望镇"), (stored["k1"].BuiltYear, stored["k1"].AreaM2, stored["k1"].Capacity, stored["k1"].Town));
        Assert.Equal((2015, (double?)null, 25, "平望镇"), (stored["k2"].BuiltYear, stored["k2"].AreaM2, stored["k2"].Capacity, stored["k2"].Town));
        Assert.Equal(120.611, stored["k2"].Geometry.Coordinate.X, 9);
    }

    [Fact]
    public async Task A_column_present_but_blank_clears_the_fact_and_an_unchanged_table_stays_unchanged()
    {
        PlanFiles.Succeeds("import", "facilities", Csv("full.csv", Full), "--store", _files.Store);
        var blankYear = Csv("full.csv", "id,name,category,lon,lat,built_year,area_m2,capacity,town\n" +
            "k1,甲中心,elderly,120.600,31.000,,1200.5,40,平望镇\nk2,乙中心,elderly,120.610,31.000,2015,,25,平望镇\n");
        var r = PlanFiles.Succeeds("import", "facilities", blankYear, "--store", _files.Store);
        Assert.DoesNotContain("keep their stored", r.Stdout);
        Assert.Contains("更新 updated 1, 未变 unchanged 1", r.Stdout);
        var stored = await StoredAsync();
        Assert.Null(stored["k1"].BuiltYear);
        Assert.Equal(2015, stored["k2"].BuiltYear);

        // Without the optional columns, nothing else changed: both rows are unchanged, not "updated" to blanks.
        var bare = Csv("full.csv", "id,name,category,lon,lat\nk1,甲中心,elderly,120.600,31.000\nk2,乙中心,elderly,120.610,31.000\n");
        Assert.Contains("更新 updated 0, 未变 unchanged 2", PlanFiles.Succeeds("import", "facilities", bare, "--store", _files.Store).Stdout);
    }

    [Fact]
    public async Task A_geojson_feature_without_the_property_keeps_its_fact_while_one_with_it_updates()
    {
        PlanFiles.Succeeds("import", "facilities", Csv("full.csv", Full), "--store", _files.Store);
        static string Feature(string id, double lon, string extra) =>
            "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon.ToString(System.Globalization.CultureInfo.InvariantCulture) +
            ",31.0]},\"properties\":{\"id\":\"" + id + "\",\"source\":\"full.csv\",\"name\":\"中心" + id + "\",\"category\":\"elderly\"" + extra + "}}";
        var geojson = _files.In("sparse.geojson");
        File.WriteAllText(geojson, "{\"type\":\"FeatureCollection\",\"features\":[" + Feature("k1", 120.6, "") + "," + Feature("k2", 120.61, ",\"capacity\":99") + "]}");
        var r = PlanFiles.Succeeds("import", "facilities", geojson, "--store", _files.Store);
        Assert.Contains("1 row carries no capacity: it keeps its stored capacity", r.Stdout);
        var stored = await StoredAsync();
        Assert.Equal((40, 2020), (stored["k1"].Capacity, stored["k1"].BuiltYear));
        Assert.Equal((99, 2015), (stored["k2"].Capacity, stored["k2"].BuiltYear));
    }

    [Fact]
    public async Task Settlements_keep_their_elderly_and_admin_code_when_a_population_update_has_no_such_columns()
    {
        var first = Csv("villages.csv", "id,name,kind,town,population,elderly,admin_code,lon,lat\n" +
            "v1,甲村,行政村,平望镇,1200,300,320509101201,120.600,31.000\n");
        PlanFiles.Succeeds("import", "settlements", first, "--store", _files.Store);
        var update = Csv("villages.csv", "id,name,kind,town,population,lon,lat\nv1,甲村,行政村,平望镇,1500,120.600,31.000\n");
        var r = PlanFiles.Succeeds("import", "settlements", update, "--store", _files.Store);
        Assert.Contains("1 row carries no elderly: it keeps its stored elderly", r.Stdout);
        var v1 = await _files.WithStoreAsync(async s => (await s.QuerySettlementsAsync(new SettlementQuery())).Single(x => x.Id == "v1"));
        Assert.Equal((1500, 300, "320509101201"), (v1.Population, v1.Elderly, v1.AdminCode));
    }
}
