using Coverage.Core.Domain;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>Row versions: a row's version is the edit-log id of its last change (so it grows and is never issued twice) and
/// names its actor; a write at a stale version changes nothing.</summary>
public abstract partial class PlanStoreContract
{
    /// <summary>The oracle of a version: the id of the newest edit-log row about the entity (a scenario: its edits too).</summary>
    private async Task<long> LastLogIdAsync(string entity, string id) => (await LogAsync())
        .Where(l => l.Entity == entity && l.EntityId == id || entity == "scenario" && l.Entity == "scenario_edit" && l.EntityId.StartsWith(id + "/", StringComparison.Ordinal))
        .Max(l => l.Id);

    private static async Task<PlanStoreException> StaleAsync(Func<Task> write)
    {
        var e = await Assert.ThrowsAsync<PlanStoreException>(write);
        Assert.Equal(PlanStoreError.Stale, e.Error);
        return e;
    }

    [Fact]
    public async Task Facility_versions_are_the_log_id_of_the_last_change_grow_and_name_the_last_actor()
    {
        await Store.UpsertSettlementsAsync([Settlement("v1", Pt(120.1, 30.9))], "alice"); // log ids are shared by all rows
        var inserted = await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "甲")], "alice");
        var v1 = (await Store.GetFacilityAsync("fac-1"))!.Stamp!;
        Assert.Equal((await LastLogIdAsync("facility", "fac-1"), "alice"), (v1.Version, v1.UpdatedBy));
        Assert.Equal(v1.Version, inserted.Stamps.Single()!.Version);
        Assert.True(v1.Version > (await Store.GetSettlementAsync("v1"))!.Stamp!.Version);

        var replaced = await Store.ReplaceFacilityAsync(Facility("fac-1", name: "乙"), "bob", expectedVersion: v1.Version);
        var v2 = (await Store.GetFacilityAsync("fac-1"))!.Stamp!;
        Assert.Equal((await LastLogIdAsync("facility", "fac-1"), "bob"), (v2.Version, v2.UpdatedBy));
        Assert.Equal(v2.Version, replaced!.Stamp!.Version);
        Assert.True(v2.Version > v1.Version);
        Assert.True(v2.UpdatedAt >= v1.UpdatedAt);

        // An import that changes nothing keeps the version (and answers it); one that changes the row takes its log id.
        var unchanged = await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "乙")], "carol");
        Assert.Equal((1, v2.Version), (unchanged.Unchanged, unchanged.Stamps.Single()!.Version));
        Assert.Equal((v2.Version, "bob"), ((await Store.GetFacilityAsync("fac-1"))!.Stamp!.Version, (await Store.GetFacilityAsync("fac-1"))!.Stamp!.UpdatedBy));
        Assert.Equal(1, (await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "丙")], "carol")).Updated);
        var v3 = (await Store.QueryFacilitiesAsync(new FacilityQuery())).Single().Stamp!;
        Assert.Equal((await LastLogIdAsync("facility", "fac-1"), "carol"), (v3.Version, v3.UpdatedBy));
        Assert.True(v3.Version > v2.Version);
    }

    [Fact]
    public async Task Delete_and_re_insert_of_the_same_id_never_gives_back_an_earlier_version()
    {
        var issued = new HashSet<long>();
        for (var life = 0; life < 3; life++)
        {
            await Store.UpsertFacilitiesAsync([Facility("fac-1", name: $"第{life}次")], "alice");
            var born = (await Store.GetFacilityAsync("fac-1"))!.Stamp!.Version;
            Assert.True(issued.Add(born), $"version {born} issued again");
            Assert.True(await Store.UpdateFacilityAsync(Facility("fac-1", name: $"第{life}次改"), "bob", expectedVersion: born));
            var changed = (await Store.GetFacilityAsync("fac-1"))!.Stamp!.Version;
            Assert.True(issued.Add(changed), $"version {changed} issued again");
            Assert.True(await Store.DeleteFacilityAsync("fac-1", "bob", expectedVersion: changed));
        }
        // Undoing the last delete brings the row back at a version no earlier life had.
        var delete = (await LogAsync()).Last(l => l.Action == "delete");
        Assert.Equal(UndoStatus.Done, (await Store.UndoEditAsync(delete.Id, "carol")).Status);
        var back = (await Store.GetFacilityAsync("fac-1"))!.Stamp!.Version;
        Assert.DoesNotContain(back, issued);
        Assert.Equal(await LastLogIdAsync("facility", "fac-1"), back);
        // An ETag of an earlier life is stale, not a match.
        await StaleAsync(() => Store.UpdateFacilityAsync(Facility("fac-1", name: "旧标签"), "dave", expectedVersion: issued.Min()));
    }

    [Fact]
    public async Task After_a_restore_an_edit_never_gives_a_version_issued_before_the_restore()
    {
        var dir = Directory.CreateTempSubdirectory("coverage-restore-versions-").FullName;
        try
        {
            // The reviewer's scenario: last month's backup has X at an early version; X then changes several times.
            await Store.UpsertFacilitiesAsync([Facility("fac-x", name: "上月")], "alice");
            var s = await Store.CreateScenarioAsync("方案", null, "alice");
            var backup = Path.Combine(dir, "last-month.coverage-backup");
            await BackupStoreAsync(backup);
            var issued = new HashSet<long> { (await Store.GetFacilityAsync("fac-x"))!.Stamp!.Version, s.Stamp!.Version };
            for (var i = 0; i < 3; i++)
            {
                var now = (await Store.GetFacilityAsync("fac-x"))!.Stamp!.Version;
                issued.Add((await Store.ReplaceFacilityAsync(Facility("fac-x", name: $"本月{i}"), "planner-a", expectedVersion: now))!.Stamp!.Version);
                issued.Add((await Store.RenameScenarioAsync(s.Id, $"方案{i}", "planner-a"))!.Stamp!.Version);
            }

            await RestoreStoreAsync(backup);
            var restored = (await Store.GetFacilityAsync("fac-x"))!;
            Assert.Equal("上月", restored.Name);

            var afterB = (await Store.ReplaceFacilityAsync(Facility("fac-x", name: "B 的修改"), "planner-b", expectedVersion: restored.Stamp!.Version))!;
            Assert.DoesNotContain(afterB.Stamp!.Version, issued);
            Assert.True(afterB.Stamp.Version > issued.Max());
            var renamed = (await Store.RenameScenarioAsync(s.Id, "恢复后", "planner-b", expectedVersion: (await Store.GetScenarioAsync(s.Id))!.Stamp!.Version))!;
            Assert.DoesNotContain(renamed.Stamp!.Version, issued);
            // Planner A still holds ETags from before the restore: every one of them is stale now, B's change stays.
            foreach (var old in issued)
                await StaleAsync(() => Store.UpdateFacilityAsync(Facility("fac-x", name: "A 的旧修改"), "planner-a", expectedVersion: old));
            Assert.Equal("B 的修改", (await Store.GetFacilityAsync("fac-x"))!.Name);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_stale_facility_update_fails_naming_who_changed_it_and_keeps_their_row()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "原名")], "alice");
        var v1 = (await Store.GetFacilityAsync("fac-1"))!.Stamp!.Version;
        Assert.True(await Store.UpdateFacilityAsync(Facility("fac-1", name: "A 的名字"), "planner-a", expectedVersion: v1));

        var e = await StaleAsync(() => Store.UpdateFacilityAsync(Facility("fac-1", name: "B 的名字"), "planner-b", expectedVersion: v1));

        Assert.Equal((await LastLogIdAsync("facility", "fac-1"), "planner-a"), (e.Current!.Version, e.Current.UpdatedBy));
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
        var (f1, s1) = ((await Store.GetFacilityAsync("fac-1"))!.Stamp!.Version, (await Store.GetSettlementAsync("v1"))!.Stamp!.Version);
        Assert.True(await Store.UpdateFacilityAsync(Facility("fac-1", name: "改过"), "bob", expectedVersion: f1));
        Assert.True(await Store.UpdateSettlementAsync(Settlement("v1", Pt(120.1, 30.9)) with { Population = 7000 }, "bob", expectedVersion: s1));

        await StaleAsync(() => Store.DeleteFacilityAsync("fac-1", "carol", expectedVersion: f1));
        await StaleAsync(() => Store.DeleteSettlementAsync("v1", "carol", expectedVersion: s1));
        Assert.NotNull(await Store.GetFacilityAsync("fac-1"));
        Assert.NotNull(await Store.GetSettlementAsync("v1"));

        Assert.True(await Store.DeleteFacilityAsync("fac-1", "carol", expectedVersion: await LastLogIdAsync("facility", "fac-1")));
        Assert.True(await Store.DeleteSettlementAsync("v1", "carol", expectedVersion: await LastLogIdAsync("settlement", "v1")));
        Assert.Null(await Store.GetFacilityAsync("fac-1"));
        Assert.Null(await Store.GetSettlementAsync("v1"));
    }

    [Fact]
    public async Task A_stale_settlement_update_fails_and_keeps_the_other_change()
    {
        var v = Settlement("v1", Pt(120.1, 30.9));
        await Store.UpsertSettlementsAsync([v], "alice");
        var v1 = (await Store.GetSettlementAsync("v1"))!.Stamp!.Version;
        Assert.True(await Store.UpdateSettlementAsync(v with { Population = 900 }, "planner-a", expectedVersion: v1));
        var e = await StaleAsync(() => Store.UpdateSettlementAsync(v with { Population = 5000 }, "planner-b", expectedVersion: v1));
        Assert.Equal("planner-a", e.Current!.UpdatedBy);
        Assert.Equal(900, (await Store.GetSettlementAsync("v1"))!.Population);
    }

    [Fact]
    public async Task Scenario_versions_are_the_log_id_of_the_last_rename_or_edit_added_or_removed()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1")], "alice");
        var s = await Store.CreateScenarioAsync("方案一", null, "alice");
        var v1 = (await Store.GetScenarioAsync(s.Id))!.Stamp!.Version;
        Assert.Equal((await LastLogIdAsync("scenario", s.Id), v1), (v1, s.Stamp!.Version));
        var edit = await Store.AddScenarioEditAsync(s.Id, new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" }, "bob",
            expectedVersion: v1);
        var v2 = (await Store.GetScenarioAsync(s.Id))!.Stamp!;
        Assert.Equal((await LastLogIdAsync("scenario", s.Id), "bob"), (v2.Version, v2.UpdatedBy));
        Assert.True(v2.Version > v1);
        var renamed = await Store.RenameScenarioAsync(s.Id, "方案二", "carol", expectedVersion: v2.Version);
        Assert.Equal(await LastLogIdAsync("scenario", s.Id), renamed!.Stamp!.Version);
        Assert.Equal(renamed.Stamp.Version, (await Store.GetScenarioAsync(s.Id))!.Stamp!.Version);
        Assert.True(await Store.RemoveScenarioEditAsync(s.Id, edit.Id, "dave", expectedVersion: renamed.Stamp.Version));
        var listed = (await Store.ListScenariosAsync()).Single();
        Assert.Equal((await LastLogIdAsync("scenario", s.Id), "dave"), (listed.Stamp!.Version, listed.Stamp.UpdatedBy));
        Assert.True(listed.Stamp.Version > renamed.Stamp.Version);

        // Appending answers the scenario as the write left it: its stamp is the last edit's log id.
        var appended = await Store.AppendScenarioEditsAsync(s.Id, [new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" }],
            "erin", expectedVersion: listed.Stamp.Version);
        Assert.Equal((1, await LastLogIdAsync("scenario", s.Id), "erin"), (appended.Edits.Count, appended.Stamp!.Version, appended.Stamp.UpdatedBy));
        await StaleAsync(() => Store.AppendScenarioEditsAsync(s.Id, [new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" }],
            "erin", expectedVersion: listed.Stamp.Version));
    }

    [Fact]
    public async Task Stale_scenario_writes_fail_and_change_nothing()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1")], "alice");
        var s = await Store.CreateScenarioAsync("方案一", null, "alice");
        var v1 = s.Stamp!.Version;
        var v2 = (await Store.RenameScenarioAsync(s.Id, "A 的名字", "planner-a", expectedVersion: v1))!.Stamp!.Version;
        var logged = (await LogAsync()).Count;

        var e = await StaleAsync(() => Store.RenameScenarioAsync(s.Id, "B 的名字", "planner-b", expectedVersion: v1));
        Assert.Equal((v2, "planner-a"), (e.Current!.Version, e.Current.UpdatedBy));
        await StaleAsync(() => Store.AddScenarioEditAsync(s.Id, new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" },
            "planner-b", expectedVersion: v1));
        await StaleAsync(() => Store.DeleteScenarioAsync(s.Id, "planner-b", expectedVersion: v1));

        var kept = await Store.GetScenarioAsync(s.Id);
        Assert.Equal(("A 的名字", 0, v2), (kept!.Name, kept.Edits.Count, kept.Stamp!.Version));
        Assert.Equal(logged, (await LogAsync()).Count); // the log rows of the refused writes were taken back too
        Assert.True(await Store.DeleteScenarioAsync(s.Id, "planner-b", expectedVersion: v2));
        Assert.Null(await Store.GetScenarioAsync(s.Id));
    }

    [Fact]
    public async Task Of_many_concurrent_updates_at_the_same_version_exactly_one_succeeds()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "原名")], "alice");
        var v1 = (await Store.GetFacilityAsync("fac-1"))!.Stamp!.Version;
        const int writers = 12;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            try
            {
                return await Store.UpdateFacilityAsync(Facility("fac-1", name: $"写者{i}"), $"writer-{i}", expectedVersion: v1) ? $"ok:{i}" : "missing";
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
        Assert.Equal(($"写者{winner}", $"writer-{winner}"), (stored.Name, stored.Stamp!.UpdatedBy));
        Assert.Equal(Assert.Single(await LogAsync(), l => l.Action == "update").Id, stored.Stamp.Version);
    }

    [Fact]
    public async Task The_edit_log_cursor_is_the_newest_entry()
    {
        Assert.Equal(0, await Store.LastEditLogIdAsync());
        await Store.UpsertFacilitiesAsync([Facility("fac-1"), Facility("fac-2")], "alice");
        Assert.Equal((await LogAsync()).Max(l => l.Id), await Store.LastEditLogIdAsync());
    }
}
