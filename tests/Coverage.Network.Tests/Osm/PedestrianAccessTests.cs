using Coverage.Network.Graph;
using Coverage.Network.Osm;

namespace Coverage.Network.Tests.Osm;

public class PedestrianAccessTests
{
    static WayAccess Of(params string[] kv) => PedestrianAccess.Classify(WayTags.Of(kv));

    [Theory]
    [InlineData("footway")] [InlineData("path")] [InlineData("pedestrian")] [InlineData("living_street")]
    [InlineData("residential")] [InlineData("service")] [InlineData("unclassified")] [InlineData("track")]
    [InlineData("tertiary")] [InlineData("tertiary_link")] [InlineData("secondary")] [InlineData("secondary_link")]
    [InlineData("primary")] [InlineData("primary_link")] [InlineData("road")] [InlineData("cycleway")]
    [InlineData("bridleway")] [InlineData("corridor")] [InlineData("platform")]
    public void Walkable_highway_types_are_walkable_both_ways_without_marks(string highway) =>
        Assert.Equal(new WayAccess(EdgeFlags.Both, float.NaN, null), Of("highway", highway));

    [Fact]
    public void Steps_are_walkable_and_flagged_steps() =>
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Steps, Of("highway", "steps").Flags);

    [Theory]
    [InlineData("motorway")] [InlineData("motorway_link")] [InlineData("trunk")] [InlineData("trunk_link")]
    [InlineData("elevator")] [InlineData("via_ferrata")]
    public void Motorways_trunks_and_unknown_types_need_an_explicit_foot_permission(string highway)
    {
        Assert.Equal(WayAccess.No("highway=" + highway), Of("highway", highway));
        foreach (var grant in new[] { "yes", "designated", "permissive", "official" })
            Assert.Equal(EdgeFlags.Both, Of("highway", highway, "foot", grant).Flags);
        Assert.False(Of("highway", highway, "foot", "destination").IsWalkable);
    }

    [Theory]
    [InlineData("construction")] [InlineData("proposed")] [InlineData("planned")] [InlineData("abandoned")]
    [InlineData("disused")] [InlineData("razed")] [InlineData("raceway")] [InlineData("bus_guideway")] [InlineData("busway")]
    public void Unbuilt_and_non_pedestrian_ways_are_never_walkable_even_with_foot_yes(string highway)
    {
        Assert.Equal(WayAccess.No("highway=" + highway), Of("highway", highway));
        Assert.False(Of("highway", highway, "foot", "yes").IsWalkable);
    }

    [Theory]
    [InlineData("no")] [InlineData("private")] [InlineData("use_sidepath")] [InlineData("military")] [InlineData("emergency")]
    public void Foot_denials_close_any_way(string foot)
    {
        Assert.Equal(WayAccess.No("foot=" + foot), Of("highway", "residential", "foot", foot));
        Assert.Equal(WayAccess.No("foot=" + foot), Of("highway", "cycleway", "foot", foot));
    }

    [Theory]
    [InlineData("no")] [InlineData("private")] [InlineData("military")] [InlineData("emergency")]
    public void Access_denials_close_a_way_unless_foot_grants_it(string access)
    {
        Assert.Equal(WayAccess.No("access=" + access), Of("highway", "service", "access", access));
        Assert.Equal(EdgeFlags.Both, Of("highway", "service", "access", access, "foot", "yes").Flags);
        Assert.Equal(EdgeFlags.Both, Of("highway", "service", "access", access, "foot", "designated").Flags);
        Assert.Equal(EdgeFlags.Both, Of("highway", "service", "access", access, "foot", "permissive").Flags);
    }

    [Theory]
    [InlineData("destination")] [InlineData("agricultural")] [InlineData("forestry")] [InlineData("delivery")]
    [InlineData("customers")] [InlineData("yes")] [InlineData("permissive")]
    public void Vehicle_oriented_access_values_leave_pedestrians_free(string access) =>
        Assert.Equal(EdgeFlags.Both, Of("highway", "track", "access", access).Flags);

    [Fact]
    public void Vehicle_oneway_does_not_restrict_pedestrians() =>
        Assert.Equal(EdgeFlags.Both, Of("highway", "residential", "oneway", "yes").Flags);

    [Theory]
    [InlineData("yes", EdgeFlags.Forward)] [InlineData("true", EdgeFlags.Forward)] [InlineData("1", EdgeFlags.Forward)]
    [InlineData("-1", EdgeFlags.Backward)] [InlineData("reverse", EdgeFlags.Backward)] [InlineData("no", EdgeFlags.Both)]
    public void Oneway_foot_gives_one_sided_access(string value, EdgeFlags expected) =>
        Assert.Equal(expected, Of("highway", "footway", "oneway:foot", value).Flags);

    [Fact]
    public void Foot_forward_and_backward_no_close_one_direction()
    {
        Assert.Equal(EdgeFlags.Backward, Of("highway", "footway", "foot:forward", "no").Flags);
        Assert.Equal(EdgeFlags.Forward, Of("highway", "footway", "foot:backward", "no").Flags);
        Assert.Equal(WayAccess.No("no walkable direction"), Of("highway", "footway", "foot:forward", "no", "foot:backward", "no"));
    }

    [Fact]
    public void A_directional_grant_opens_only_its_direction_of_a_closed_way()
    {
        Assert.Equal(EdgeFlags.Backward, Of("highway", "residential", "foot", "no", "foot:backward", "yes").Flags);
        Assert.Equal(EdgeFlags.Forward, Of("highway", "service", "access", "private", "foot:forward", "yes").Flags);
        Assert.Equal(EdgeFlags.Forward, Of("highway", "trunk", "foot:forward", "designated").Flags);
    }

    [Theory]
    [InlineData("yes")] [InlineData("viaduct")] [InlineData("movable")] [InlineData("covered")]
    public void Bridges_are_flagged(string bridge) =>
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Bridge, Of("highway", "footway", "bridge", bridge).Flags);

    [Fact]
    public void Bridge_no_is_not_a_bridge_and_a_bridge_on_steps_keeps_both_marks()
    {
        Assert.Equal(EdgeFlags.Both, Of("highway", "footway", "bridge", "no").Flags);
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Steps | EdgeFlags.Bridge, Of("highway", "steps", "bridge", "yes").Flags);
    }

    [Fact]
    public void Pedestrian_areas_are_walkable_along_their_outline() =>
        Assert.Equal(EdgeFlags.Both, Of("highway", "pedestrian", "area", "yes").Flags);

    [Fact]
    public void A_way_without_highway_or_ferry_is_not_walkable()
    {
        Assert.False(Of("waterway", "canal").IsWalkable);
        Assert.False(Of("building", "yes", "foot", "yes").IsWalkable);
        Assert.False(PedestrianAccess.Classify(new KeyValuePair<string, string>[0]).IsWalkable);
    }

    [Fact]
    public void Ferries_with_duration_are_ferry_edges_with_that_time()
    {
        Assert.Equal(new WayAccess(EdgeFlags.Both | EdgeFlags.Ferry, 900f, null), Of("route", "ferry", "duration", "00:15"));
        var untimed = Of("route", "ferry");
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Ferry, untimed.Flags);
        Assert.True(float.IsNaN(untimed.FerrySeconds));
    }

    [Fact]
    public void Ferries_obey_foot_and_access_denials()
    {
        Assert.Equal(WayAccess.No("foot=no"), Of("route", "ferry", "duration", "10", "foot", "no"));
        Assert.Equal(WayAccess.No("access=private"), Of("route", "ferry", "access", "private"));
        Assert.True(Of("route", "ferry", "access", "no", "foot", "yes").IsFerry);
    }

    [Theory]
    [InlineData("00:15", 900f)] [InlineData("1:30", 5400f)] [InlineData("01:02:03", 3723f)] [InlineData("25", 1500f)]
    [InlineData("7.5", 450f)] [InlineData("PT1H30M", 5400f)] [InlineData("PT45M", 2700f)] [InlineData("PT90S", 90f)]
    [InlineData(" 20 ", 1200f)]
    public void Ferry_durations_parse_in_every_tagged_format(string duration, float seconds) =>
        Assert.Equal(seconds, PedestrianAccess.ParseDurationSeconds(duration));

    [Theory]
    [InlineData(null)] [InlineData("")] [InlineData("0")] [InlineData("00:00")] [InlineData("about 10 min")]
    [InlineData("1:xx")] [InlineData("P")] [InlineData("-5")] [InlineData("1:2:3:4")]
    public void Unusable_durations_are_NaN(string? duration) =>
        Assert.True(float.IsNaN(PedestrianAccess.ParseDurationSeconds(duration)));

    [Fact]
    public void Untimed_ferries_run_at_10_kmh_and_take_at_least_a_minute()
    {
        Assert.Equal(360f, PedestrianAccess.EstimateFerrySeconds(1000), 3);
        Assert.Equal(60f, PedestrianAccess.EstimateFerrySeconds(50));
    }

    [Fact]
    public void Classify_reads_OsmSharp_tags_and_key_value_pairs_alike()
    {
        var osm = new OsmSharp.Tags.TagsCollection(new OsmSharp.Tags.Tag("highway", "steps"), new OsmSharp.Tags.Tag("name", "x"));
        Assert.Equal(EdgeFlags.Both | EdgeFlags.Steps, PedestrianAccess.Classify(osm).Flags);
        var pairs = new Dictionary<string, string> { ["highway"] = "trunk", ["foot"] = "yes" };
        Assert.Equal(EdgeFlags.Both, PedestrianAccess.Classify(pairs).Flags);
    }
}
