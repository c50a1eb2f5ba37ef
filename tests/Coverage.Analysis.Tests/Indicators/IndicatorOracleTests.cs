using System.Text.Json;
using Coverage.Analysis.Indicators;
using Coverage.Analysis.Tests.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;
using Xunit.Abstractions;

namespace Coverage.Analysis.Tests.Indicators;

/// <summary>
/// The plan's indicators on the demo county equal a direct computation from the committed GeoJSON files, read here with
/// System.Text.Json (not our importers) and summed by their own rules: counts and km built since the base year, presence
/// per town, per-capita area and per-1,000 ratios, each person counted once (an administrative village holds the larger of
/// its own figure and its natural villages' sum). The circle-backed indicator equals its circle's own village counts.
/// </summary>
public class IndicatorOracleTests(ITestOutputHelper output)
{
    static readonly Lazy<IReadOnlyList<IndicatorResult>> Results = new(() => new CoverageEngine(DemoCounty.Region).Indicators);

    sealed record RawFacility(string Category, string? Kind, string Status, string Town, int? Capacity, int? Year, double? Area, double LengthKm);

    static readonly Lazy<List<RawFacility>> Facilities = new(() => Features("facilities.synthetic.geojson").Select(f =>
    {
        var p = f.GetProperty("properties");
        var g = f.GetProperty("geometry");
        double km = g.GetProperty("type").GetString() == "LineString" ? HaversineKm(g.GetProperty("coordinates")) : 0;
        return new RawFacility(p.GetProperty("category").GetString()!, Str(p, "kind"), p.GetProperty("status").GetString()!,
            p.GetProperty("town").GetString()!, Int(p, "capacity"), Int(p, "built_year"), Num(p, "area_m2"), km);
    }).ToList());

    /// <summary>Residents per town, each once: a top-level place holds max(its own figure, the sum of its natural villages).</summary>
    static readonly Lazy<Dictionary<string, double>> People = new(() =>
    {
        var rows = Features("settlements.synthetic.geojson").Select(f => f.GetProperty("properties")).Select(p => (
            Id: p.GetProperty("id").GetString()!, Kind: p.GetProperty("kind").GetString()!, Town: p.GetProperty("town").GetString()!,
            Parent: Str(p, "parent_id"), Population: Num(p, "population") ?? 0)).ToList();
        var ids = rows.Select(r => r.Id).ToHashSet();
        var children = rows.Where(r => r.Kind == "natural_village" && r.Parent is not null && ids.Contains(r.Parent))
            .GroupBy(r => r.Parent!).ToDictionary(g => g.Key, g => g.Sum(r => r.Population));
        return rows.Where(r => !(r.Kind == "natural_village" && r.Parent is not null && ids.Contains(r.Parent)))
            .GroupBy(r => r.Town).ToDictionary(g => g.Key, g => g.Sum(r => Math.Max(r.Population, children.GetValueOrDefault(r.Id))));
    });

    [Fact]
    public void Every_indicator_of_the_demo_county_equals_a_direct_computation_from_its_files()
    {
        var results = Results.Value;
        // Every kind is checked (a seeds file read without its indicators would pass an empty loop).
        Assert.Equal(Enum.GetValues<IndicatorKind>().Order(), results.Select(r => r.Definition.Kind).Distinct().Order());
        var towns = People.Value.Keys.Where(t => t.Length > 0).ToList();
        foreach (var r in results)
        {
            var d = r.Definition;
            var statuses = d.Statuses.Select(s => s.ToId()).ToHashSet();
            var matching = Facilities.Value.Where(f => statuses.Contains(f.Status) && d.Categories.Any(c => c == f.Category || c == $"{f.Category}/{f.Kind}")).ToList();
            double County(Func<IEnumerable<RawFacility>, double, double> value) => value(matching, People.Value.Values.Sum());
            double Town(string t, Func<IEnumerable<RawFacility>, double, double> value) => value(matching.Where(f => f.Town == t), People.Value[t]);
            Func<IEnumerable<RawFacility>, double, double>? rule = d.Kind switch
            {
                IndicatorKind.CountBuilt => (fs, _) => fs.Count(f => f.Year >= d.SinceYear && f.Year <= Math.Min(d.UntilYear ?? 9999, DateTime.UtcNow.Year)),
                IndicatorKind.LengthBuilt => (fs, _) => fs.Where(f => f.Year >= d.SinceYear && f.Year <= Math.Min(d.UntilYear ?? 9999, DateTime.UtcNow.Year)).Sum(f => f.LengthKm),
                IndicatorKind.PerCapitaArea => (fs, people) => fs.Where(f => f.LengthKm == 0).Sum(f => f.Area ?? 0) / people,
                IndicatorKind.PerThousand => (fs, people) => fs.Sum(f => f.Capacity ?? 0) / people * 1000,
                _ => null,
            };
            if (rule is not null)
            {
                // Values are shown (and judged) to 2 decimals.
                Close(County(rule), r.Value!.Value, d.Kind == IndicatorKind.LengthBuilt ? 0.005 * Math.Max(1, r.Value!.Value) : 0.0051, d.Id);
                foreach (var t in towns)
                    Close(Town(t, rule), r.Towns.Single(x => x.Town == t).Value!.Value, d.Kind == IndicatorKind.LengthBuilt ? 0.05 : 0.0051, $"{d.Id} {t}");
            }
            else if (d.Kind == IndicatorKind.PresencePerTown)
            {
                var meeting = towns.Where(t => matching.Count(f => f.Town == t) >= d.MinCount).ToList();
                Close(100.0 * meeting.Count / towns.Count, r.Value!.Value, 0.05, d.Id);
                Assert.Equal(meeting.Order(), r.Towns.Where(t => t.Light == IndicatorLight.Met).Select(t => t.Town).Order());
                Assert.Equal(towns.Except(meeting).Order(), r.Shortfalls.Select(s => s.Town).Order());
            }
            else
            {
                Assert.Equal(IndicatorKind.CircleVillages, d.Kind);
                var circle = new CoverageEngine(DemoCounty.Region).Evaluate(d.Circle!);
                Close(100.0 * circle.County.Villages.Covered / circle.County.Villages.Total, r.Value!.Value, 0.05, d.Id);
                foreach (var t in circle.Towns.Where(t => t.Villages.Total > 0))
                    Assert.Equal((t.Villages.Total, t.Villages.Covered), r.Towns.Where(x => x.Town == t.Name).Select(x => (x.Villages!.Value, x.VillagesWith!.Value)).Single());
                Assert.Equal(circle.County.Villages.Total - circle.County.Villages.Covered, r.Shortfalls.Count);
            }
            output.WriteLine($"{d.Id}: {r.Value} {d.UnitEn} ({r.Light}); towns met {r.Towns.Count(t => t.Light == IndicatorLight.Met)}/{r.Towns.Count}");
        }
    }

    /// <summary>The demo generator gives every per-town kind towns that pass and towns that fail, so the sheet shows both lights.</summary>
    [Theory]
    [InlineData(IndicatorKind.PresencePerTown)]
    [InlineData(IndicatorKind.PerCapitaArea)]
    [InlineData(IndicatorKind.PerThousand)]
    [InlineData(IndicatorKind.CircleVillages)]
    public void The_demo_county_has_towns_that_pass_and_towns_that_fail(IndicatorKind kind)
    {
        var r = Results.Value.First(x => x.Definition.Kind == kind);
        Assert.Contains(r.Towns, t => t.Light == IndicatorLight.Met);
        Assert.Contains(r.Towns, t => t.Light != IndicatorLight.Met);
    }

    /// <summary>
    /// By hand: two towns; a centre with no town (placed by the nearest settlement), one without an area (left out and named),
    /// one of 2018 (before the base year). Every figure is worked out in the comments.
    /// </summary>
    [Fact]
    public void A_hand_checked_plan_gives_the_worked_figures()
    {
        var gf = new GeometryFactory();
        Settlement Village(string id, string town, double lon, int people) => new()
        { Id = id, Name = id, Town = town, Geometry = gf.CreatePoint(new Coordinate(lon, 30)), Population = people, Elderly = people / 5 };
        Facility Fitness(string id, string? town, double lon, double? area, int? year) => new()
        { Id = id, Name = id, Category = "fitness", Kind = "fitness-station", Town = town, Geometry = gf.CreatePoint(new Coordinate(lon, 30)), AreaM2 = area, BuiltYear = year };
        var settlements = new[] { Village("a", "甲镇", 120.00, 1000), Village("b", "乙镇", 120.10, 3000) };
        var facilities = new[]
        {
            Fitness("f1", "甲镇", 120.00, 2500, 2020),
            Fitness("f2", null, 120.099, 6000, 2018),  // no town: nearest settlement is b → 乙镇
            Fitness("f3", "乙镇", 120.10, null, 2021), // no area: not counted for area, counted as built in 2021
        };
        IndicatorDefinition Def(IndicatorKind kind, double target) => new()
        {
            Id = kind.ToString(), NameZh = "x", NameEn = "x", Kind = kind, Categories = ["fitness"], SinceYear = 2019, Target = target,
            Baseline = 1, UnitZh = "u", UnitEn = "u", PolicySource = "《x》",
        };
        var r = IndicatorEngine.Evaluate([Def(IndicatorKind.PerCapitaArea, 2.5), Def(IndicatorKind.CountBuilt, 3), Def(IndicatorKind.PresencePerTown, 100),
            Def(IndicatorKind.CountBuilt, 1) with { UntilYear = 2020 }], facilities, settlements, _ => null);
        // Area: 甲镇 2500/1000 = 2.5 (met); 乙镇 6000/3000 = 2.0 (amber: ≥ baseline 1); county 8500/4000 = 2.125, shown as 2.13.
        // Towns come in ordinal order: 乙 (U+4E59) before 甲 (U+7532).
        Assert.Equal(2.13, r[0].Value!.Value, 6);
        Assert.Equal([("乙镇", 2.0, IndicatorLight.Progress), ("甲镇", 2.5, IndicatorLight.Met)], r[0].Towns.Select(t => (t.Town, t.Value, t.Light)));
        Assert.Contains(r[0].Notes, n => n.Code == "missing-fact" && n.Zh.Contains("f3"));
        Assert.Contains(r[0].Notes, n => n.Code == "town-by-nearest" && n.En.StartsWith("1 facilities"));
        // Built since 2019: f1 and f3 (f2 is of 2018) = 2 of 3: amber (≥ baseline 1).
        Assert.Equal(2, r[1].Value);
        Assert.Equal(IndicatorLight.Progress, r[1].Light);
        Assert.Equal([1.0, 1.0], r[1].Towns.Select(t => t.Value));
        // Presence: both towns have one (f2 counts for 乙镇 by its nearest settlement).
        Assert.Equal(100, r[2].Value);
        Assert.Empty(r[2].Shortfalls);
        // Built 2019–2020 only: f1 (2020); f3 (2021) is after the task year.
        Assert.Equal(1, r[3].Value);
        Assert.Equal(IndicatorLight.Met, r[3].Light);
        // What is shown is what is judged: 7,500 beds for 1,000,053 people is 7.49960 per 1,000, shown 7.5, and meets 7.5.
        var beds = Def(IndicatorKind.PerThousand, 7.5);
        Assert.Equal(7.5, IndicatorEngine.Shown(7500.0 / 1_000_053 * 1000));
        Assert.Equal(IndicatorLight.Met, IndicatorEngine.Light(beds, IndicatorEngine.Shown(7500.0 / 1_000_053 * 1000)));
    }

    static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual}");

    static IEnumerable<JsonElement> Features(string file) =>
        JsonDocument.Parse(File.ReadAllText(DemoCounty.PathOf(file))).RootElement.GetProperty("features").EnumerateArray();

    static string? Str(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    static double? Num(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
    static int? Int(JsonElement p, string name) => Num(p, name) is { } d ? (int)d : null;

    /// <summary>A line's length on a sphere of the mean Earth radius (an independent formula: the engine uses the ellipsoid).</summary>
    static double HaversineKm(JsonElement coordinates)
    {
        var pts = coordinates.EnumerateArray().Select(c => (Lon: c[0].GetDouble(), Lat: c[1].GetDouble())).ToList();
        double km = 0;
        for (int i = 1; i < pts.Count; i++)
        {
            double r(double deg) => deg * Math.PI / 180;
            double dLat = r(pts[i].Lat - pts[i - 1].Lat), dLon = r(pts[i].Lon - pts[i - 1].Lon);
            double h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(r(pts[i - 1].Lat)) * Math.Cos(r(pts[i].Lat)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
            km += 2 * 6371.0088 * Math.Asin(Math.Sqrt(h));
        }
        return km;
    }
}
