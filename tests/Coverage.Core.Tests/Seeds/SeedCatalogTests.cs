using Coverage.Core.Domain;
using Coverage.Core.Seeds;

namespace Coverage.Core.Tests.Seeds;

public class SeedCatalogTests
{
    static string SeedsDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln")))
                return Path.Combine(dir.FullName, "seeds");
        throw new DirectoryNotFoundException("Coverage.sln not found above " + AppContext.BaseDirectory);
    }

    static Stream Open(string file) => File.OpenRead(Path.Combine(SeedsDir(), file));

    static SeedCatalog Load() => new()
    {
        Categories = SeedCatalog.ParseCategories(Open(SeedCatalog.CategoriesFile)),
        Circles = SeedCatalog.ParseCircles(Open(SeedCatalog.CirclesFile)),
        OsmTags = SeedCatalog.ParseOsmTags(Open(SeedCatalog.OsmTagsFile)),
        LifeCircles = SeedCatalog.ParseLifeCircles(Open(SeedCatalog.LifeCirclesFile)),
        Indicators = SeedCatalog.ParseIndicators(Open(SeedCatalog.IndicatorsFile)),
    };

    [Fact]
    public void Shipped_seeds_are_consistent()
    {
        Assert.Empty(Load().Validate());
    }

    [Fact]
    public void Shipped_seeds_hold_the_seven_categories_and_eight_circles_of_the_brief()
    {
        var seeds = Load();
        Assert.Equal(["school", "clinic", "elderly", "culture", "fitness", "bus-shelter", "park"], seeds.Categories.Select(c => c.Id));
        Assert.Equal(["culture-10", "fitness-10", "fitness-15", "elderly-15", "life-15", "medical-20", "park-10", "bus-shelter-village"],
            seeds.Circles.Select(c => c.Id));
    }

    [Fact]
    public void Fitness_trails_are_lines_and_fitness_stations_points()
    {
        var fitness = Load().FindCategory("fitness")!;
        Assert.Equal(FacilityGeometryKind.Line, fitness.FindKind("fitness-trail")!.Geometry);
        Assert.Equal(FacilityGeometryKind.Point, fitness.FindKind("fitness-station")!.Geometry);
        Assert.True(fitness.Accepts(null, FacilityGeometryKind.Line));
        Assert.False(fitness.Accepts("fitness-station", FacilityGeometryKind.Line));
        Assert.False(Load().FindCategory("clinic")!.Accepts(null, FacilityGeometryKind.Line));
    }

    [Fact]
    public void Elderly_circle_uses_the_elderly_profile_and_elderly_demand()
    {
        var c = Load().FindCircle("elderly-15")!;
        Assert.Equal(("elderly", DemandField.Elderly, 15.0, CircleKind.Nearest), (c.Profile, c.Demand, c.Minutes, c.Kind));
    }

    [Fact]
    public void Bus_shelter_target_is_presence_in_administrative_villages_and_counts_a_shelter_or_a_stop_sign()
    {
        // 吴江 2019 第20条: "行政村候车亭（牌）覆盖率保持100%": a shelter (亭) or a stop sign (牌) counts.
        var c = Load().FindCircle("bus-shelter-village")!;
        Assert.Equal(CircleKind.Presence, c.Kind);
        Assert.Equal([SettlementKind.AdministrativeVillage], c.AppliesTo);
        Assert.True(c.Counts("bus-shelter", "shelter"));
        Assert.True(c.Counts("bus-shelter", "stop-sign"));
    }

    /// <summary>
    /// Every circle and every indicator cites a document of ../shared/policy by its title (as its README lists it) and quotes
    /// its words in 「」 exactly as printed: each quote is found in that document's text. Nothing says "to be confirmed".
    /// </summary>
    [Fact]
    public void Every_circle_and_indicator_quotes_its_policy_document_word_for_word()
    {
        var policy = Path.Combine(SeedsDir(), "..", "..", "shared", "policy");
        Assert.True(Directory.Exists(policy), $"{policy} is missing: the policy documents sit beside the repository in ../shared/policy");
        // README table rows: | `file.txt` | 《title》 | issuer … |
        var files = File.ReadLines(Path.Combine(policy, "README.md"))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\| `([^`]+\.txt)` \| (《[^》]+》)"))
            .Where(m => m.Success).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        Assert.Equal(5, files.Count);
        var seeds = Load();
        Assert.NotEmpty(seeds.Indicators);
        var cited = seeds.Circles.Select(c => (c.Id, c.PolicySource, c.Clause)).Concat(seeds.Indicators.Select(i => (i.Id, i.PolicySource, i.Clause)));
        foreach (var (id, source, clause) in cited)
        {
            Assert.DoesNotContain("confirmed", source + clause);
            var title = System.Text.RegularExpressions.Regex.Match(source, "《[^》]+》").Value;
            Assert.True(files.TryGetValue(title, out var file), $"{id}: {title} is not one of the policy documents");
            var text = File.ReadAllText(Path.Combine(policy, file));
            var quotes = System.Text.RegularExpressions.Regex.Matches(clause ?? "", "「([^」]+)」").Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(quotes);
            Assert.All(quotes, q => Assert.True(text.Contains(q, StringComparison.Ordinal), $"{id}: 「{q}」 is not in {file}"));
        }
    }

    /// <summary>An indicator naming an unknown category or circle, or counting "built" with no base year, is refused at load.</summary>
    [Fact]
    public void Indicators_naming_unknown_categories_or_circles_are_refused()
    {
        var seeds = Load();
        var bad = seeds with
        {
            Indicators =
            [
                seeds.Indicators[0] with { Id = "x1", Categories = ["nope"] },
                seeds.Indicators[0] with { Id = "x2", SinceYear = null },
                seeds.Indicators[0] with { Id = "x3", Kind = IndicatorKind.CircleVillages, Circle = "no-such-circle" },
                seeds.Indicators[0] with { Id = "x4", Comparison = "<" },
            ],
        };
        var problems = bad.Validate();
        Assert.Contains(problems, p => p.Contains("'x1'") && p.Contains("unknown category 'nope'"));
        Assert.Contains(problems, p => p.Contains("'x2'") && p.Contains("sinceYear"));
        Assert.Contains(problems, p => p.Contains("'x3'") && p.Contains("no-such-circle"));
        Assert.Contains(problems, p => p.Contains("'x4'") && p.Contains("comparison"));
    }

    /// <summary>No seed file and no text of the page leaves a citation open: "to be confirmed", 待确认, 待核实, 待定.</summary>
    [Fact]
    public void No_seed_or_page_text_says_a_citation_is_to_be_confirmed()
    {
        var repo = Path.Combine(SeedsDir(), "..");
        var files = Directory.GetFiles(SeedsDir(), "*.json")
            .Concat(Directory.GetFiles(Path.Combine(repo, "web", "js"), "*.js"))
            .Append(Path.Combine(repo, "web", "index.html")).ToList();
        Assert.True(files.Count > 5, "seeds/*.json and web/js/*.js were not found");
        string[] placeholders = ["to be confirmed", "tbc)", "待确认", "待核实", "待定"];
        var found = (from f in files
                     from line in File.ReadLines(f).Select((text, i) => (text, i))
                     from p in placeholders
                     where line.text.Contains(p, StringComparison.OrdinalIgnoreCase)
                     select $"{Path.GetFileName(f)}:{line.i + 1}: {p}").ToList();
        Assert.Empty(found);
    }

    [Fact]
    public void Life_circle_counts_primary_schools_but_not_kindergartens()
    {
        var c = Load().FindCircle("life-15")!;
        Assert.Equal(CircleKind.Composite, c.Kind);
        Assert.True(c.Counts("school", "primary"));
        Assert.False(c.Counts("school", "kindergarten"));
        Assert.True(c.Counts("clinic", null));
    }

    [Fact]
    public void Every_circle_names_its_policy_source_and_a_clause()
    {
        Assert.All(Load().Circles, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.PolicySource));
            Assert.False(string.IsNullOrWhiteSpace(c.Clause));
        });
    }

    [Fact]
    public void GB50180_walking_distances_are_300_500_and_800_to_1000_metres()
    {
        var gb = Load().LifeCircles.Single(s => s.Id == "gb-50180-2018");
        Assert.Equal([(15.0, 800.0, 1000.0), (10.0, 500.0, 500.0), (5.0, 300.0, 300.0)],
            gb.Levels.Select(l => (l.Minutes!.Value, l.WalkMetresMin!.Value, l.WalkMetresMax!.Value)));
    }

    [Theory]
    [InlineData("amenity=kindergarten", "school", "kindergarten")]
    [InlineData("amenity=school,isced:level=1", "school", "primary")]
    [InlineData("amenity=doctors", "clinic", "village-clinic")]
    [InlineData("amenity=social_facility,social_facility:for=senior", "elderly", "community-elderly-centre")]
    [InlineData("highway=bus_stop,shelter=yes", "bus-shelter", "shelter")]
    [InlineData("highway=bus_stop,shelter=no", "bus-shelter", "stop-sign")]
    [InlineData("public_transport=platform,bus=yes", "bus-shelter", "stop-sign")]
    [InlineData("leisure=track", "fitness", "fitness-trail")]
    [InlineData("leisure=pitch,sport=basketball", "fitness", "sports-pitch")]
    [InlineData("leisure=pitch,access=yes", "fitness", "sports-pitch")]
    public void Osm_tags_map_to_category_and_kind(string tags, string category, string kind)
    {
        var dict = tags.Split(',').Select(t => t.Split('=')).ToDictionary(t => t[0], t => t[1]);
        var rule = Load().MatchOsm(k => dict.GetValueOrDefault(k))!;
        Assert.Equal((category, kind), (rule.Category, rule.Kind));
    }

    [Theory]
    [InlineData("private")]
    [InlineData("no")]
    public void A_pitch_closed_to_the_public_is_skipped(string access)
    {
        var dict = new Dictionary<string, string> { ["leisure"] = "pitch", ["sport"] = "soccer", ["access"] = access };
        Assert.Null(Load().MatchOsm(k => dict.GetValueOrDefault(k)));
    }

    [Fact]
    public void A_skip_rule_that_also_maps_is_reported()
    {
        var seeds = Load() with
        {
            OsmTags = [new OsmTagRule { Match = new Dictionary<string, string> { ["leisure"] = "pitch" }, Category = "fitness", Skip = true }],
        };
        Assert.Equal(["osm-tags.json: rule 'leisure=pitch' skips what it matches and must map to neither category nor settlement"], seeds.Validate());
    }

    [Fact]
    public void Social_facility_not_for_seniors_is_not_mapped_and_places_map_to_settlements()
    {
        var seeds = Load();
        Assert.Null(seeds.MatchOsm(k => k switch { "amenity" => "social_facility", "social_facility:for" => "homeless", _ => null }));
        Assert.Equal(SettlementKind.NaturalVillage, seeds.MatchOsm(k => k == "place" ? "hamlet" : null)!.Settlement);
    }

    [Fact]
    public void Validate_reports_unknown_categories_kinds_and_duplicate_ids()
    {
        var seeds = Load();
        var broken = seeds with
        {
            Circles = [.. seeds.Circles, seeds.Circles[0], seeds.Circles[0] with { Id = "x", Categories = ["library", "school/college"] }],
            OsmTags = [new OsmTagRule { Match = new Dictionary<string, string> { ["amenity"] = "pub" }, Category = "bar" }],
        };
        Assert.Equal(
        [
            "circles.json: circle id 'culture-10' appears 2 times",
            "circles.json: circle 'x' names unknown category 'library'",
            "circles.json: circle 'x' names unknown kind 'college' of category 'school'",
            "osm-tags.json: rule 'amenity=pub' names unknown category 'bar'",
        ], broken.Validate());
    }

    [Fact]
    public void Malformed_seed_json_is_reported_bilingually_with_the_file_name()
    {
        var e = Assert.Throws<SeedFormatException>(() =>
            SeedCatalog.ParseCircles(new MemoryStream("{\"circles\": [ {\"id\": 1 ]}"u8.ToArray())));
        Assert.Contains("circles.json", e.Message);
        Assert.Contains("Seed file", e.Message);
        Assert.Contains("种子文件", e.Message);
    }
}
