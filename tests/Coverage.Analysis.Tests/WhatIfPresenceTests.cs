using Coverage.Analysis.Circles;
using Coverage.Analysis.Tests.Support;
using Coverage.Core.Domain;
using static Coverage.Analysis.Tests.Support.TestSeeds;

namespace Coverage.Analysis.Tests;

/// <summary>
/// A presence circle's what-if tests the village polygons with the what-if's own facilities: a removed shelter inside a village
/// no longer makes it present, and an added one inside makes it present (before, the plan's facilities decided both ways).
/// </summary>
public class WhatIfPresenceTests
{
    // Zero minutes: inside the village only, so no sample's walk can stand in for the shelter inside. In the hand-built village
    // only V (the rectangle x 200…1200, y -50…50) holds a shelter: B1 at (700, 30).
    static readonly CircleStandard InsideOnly = Circle("shelter-in", CircleKind.Presence, 0, "adult", "bus-shelter/shelter")
        with { AppliesTo = [SettlementKind.AdministrativeVillage] };

    static CoverageEngine Engine() => new(Village.Region(Catalog(InsideOnly)));

    [Fact]
    public void Removing_the_shelter_inside_a_village_leaves_it_without_one()
    {
        var r = Engine().WhatIf(InsideOnly.Id, [], ["B1"]);
        Assert.Equal(CoverageStatus.Covered, r.Before.Settlements.Single(s => s.Settlement.Id == "V").Status);
        var v = r.After.Settlements.Single(s => s.Settlement.Id == "V");
        Assert.Equal(CoverageStatus.Uncovered, v.Status);
        Assert.False(v.FacilityInside);
        Assert.DoesNotContain(r.After.Settlements, s => s.Status == CoverageStatus.Covered);
    }

    [Fact]
    public void An_added_shelter_inside_a_village_makes_it_present_and_is_named()
    {
        var added = Street.Facility("new-shelter", "bus-shelter", "shelter", Street.Point(300, 0));
        var r = Engine().WhatIf(InsideOnly.Id, [added], ["B1"]);
        var v = r.After.Settlements.Single(s => s.Settlement.Id == "V");
        Assert.Equal(CoverageStatus.Covered, v.Status);
        Assert.True(v.FacilityInside);
        Assert.Equal("new-shelter", v.NearestFacilityId);
        // A stop sign is not a shelter: added inside, it changes nothing.
        var sign = Street.Facility("new-sign", "bus-shelter", "stop-sign", Street.Point(300, 0));
        Assert.Equal(CoverageStatus.Uncovered, Engine().WhatIf(InsideOnly.Id, [sign], ["B1"]).After.Settlements.Single(s => s.Settlement.Id == "V").Status);
    }
}
