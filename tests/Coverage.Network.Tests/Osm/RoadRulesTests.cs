using Coverage.Network.Graph;
using Coverage.Network.Osm;

namespace Coverage.Network.Tests.Osm;

/// <summary>The country rule table (<see cref="RoadRules"/>), sidewalk=* and ferry waits, tag by tag under both rule sets.</summary>
public class RoadRulesTests
{
    /// <summary>"walk" when walkable both ways, else the reason <see cref="PedestrianAccess.Classify(in WayTags, RoadRules?)"/> gives.</summary>
    static string Verdict(string tags, RoadRules rules)
    {
        var access = PedestrianAccess.Classify(WayTags.Of(tags.Split(' ', '=')), rules);
        return access.IsWalkable ? (access.Flags & EdgeFlags.Both) == EdgeFlags.Both ? "walk" : "one way" : access.Reason!;
    }

    [Theory]
    //          tags                                                   Default (outside China)    China
    [InlineData("highway=trunk",                                      "highway=trunk",           "walk")]        // rural 国道/省道
    [InlineData("highway=trunk_link",                                 "highway=trunk_link",      "walk")]
    [InlineData("highway=trunk ref=G104 lanes=2",                     "highway=trunk",           "walk")]
    [InlineData("highway=trunk expressway=yes",                       "highway=trunk",           "expressway=yes")] // 城市快速路
    [InlineData("highway=trunk highway:CN:urban=expressway",          "highway=trunk",           "highway:CN:urban=expressway")]
    [InlineData("highway=trunk motorroad=yes",                        "highway=trunk",           "motorroad=yes")]
    [InlineData("highway=trunk tunnel=yes layer=-1",                  "highway=trunk",           "tunnel=yes")]     // 隧道
    [InlineData("highway=trunk_link tunnel=yes",                      "highway=trunk_link",      "tunnel=yes")]
    [InlineData("highway=trunk tunnel=building_passage",              "highway=trunk",           "walk")]
    [InlineData("highway=trunk bridge=viaduct layer=1",               "highway=trunk",           "bridge=viaduct")] // 高架
    [InlineData("highway=trunk bridge=yes layer=2",                   "highway=trunk",           "layer=2: elevated road")]
    [InlineData("highway=trunk layer=1",                              "highway=trunk",           "layer=1 without bridge=*: elevated road")]
    [InlineData("highway=trunk bridge=yes layer=1",                   "highway=trunk",           "walk")]        // until its run is measured
    [InlineData("highway=trunk foot=no",                              "foot=no",                 "foot=no")]
    [InlineData("highway=trunk foot=use_sidepath",                    "foot=use_sidepath",       "foot=use_sidepath")]
    [InlineData("highway=trunk access=no",                            "access=no",               "access=no")]
    [InlineData("highway=trunk foot=yes",                             "walk",                    "walk")]
    [InlineData("highway=trunk tunnel=yes foot=yes",                  "walk",                    "walk")]
    [InlineData("highway=trunk motorroad=yes foot=yes",               "walk",                    "walk")]
    [InlineData("highway=trunk sidewalk=both",                        "walk",                    "walk")]
    [InlineData("highway=trunk sidewalk=left",                        "walk",                    "walk")]
    [InlineData("highway=trunk sidewalk:right=yes",                   "walk",                    "walk")]
    [InlineData("highway=trunk sidewalk:both=yes",                    "walk",                    "walk")]
    [InlineData("highway=trunk sidewalk=no",                          "highway=trunk",           "walk")]        // walk the edge
    [InlineData("highway=trunk sidewalk=separate",                    "highway=trunk",           "sidewalk=separate")]
    [InlineData("highway=trunk expressway=yes sidewalk=both",         "walk",                    "walk")]        // a walkway exists
    [InlineData("highway=trunk tunnel=yes sidewalk=right",            "walk",                    "walk")]
    [InlineData("highway=trunk motorroad=yes sidewalk=both",          "walk",                    "motorroad=yes")] // a legal ban stays
    [InlineData("highway=trunk sidewalk=both foot=no",                "foot=no",                 "foot=no")]
    [InlineData("highway=motorway",                                   "highway=motorway",        "highway=motorway")]
    [InlineData("highway=motorway sidewalk=both",                     "highway=motorway",        "highway=motorway")]
    [InlineData("highway=motorway_link sidewalk=right",               "highway=motorway_link",   "highway=motorway_link")]
    [InlineData("highway=primary motorroad=yes",                      "walk",                    "motorroad=yes")]
    [InlineData("highway=primary tunnel=yes",                         "walk",                    "walk")]        // only trunks are judged by structure
    [InlineData("highway=residential sidewalk=no",                    "walk",                    "walk")]
    [InlineData("highway=residential sidewalk=none",                  "walk",                    "walk")]
    [InlineData("highway=residential sidewalk=separate",              "walk",                    "walk")]
    [InlineData("highway=unclassified sidewalk=no",                   "walk",                    "walk")]
    [InlineData("highway=elevator sidewalk=both",                     "walk",                    "walk")]        // unknown type with a sidewalk
    [InlineData("highway=construction sidewalk=both",                 "highway=construction",    "highway=construction")]
    public void Rule_table(string tags, string underDefault, string underChina)
    {
        Assert.Equal(underDefault, Verdict(tags, RoadRules.Default));
        Assert.Equal(underChina, Verdict(tags, RoadRules.China));
    }

    [Fact]
    public void Without_rules_the_default_set_applies_as_before() =>
        Assert.Equal(PedestrianAccess.Classify(WayTags.Of("highway", "trunk")), PedestrianAccess.Classify(WayTags.Of("highway", "trunk"), RoadRules.Default));

    [Fact]
    public void A_china_trunk_bridge_waits_for_the_length_of_its_run_a_creek_bridge_passes_a_long_one_does_not()
    {
        var bridge = PedestrianAccess.Classify(WayTags.Of("highway", "trunk", "bridge", "yes", "layer", "1"), RoadRules.China);
        Assert.Equal(300f, bridge.MaxBridgeRunMetres);
        Assert.True(bridge.WithinRun(40).IsWalkable);     // over a creek
        Assert.True(bridge.WithinRun(300).IsWalkable);
        Assert.Equal("bridge run of 1200 m > 300 m: elevated road", bridge.WithinRun(1200).Reason);
        // Outside China no bridge is limited; in China a granted way (foot=yes, a sidewalk) is not either.
        Assert.Equal(float.PositiveInfinity, PedestrianAccess.Classify(WayTags.Of("highway", "trunk", "bridge", "yes", "foot", "yes")).MaxBridgeRunMetres);
        Assert.Equal(float.PositiveInfinity, PedestrianAccess.Classify(WayTags.Of("highway", "trunk", "bridge", "yes", "foot", "yes"), RoadRules.China).MaxBridgeRunMetres);
        Assert.Equal(float.PositiveInfinity, PedestrianAccess.Classify(WayTags.Of("highway", "trunk", "bridge", "yes", "sidewalk", "both"), RoadRules.China).MaxBridgeRunMetres);
        Assert.Equal(float.PositiveInfinity, PedestrianAccess.Classify(WayTags.Of("highway", "primary", "bridge", "yes"), RoadRules.China).MaxBridgeRunMetres);
    }

    [Theory]
    //          interval   Default wait  China wait
    [InlineData("00:30",   900f,         900f)]   // half the headway, HH:MM
    [InlineData("20",      600f,         600f)]   // plain minutes
    [InlineData("PT1H",    1800f,        1800f)]
    [InlineData(null,      0f,           300f)]   // untagged: Valhalla's ferry_cost in China, nothing elsewhere
    [InlineData("daily",   0f,           300f)]   // unreadable: as untagged
    public void A_ferry_waits_half_its_interval_else_the_rule_sets_default(string? interval, float defaultWait, float chinaWait)
    {
        string[] tags = interval == null ? ["route", "ferry", "duration", "00:12"] : ["route", "ferry", "duration", "00:12", "interval", interval];
        var outside = PedestrianAccess.Classify(WayTags.Of(tags), RoadRules.Default);
        var china = PedestrianAccess.Classify(WayTags.Of(tags), RoadRules.China);
        Assert.Equal((720f, defaultWait), (outside.FerrySeconds, outside.FerryWaitSeconds));
        Assert.Equal((720f, chinaWait), (china.FerrySeconds, china.FerryWaitSeconds));
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Ferry, china.Flags);
    }

    [Fact]
    public void The_rule_set_follows_the_place_and_its_cache_key_every_field()
    {
        Assert.Same(RoadRules.China, RoadRules.For(118.78, 32.04));   // Nanjing
        Assert.Same(RoadRules.China, RoadRules.For(120.6, 31.0));     // the demo county
        Assert.Same(RoadRules.Default, RoadRules.For(11.57, 49.94));  // Bayreuth
        Assert.Same(RoadRules.Default, RoadRules.For(121.5, 25.05));  // Taipei
        Assert.NotEqual(RoadRules.China.CacheKey, (RoadRules.China with { FerryDefaultWaitSeconds = 600 }).CacheKey);
        Assert.NotEqual(RoadRules.China.CacheKey, (RoadRules.China with { ElevatedBridgeMetres = 500 }).CacheKey);
        Assert.NotEqual(RoadRules.China.CacheKey, RoadRules.Default.CacheKey);
    }
}

/// <summary>The rule set a planner names in region.json or --rules.</summary>
public class RoadRulesParseTests
{
    [Theory]
    [InlineData(null, null, double.NaN)]
    [InlineData("auto", null, double.NaN)]
    [InlineData("china", "china", 300)]
    [InlineData("China:600", "china", 600)]
    [InlineData("default", "default", 0)]
    [InlineData("default:120", "default", 120)]
    public void Named_rule_sets_and_ferry_waits_are_read(string? text, string? name, double wait)
    {
        var rules = RoadRules.Parse(text);
        Assert.Equal(name, rules?.Name);
        if (rules != null) Assert.Equal(wait, rules.FerryDefaultWaitSeconds);
    }

    [Theory]
    [InlineData("germany")]
    [InlineData("china:-5")]
    [InlineData("china:soon")]
    public void Unknown_rule_sets_are_a_bilingual_error(string text)
    {
        var e = Assert.Throws<Coverage.Core.InputException>(() => RoadRules.Parse(text));
        Assert.Contains("未知的道路规则", e.Message);
        Assert.Contains("Unknown road rules", e.Message);
    }
}
