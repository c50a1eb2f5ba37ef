using System.Diagnostics;
using static Coverage.Server.Tests.Support.DemoTables;

namespace Coverage.Server.Tests;

/// <summary>County and town totals the map's summary shows, and the GeoPackage report download, against the demo tables.</summary>
public abstract partial class ApiContract
{
    [Fact]
    public async Task County_and_town_people_count_each_person_once_as_the_statistics_tables_do()
    {
        // Oracle: administrative villages and communities of the source table (natural villages are their parts), and the towns table.
        var rows = Settlements().Where(r => Prop(r, "kind") != "natural_village").ToList();
        double People(IEnumerable<System.Text.Json.JsonElement> r, string field) => r.Sum(x => x.GetProperty("properties").GetProperty(field).GetDouble());
        var coverage = await JsonOf(await Anonymous.GetAsync("/api/coverage/culture-10"));
        var county = coverage.GetProperty("county");
        Assert.Equal(582_529, People(rows, "population"));
        Assert.Equal(People(rows, "population"), county.GetProperty("population").GetDouble(), 6);
        Assert.Equal(People(rows, "elderly"), county.GetProperty("elderly").GetDouble(), 6);
        var towns = Features("towns.synthetic.geojson").ToDictionary(t => Prop(t, "name"), t => t.GetProperty("properties").GetProperty("population").GetDouble());
        foreach (var t in coverage.GetProperty("towns").EnumerateArray())
            Assert.Equal(towns[t.GetProperty("name").GetString()!], t.GetProperty("population").GetDouble(), 6);
        Assert.Equal(towns.Values.Sum(), county.GetProperty("population").GetDouble(), 6);
        // The region's town list counts people once too (it summed natural villages and their villages: twice).
        var region = await JsonOf(await Anonymous.GetAsync("/api/region"));
        foreach (var t in region.GetProperty("towns").EnumerateArray())
            Assert.Equal(towns[t.GetProperty("name").GetString()!], t.GetProperty("population").GetDouble(), 6);
    }

    [Fact]
    public async Task GeoPackage_report_holds_every_table_with_its_coverage_columns_and_opens_in_gdal()
    {
        var bytes = await (await Anonymous.GetAsync("/api/reports/culture-10?format=gpkg")).Content.ReadAsByteArrayAsync();
        var path = Path.Combine(Path.GetTempPath(), $"coverage-api-report-{Guid.NewGuid():N}.gpkg");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var psi = new ProcessStartInfo("ogrinfo", ["-ro", "-so", "-al", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.Equal(0, p.ExitCode);
            foreach (var layer in new[] { "uncovered", "settlements", "towns", "county", "problems", "facilities" })
                Assert.Contains($"Layer name: {layer}", output);
            foreach (var column in new[] { "minutes: Real", "status: String", "covered_population: Real", "covered_elderly: Real", "natural_villages: Integer" })
                Assert.Contains(column, output);
            Assert.Contains($"Feature Count: {Settlements().Count}", output);
        }
        finally { File.Delete(path); }
    }
}
