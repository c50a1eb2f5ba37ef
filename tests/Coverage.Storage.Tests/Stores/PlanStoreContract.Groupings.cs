using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>
/// Saved life-circle groupings: read back field for field, versioned like scenarios, tied to the plan version (the last
/// edit-log row of a plan entity, computed here from the log itself), all or nothing when refused.
/// </summary>
public abstract partial class PlanStoreContract
{
    const string CheckJson = "{\"allMeet\":false,\"unitCount\":2,\"meeting\":1,\"units\":[{\"id\":\"LC001\",\"why\":\"荻港村 距中心超过 15 分钟\"}]}";

    static SavedGrouping Grouping(long planVersion, params GroupingUnit[] units) => new()
    {
        Name = "和孚镇 划分一", Description = "把荻港村并入东片", PlanVersion = planVersion, Units = units,
        Check = new GroupingCheck(false, units.Length, 1, CheckJson),
    };

    /// <summary>The plan version as the log says it: the newest row about a facility, settlement, circle standard or restore.</summary>
    async Task<long> PlanVersionFromLogAsync() =>
        (await LogAsync()).Where(l => l.Entity is "facility" or "settlement" or "circle_standard" or "plan").Select(l => l.Id).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task A_grouping_is_saved_read_back_replaced_and_deleted_with_its_versions_and_log()
    {
        Assert.Equal(0, await Store.PlanVersionAsync());
        await Store.UpsertSettlementsAsync([Settlement("v1", Pt(120.1, 30.9)), Settlement("v2", Pt(120.11, 30.9)), Settlement("v3", Pt(120.12, 30.9))], "alice");
        await Store.CreateScenarioAsync("不影响规划版本", null, "alice");
        var plan = await Store.PlanVersionAsync();
        Assert.Equal(await PlanVersionFromLogAsync(), plan);
        Assert.True(plan > 0 && plan < await Store.LastEditLogIdAsync());

        var first = Grouping(plan, new GroupingUnit("LC001", "v1", ["v1", "v2"]), new GroupingUnit("LC002", "v3", ["v3"]));
        var saved = await Store.SaveGroupingAsync(first, "bob");
        Assert.Equal(await Store.LastEditLogIdAsync(), saved.Stamp!.Version);
        var back = (await Store.GetGroupingAsync("和孚镇 划分一"))!;
        Assert.Equal((first.Name, first.Description, plan, CheckJson, false, 2, 1, "bob"),
            (back.Name, back.Description, back.PlanVersion, back.Check.Json, back.Check.AllMeet, back.Check.UnitCount, back.Check.Meeting, back.CreatedBy));
        Assert.Equal(["LC001:v1:v1,v2", "LC002:v3:v3"], back.Units.Select(u => $"{u.Id}:{u.CentreId}:{string.Join(",", u.Members)}"));
        Assert.Equal(saved.Stamp, back.Stamp);
        var listed = Assert.Single(await Store.ListGroupingsAsync());
        Assert.Equal((first.Name, 2, 0, saved.Stamp), (listed.Name, listed.UnitCount, listed.Units.Count, listed.Stamp));

        // Replaced at the version read: v2 moved to LC002; the creator stays, the version grows.
        var second = Grouping(plan, new GroupingUnit("LC001", "v1", ["v1"]), new GroupingUnit("LC002", "v3", ["v2", "v3"]));
        var replaced = await Store.SaveGroupingAsync(second, "carol", expectedVersion: saved.Stamp.Version);
        Assert.True(replaced.Stamp!.Version > saved.Stamp.Version);
        back = (await Store.GetGroupingAsync(first.Name))!;
        Assert.Equal(("bob", "carol", "LC002:v3:v2,v3"), (back.CreatedBy, back.Stamp!.UpdatedBy, $"{back.Units[1].Id}:{back.Units[1].CentreId}:{string.Join(",", back.Units[1].Members)}"));

        // A write based on the first version is stale, and changes nothing.
        var stale = await Assert.ThrowsAsync<PlanStoreException>(() => Store.SaveGroupingAsync(first, "dave", expectedVersion: saved.Stamp.Version));
        Assert.Equal((PlanStoreError.Stale, replaced.Stamp.Version), (stale.Error, stale.Current!.Version));
        Assert.Equal(replaced.Stamp, (await Store.GetGroupingAsync(first.Name))!.Stamp);
        Assert.Equal(PlanStoreError.Stale, (await Assert.ThrowsAsync<PlanStoreException>(() => Store.DeleteGroupingAsync(first.Name, "dave", expectedVersion: saved.Stamp.Version))).Error);
        // Create-only (version 0) over a name another planner saved meanwhile is stale too: never a silent overwrite.
        var taken = await Assert.ThrowsAsync<PlanStoreException>(() => Store.SaveGroupingAsync(first, "erin", expectedVersion: 0));
        Assert.Equal((PlanStoreError.Stale, replaced.Stamp.Version), (taken.Error, taken.Current!.Version));
        Assert.Equal(replaced.Stamp, (await Store.GetGroupingAsync(first.Name))!.Stamp);

        var log = (await LogAsync()).Where(l => l.Entity == "life_circle_grouping").ToList();
        Assert.Equal(["insert:bob", "update:carol"], log.Select(l => $"{l.Action}:{l.Actor}"));
        Assert.Contains("\"v2\"", log[1].BeforeJson);
        Assert.Equal(plan, await Store.PlanVersionAsync()); // saving a grouping does not change the plan

        Assert.True(await Store.DeleteGroupingAsync(first.Name, "erin", expectedVersion: replaced.Stamp.Version));
        Assert.Null(await Store.GetGroupingAsync(first.Name));
        Assert.Empty(await Store.ListGroupingsAsync());
        Assert.False(await Store.DeleteGroupingAsync(first.Name, "erin"));
        Assert.Equal("delete:erin", (await LogAsync()).Where(l => l.Entity == "life_circle_grouping").Select(l => $"{l.Action}:{l.Actor}").Last());
    }

    [Fact]
    public async Task A_grouping_of_another_plan_version_or_not_a_partition_with_centres_is_refused_and_nothing_is_written()
    {
        await Store.UpsertSettlementsAsync([Settlement("v1", Pt(120.1, 30.9)), Settlement("v2", Pt(120.11, 30.9))], "alice");
        var plan = await Store.PlanVersionAsync();
        var log = (await LogAsync()).Count;

        var moved = await Assert.ThrowsAsync<PlanStoreException>(() =>
            Store.SaveGroupingAsync(Grouping(plan - 1, new GroupingUnit("LC001", "v1", ["v1", "v2"])), "bob"));
        Assert.Equal(PlanStoreError.Conflict, moved.Error);
        Assert.Contains($"当前规划版本 {plan}", moved.MessageZh);
        Assert.Contains($"plan version now {plan}", moved.MessageEn);

        foreach (var bad in new[]
        {
            Grouping(plan, new GroupingUnit("LC001", "v1", ["v1", "v2"]), new GroupingUnit("LC002", "v2", ["v2"])), // v2 twice
            Grouping(plan, new GroupingUnit("LC001", "v2", ["v1"])), // centre not a member
            Grouping(plan, new GroupingUnit("LC001", "", ["v1"])), // no centre
            Grouping(plan), // no unit
        })
            Assert.Equal(PlanStoreError.InvalidRows, (await Assert.ThrowsAsync<PlanStoreException>(() => Store.SaveGroupingAsync(bad, "bob"))).Error);

        // A change of the plan moves the version on: the grouping drawn before is refused.
        await Store.SaveGroupingAsync(Grouping(plan, new GroupingUnit("LC001", "v1", ["v1", "v2"])), "bob");
        await Store.UpsertSettlementsAsync([Settlement("v3", Pt(120.12, 30.9))], "alice");
        Assert.Equal(await PlanVersionFromLogAsync(), await Store.PlanVersionAsync());
        Assert.Equal(PlanStoreError.Conflict, (await Assert.ThrowsAsync<PlanStoreException>(() =>
            Store.SaveGroupingAsync(Grouping(plan, new GroupingUnit("LC001", "v1", ["v1"]), new GroupingUnit("LC002", "v2", ["v2"])), "bob", expectedVersion: null))).Error);
        Assert.Equal(["LC001"], (await Store.GetGroupingAsync("和孚镇 划分一"))!.Units.Select(u => u.Id));
        Assert.Equal(log + 2, (await LogAsync()).Count); // the one save and the one settlement
    }
}
