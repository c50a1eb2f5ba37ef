using System.Globalization;
using System.Text.RegularExpressions;
using Coverage.Server.Tests.Support;
using Coverage.Storage;

namespace Coverage.Server.Tests.Cli;

/// <summary>
/// Rows that import but will not count as the planner expects are said per row, in the dry run and in the import summary:
/// beyond the 500 m snap limit from every walkable way of the region, or outside every town.
/// </summary>
public sealed partial class ImportWarningCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();

    /// <summary>A spot in open country of the demo county, about 700 m from any way (oracle below), inside a town.</summary>
    const double FarLon = 120.512, FarLat = 30.924;

    [GeneratedRegex(@"第 2 行（远处日间照料中心）：距最近的步行道路 (\d+) 米，超出吸附距离 500 米")]
    private static partial Regex FarZh();

    [GeneratedRegex(@"line 2 \(远处日间照料中心\): (\d+) m from the nearest walkable way, beyond the 500 m snap limit: it is kept, but counts for no coverage; check its coordinates")]
    private static partial Regex FarEn();

    string FarAndNearCsv()
    {
        var near = DemoTables.FirstPosition(DemoTables.Facilities()[0]); // a demo hospital, on its street
        return _files.FacilitiesCsv("far.csv", [
            ("f700", "远处日间照料中心", "elderly", FarLon.ToString(CultureInfo.InvariantCulture), FarLat.ToString(CultureInfo.InvariantCulture)),
            ("n1", "近处日间照料中心", "elderly", near.Lon.ToString("R", CultureInfo.InvariantCulture), near.Lat.ToString("R", CultureInfo.InvariantCulture)),
        ]);
    }

    static void AssertFarWarning(string stdout)
    {
        double expected = NearestWay.Metres(FarLon, FarLat);
        Assert.InRange(expected, 600, 800); // the spot is what this test says it is
        var zh = FarZh().Match(stdout);
        var en = FarEn().Match(stdout);
        Assert.True(zh.Success && en.Success, stdout);
        double reported = double.Parse(en.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(en.Groups[1].Value, zh.Groups[1].Value);
        // The snapper measures on the ellipsoid, the oracle on a sphere: within 0.5 % plus the rounding to whole metres.
        Assert.True(Math.Abs(reported - expected) <= expected * 0.005 + 1, $"reported {reported} m, oracle {expected:0.0} m");
        Assert.DoesNotContain("第 3 行", stdout); // the facility on its street has no warning
    }

    [Fact]
    public void A_facility_700_m_from_any_way_is_listed_with_its_distance_in_the_dry_run()
    {
        var r = PlanFiles.Succeeds("import", "facilities", FarAndNearCsv(), "--store", _files.Store, "--dry-run");
        AssertFarWarning(r.Stdout);
        Assert.Contains("新增 add 2, 更新 update 0, 不变 leave unchanged 0；1 行有警告（见上）/ 1 row with warnings (listed above)", r.Stdout);
        Assert.False(File.Exists(_files.StorePath));
    }

    [Fact]
    public async Task A_facility_700_m_from_any_way_imports_with_the_warning_in_the_summary()
    {
        var r = PlanFiles.Succeeds("import", "facilities", FarAndNearCsv(), "--store", _files.Store);
        AssertFarWarning(r.Stdout);
        Assert.Contains("新增 added 2, 更新 updated 0, 未变 unchanged 0；1 行有警告（见上）/ 1 row with warnings (listed above)", r.Stdout);
        var stored = await _files.WithStoreAsync(s => s.QueryFacilitiesAsync(new FacilityQuery { Categories = ["elderly"] }));
        Assert.Single(stored, f => f.Source == "far.csv" && f.SourceId == "f700");
    }

    [Fact]
    public void A_village_outside_every_town_imports_with_a_warning_naming_its_row()
    {
        // West of the westernmost vertex of every town in towns.synthetic.geojson (120.4429°): outside all of them by
        // construction; 1.2 km inside the 5 km margin around the region's network.
        var csv = _files.In("villages.csv");
        File.WriteAllText(csv, "村名,人口,老年人口,经度,纬度\n镇外村,300,80,120.43,31.0\n");
        var r = PlanFiles.Succeeds("import", "settlements", csv, "--store", _files.Store, "--dry-run");
        Assert.Contains("警告 Warning: 第 2 行（镇外村）：不在区域任何镇（街道）的范围内", r.Stdout);
        Assert.Contains("line 2 (镇外村): outside every town of the region: it is kept, but belongs to no town", r.Stdout);
        Assert.Contains("1 row with warnings (listed above)", r.Stdout);
    }

    /// <summary>
    /// A village counts when any of its demand samples joins the network, not only when a corner or its centre does: a
    /// vertex-based check flagged 6 of the demo's 201 village polygons (536–639 m) that the analysis does count.
    /// </summary>
    [Fact]
    public void The_demo_county_s_own_villages_import_without_a_far_from_network_warning()
    {
        var r = PlanFiles.Succeeds("import", "settlements", Path.Combine(DemoTables.Folder(), "settlements.synthetic.geojson"), "--store", _files.Store, "--dry-run");
        Assert.Contains("795 settlements valid", r.Stdout);
        Assert.DoesNotContain("警告 Warning:", r.Stdout);
    }
}
