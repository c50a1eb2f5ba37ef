using Coverage.Core.Domain;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>Row versions: every change adds one and names its actor; a write at a stale version changes nothing.</summary>
public abstract partial class PlanStoreContract
{
    private static async Task<PlanStoreException> StaleAsync(Func<Task> write)
    {
        var e = await Assert.ThrowsAsync<PlanStoreException>(write);
        Assert.Equal(PlanStoreError.Stale, e.Error);
        return e;
    }

    [Fact]
    public async Task Facility_versions_start_at_one_grow_per_change_and_name_the_last_actor()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "甲")], "alice");
        var v1 = (await Store.GetFacilityAsync("fac-1"))!.Stamp!;
        Assert.Equal((1L, "alice"), (v1.Version, v1.UpdatedBy));

        Assert.True(await Store.UpdateFacilityAsync(Facility("fac-1", name: "乙"), "bob", expectedVersion: 1));
        var v2 = (await Store.GetFacilityAsync("fac-1"))!.Stamp!;
        Assert.Equal((2L, "bob"), (v2.Version, v2.UpdatedBy));
        Assert.True(v2.UpdatedAt >= v1.UpdatedAt);

        // An import that changes nothing keeps the version; one that changes the row adds one.
        Assert.Equal(1, (await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "乙")], "carol")).Unchanged);
        Assert.Equal((2L, "bob"), ((await Store.GetFacilityAsync("fac-1"))!.Stamp!.Version, (await Store.GetFacilityAsync("fac-1"))!.Stamp!.UpdatedBy));
        Assert.Equal(1, (await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "丙")], "carol")).Updated);
        var v3 = (await Store.QueryFacilitiesAsync(new FacilityQuery())).Single().Stamp!;
        Assert.Equal((3L, "carol"), (v3.Version, v3.UpdatedBy));
    }

    [Fact]
    public async Task A_stale_facility_update_fails_naming_who_changed_it_and_keeps_their_row()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "原名")], "alice");
        Assert.True(await Store.UpdateFacilityAsync(Facility("fac-1", name: "A 的名字"), "planner-a", expectedVersion: 1));

        var e = await StaleAsync(() => Store.UpdateFacilityAsync(Facility("fac-1", name: "B 的名字"), "planner-b", expectedVersion: 1));

        Assert.Equal((2L, "planner-a"), (e.Current!.Version, e.Current.UpdatedBy));
        Assert.Contains("planner-a", e.MessageZh);
        Assert.Contains("planner-a", e.MessageEn);
        Assert.Equal("A 的名字", (await Store.GetFacilityAsync("fac-1"))!.Name);
        Assert.DoesNotContain(await LogAsync(), l => l.Actor == "planner-b");
    }

    [Fact]
    public async Task A_stale_delete_fails_and_the_row_stays_a_current_one_deletes()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1")], "alice");
        await Store.UpsertSettlementsAsync([Settlement("v1", Pt(120.1, 30.9))], "alice");
        Assert.True(await Store.UpdateFacilityAsync(Facility("fac-1", name: "改过"), "bob", expectedVersion: 1));
        Assert.True(await Store.UpdateSettlementAsync(Settlement("v1", Pt(120.1, 30.9)) with { Population = 7000 }, "bob", expectedVersion: 1));

        await StaleAsync(() => Store.DeleteFacilityAsync("fac-1", "carol", expectedVersion: 1));
        await StaleAsync(() => Store.DeleteSettlementAsync("v1", "carol", expectedVersion: 1));
        Assert.NotNull(await Store.GetFacilityAsync("fac-1"));
        Assert.NotNull(await Store.GetSettlementAsync("v1"));

        Assert.True(await Store.DeleteFacilityAsync("fac-1", "carol", expectedVersion: 2));
        Assert.True(await Store.DeleteSettlementAsync("v1", "carol", expectedVersion: 2));
        Assert.Null(await Store.GetFacilityAsync("fac-1"));
        Assert.Null(await Store.GetSettlementAsync("v1"));
    }

    [Fact]
    public async Task A_stale_settlement_update_fails_and_keeps_the_other_change()
    {
        var v = Settlement("v1", Pt(120.1, 30.9));
        await Store.UpsertSettlementsAsync([v], "alice");
        Assert.True(await Store.UpdateSettlementAsync(v with { Population = 900 }, "planner-a", expectedVersion: 1));
        var e = await StaleAsync(() => Store.UpdateSettlementAsync(v with { Population = 5000 }, "planner-b", expectedVersion: 1));
        Assert.Equal("planner-a", e.Current!.UpdatedBy);
        Assert.Equal(900, (await Store.GetSettlementAsync("v1"))!.Population);
    }

    [Fact]
    public async Task Scenario_versions_grow_on_rename_and_on_each_edit_added_or_removed()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1")], "alice");
        var s = await Store.CreateScenarioAsync("方案一", null, "alice");
        Assert.Equal(1L, (await Store.GetScenarioAsync(s.Id))!.Stamp!.Version);
        var edit = await Store.AddScenarioEditAsync(s.Id, new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" }, "bob",
            expectedVersion: 1);
        Assert.Equal((2L, "bob"), ((await Store.GetScenarioAsync(s.Id))!.Stamp!.Version, (await Store.GetScenarioAsync(s.Id))!.Stamp!.UpdatedBy));
        var renamed = await Store.RenameScenarioAsync(s.Id, "方案二", "carol", expectedVersion: 2);
        Assert.Equal(3L, renamed!.Stamp!.Version);
        Assert.True(await Store.RemoveScenarioEditAsync(s.Id, edit.Id, "dave", expectedVersion: 3));
        var listed = (await Store.ListScenariosAsync()).Single();
        Assert.Equal((4L, "dave"), (listed.Stamp!.Version, listed.Stamp.UpdatedBy));
    }

    [Fact]
    public async Task Stale_scenario_writes_fail_and_change_nothing()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1")], "alice");
        var s = await Store.CreateScenarioAsync("方案一", null, "alice");
        await Store.RenameScenarioAsync(s.Id, "A 的名字", "planner-a", expectedVersion: 1);

        var e = await StaleAsync(() => Store.RenameScenarioAsync(s.Id, "B 的名字", "planner-b", expectedVersion: 1));
        Assert.Equal((2L, "planner-a"), (e.Current!.Version, e.Current.UpdatedBy));
        await StaleAsync(() => Store.AddScenarioEditAsync(s.Id, new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" },
            "planner-b", expectedVersion: 1));
        await StaleAsync(() => Store.DeleteScenarioAsync(s.Id, "planner-b", expectedVersion: 1));

        var kept = await Store.GetScenarioAsync(s.Id);
        Assert.Equal(("A 的名字", 0, 2L), (kept!.Name, kept.Edits.Count, kept.Stamp!.Version));
        Assert.True(await Store.DeleteScenarioAsync(s.Id, "planner-b", expectedVersion: 2));
        Assert.Null(await Store.GetScenarioAsync(s.Id));
    }

    [Fact]
    public async Task Of_many_concurrent_updates_at_the_same_version_exactly_one_succeeds()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "原名")], "alice");
        const int writers = 12;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            try
            {
                return await Store.UpdateFacilityAsync(Facility("fac-1", name: $"写者{i}"), $"writer-{i}", expectedVersion: 1) ? $"ok:{i}" : "missing";
            }
            catch (PlanStoreException e) when (e.Error == PlanStoreError.Stale)
            {
                return "stale";
            }
        })));

        var winners = outcomes.Where(o => o.StartsWith("ok:", StringComparison.Ordinal)).ToList();
        Assert.Single(winners);
        Assert.Equal(writers - 1, outcomes.Count(o => o == "stale"));
        var stored = (await Store.GetFacilityAsync("fac-1"))!;
        var winner = winners[0][3..];
        Assert.Equal(($"写者{winner}", 2L, $"writer-{winner}"), (stored.Name, stored.Stamp!.Version, stored.Stamp.UpdatedBy));
        Assert.Single(await LogAsync(), l => l.Action == "update");
    }

    [Fact]
    public async Task The_edit_log_cursor_is_the_newest_entry()
    {
        Assert.Equal(0, await Store.LastEditLogIdAsync());
        await Store.UpsertFacilitiesAsync([Facility("fac-1"), Facility("fac-2")], "alice");
        Assert.Equal((await LogAsync()).Max(l => l.Id), await Store.LastEditLogIdAsync());
    }
}
