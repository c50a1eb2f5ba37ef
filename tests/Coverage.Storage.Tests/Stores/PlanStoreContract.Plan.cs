using Coverage.Core.Domain;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>Circle standards, scenarios, tokens, the edit log, concurrency and health.</summary>
public abstract partial class PlanStoreContract
{
    [Fact]
    public async Task Circle_standards_upsert_by_id_and_list_in_id_order()
    {
        var life = Circle("life-15") with { Kind = CircleKind.Composite, Categories = ["elderly", "culture", "clinic"], Clause = null };
        var elderly = Circle("elderly-15");
        Assert.Equal(2, (await Store.UpsertCircleStandardsAsync([life, elderly], "alice")).Inserted);
        var listed = await Store.ListCircleStandardsAsync();
        Assert.Equal(new[] { elderly, life }.Select(PlanJson.Serialize), listed.Select(PlanJson.Serialize));

        var same = await Store.UpsertCircleStandardsAsync([life, elderly], "alice");
        Assert.Equal((0, 0, 2), (same.Inserted, same.Updated, same.Unchanged));
        var changed = await Store.UpsertCircleStandardsAsync([elderly with { TargetPercent = 90 }], "bob");
        Assert.Equal(1, changed.Updated);
        Assert.Equal(90, (await Store.ListCircleStandardsAsync())[0].TargetPercent);
        Assert.True(await Store.DeleteCircleStandardAsync("life-15", "bob"));
        Assert.Equal(["elderly-15"], (await Store.ListCircleStandardsAsync()).Select(c => c.Id));
        var bad = await Assert.ThrowsAsync<PlanStoreException>(() => Store.UpsertCircleStandardsAsync([Circle("x", target: 120)], "bob"));
        Assert.Equal("targetPercent", Assert.Single(bad.Rows).Field);
        Assert.Equal(4, (await LogAsync()).Count);
    }

    [Fact]
    public async Task Scenario_holds_added_moved_and_removed_facilities_in_order()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1"), Facility("fac-2")], "alice");
        var scenario = await Store.CreateScenarioAsync("新增养老站方案", "和孚镇补点", "alice");
        var proposed = Facility("fac-new", Pt(120.3, 30.7), status: FacilityStatus.Proposed, name: "拟建养老站");

        var add = await Store.AddScenarioEditAsync(scenario.Id,
            new ScenarioEdit { Kind = ScenarioEditKind.Add, FacilityId = "fac-new", Facility = proposed, Note = "补盲" }, "alice");
        var move = await Store.AddScenarioEditAsync(scenario.Id,
            new ScenarioEdit { Kind = ScenarioEditKind.Move, FacilityId = "fac-1", Geometry = Pt(120.11, 30.91) }, "bob");
        var remove = await Store.AddScenarioEditAsync(scenario.Id,
            new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-2" }, "bob");
        var moveAdded = await Store.AddScenarioEditAsync(scenario.Id,
            new ScenarioEdit { Kind = ScenarioEditKind.Move, FacilityId = "fac-new", Geometry = Pt(120.31, 30.71) }, "bob");
        Assert.True(add.Id < move.Id && move.Id < remove.Id && remove.Id < moveAdded.Id);

        var got = (await Store.GetScenarioAsync(scenario.Id))!;
        Assert.Equal(("新增养老站方案", "和孚镇补点", "alice"), (got.Name, got.Description, got.CreatedBy));
        Assert.Equal([ScenarioEditKind.Add, ScenarioEditKind.Move, ScenarioEditKind.Remove, ScenarioEditKind.Move], got.Edits.Select(e => e.Kind));
        Assert.Equal(proposed, got.Edits[0].Facility);
        Assert.Equal("补盲", got.Edits[0].Note);
        Assert.True(Pt(120.11, 30.91).EqualsExact(got.Edits[1].Geometry));
        Assert.Equal(("fac-2", "bob"), (got.Edits[2].FacilityId, got.Edits[2].CreatedBy));

        Assert.True(await Store.RemoveScenarioEditAsync(scenario.Id, move.Id, "bob"));
        Assert.False(await Store.RemoveScenarioEditAsync(scenario.Id, move.Id, "bob"));
        Assert.Equal([add.Id, remove.Id, moveAdded.Id], (await Store.GetScenarioAsync(scenario.Id))!.Edits.Select(e => e.Id));
        Assert.Null(await Store.GetFacilityAsync("fac-new")); // the base plan is untouched

        var other = await Store.CreateScenarioAsync("对照", null, "carol");
        var listed = await Store.ListScenariosAsync();
        Assert.Equal(new[] { other.Id, scenario.Id }.Order(StringComparer.Ordinal), listed.Select(x => x.Id).Order(StringComparer.Ordinal));
        Assert.All(listed, x => Assert.Empty(x.Edits));
        Assert.True(await Store.DeleteScenarioAsync(scenario.Id, "alice"));
        Assert.Null(await Store.GetScenarioAsync(scenario.Id));
        Assert.Equal([other.Id], (await Store.ListScenariosAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task Renaming_a_scenario_keeps_its_edits_counts_them_in_the_list_and_logs_old_and_new_names()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1")], "alice");
        var scenario = await Store.CreateScenarioAsync("方案一", "补点", "alice");
        await Store.AddScenarioEditAsync(scenario.Id, new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" }, "alice");
        await Store.AddScenarioEditAsync(scenario.Id,
            new ScenarioEdit { Kind = ScenarioEditKind.Add, FacilityId = "fac-new", Facility = Facility("fac-new", Pt(120.3, 30.7)) }, "alice");

        var renamed = await Store.RenameScenarioAsync(scenario.Id, "和孚镇补点方案", "bob");
        Assert.Equal(("和孚镇补点方案", "补点", "alice", 2), (renamed!.Name, renamed.Description, renamed.CreatedBy, renamed.Edits.Count));
        var got = (await Store.GetScenarioAsync(scenario.Id))!;
        Assert.Equal(("和孚镇补点方案", 2, 2), (got.Name, got.Edits.Count, got.EditCount));
        var listed = Assert.Single(await Store.ListScenariosAsync());
        Assert.Equal(("和孚镇补点方案", 2), (listed.Name, listed.EditCount));

        var last = (await LogAsync())[^1];
        Assert.Equal(("bob", "update", "scenario", scenario.Id), (last.Actor, last.Action, last.Entity, last.EntityId));
        Assert.Equal(("方案一", "和孚镇补点方案"), (Field(last.BeforeJson, "name"), Field(last.AfterJson, "name")));

        Assert.Null(await Store.RenameScenarioAsync("scn-none", "名称", "bob"));
        var empty = await Assert.ThrowsAsync<PlanStoreException>(() => Store.RenameScenarioAsync(scenario.Id, "  ", "bob"));
        Assert.Equal(PlanStoreError.InvalidRows, empty.Error);
        Assert.Equal("和孚镇补点方案", (await Store.GetScenarioAsync(scenario.Id))!.Name);
        Assert.Equal(last.Id, (await LogAsync())[^1].Id); // refused renames write nothing
    }

    [Fact]
    public async Task A_batch_of_scenario_edits_with_one_bad_edit_stores_none_and_a_scenario_created_with_one_is_not_stored()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1"), Facility("fac-2")], "alice");
        var s = await Store.CreateScenarioAsync("方案", null, "alice");
        var logged = (await LogAsync()).Count;
        ScenarioEdit[] batch =
        [
            new() { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" },
            new() { Kind = ScenarioEditKind.Move, FacilityId = "fac-2", Geometry = Pt(120.2, 30.8) },
            new() { Kind = ScenarioEditKind.Remove, FacilityId = "fac-none" },
        ];
        await Assert.ThrowsAsync<PlanStoreException>(() => Store.AppendScenarioEditsAsync(s.Id, batch, "alice"));
        var after = (await Store.GetScenarioAsync(s.Id))!;
        Assert.Equal((0, s.Stamp!.Version), (after.Edits.Count, after.Stamp!.Version));
        Assert.Equal(logged, (await LogAsync()).Count);

        var stored = await Store.AppendScenarioEditsAsync(s.Id, batch[..2], "alice", expectedVersion: s.Stamp.Version);
        Assert.Equal((2, (await LogAsync())[^1].Id), (stored.Edits.Count, stored.Stamp!.Version));
        Assert.Equal((2, stored.Stamp.Version), ((await Store.GetScenarioAsync(s.Id))!.Edits.Count, (await Store.GetScenarioAsync(s.Id))!.Stamp!.Version));

        await Assert.ThrowsAsync<PlanStoreException>(() => Store.CreateScenarioAsync("半个方案", null, "alice", edits: batch));
        Assert.DoesNotContain(await Store.ListScenariosAsync(), x => x.Name == "半个方案");
        var made = await Store.CreateScenarioAsync("整个方案", null, "alice", edits: batch[..2]);
        Assert.Equal((2, (await LogAsync())[^1].Id), (made.Edits.Count, made.Stamp!.Version));
    }

    [Fact]
    public async Task Scenario_edits_that_name_nothing_are_refused_clearly()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1")], "alice");
        var s = await Store.CreateScenarioAsync("方案", null, "alice");
        var unknown = await Assert.ThrowsAsync<PlanStoreException>(() => Store.AddScenarioEditAsync(s.Id,
            new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-none" }, "alice"));
        Assert.Equal(PlanStoreError.NotFound, unknown.Error);
        Assert.Contains("fac-none", unknown.MessageEn);
        var clash = await Assert.ThrowsAsync<PlanStoreException>(() => Store.AddScenarioEditAsync(s.Id,
            new ScenarioEdit { Kind = ScenarioEditKind.Add, FacilityId = "fac-1", Facility = Facility("fac-1") }, "alice"));
        Assert.Equal(PlanStoreError.Conflict, clash.Error);
        var noScenario = await Assert.ThrowsAsync<PlanStoreException>(() => Store.AddScenarioEditAsync("scn-none",
            new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "fac-1" }, "alice"));
        Assert.Equal(PlanStoreError.NotFound, noScenario.Error);
        Assert.Empty((await Store.GetScenarioAsync(s.Id))!.Edits);
    }

    [Fact]
    public async Task Tokens_are_found_by_their_secret_and_only_the_sha256_hash_is_stored()
    {
        var issued = await Store.IssuePlannerTokenAsync("alice", "planner", "admin");
        var fixedOne = await Store.IssuePlannerTokenAsync("bob", "admin", "admin", secret: "correct horse battery staple");
        Assert.Equal("correct horse battery staple", fixedOne.Secret);

        var found = await Store.FindPlannerTokenAsync(issued.Secret);
        Assert.Equal(issued.Token, found);
        Assert.Equal(("alice", "planner", true), (found!.Name, found.Role, found.IsActive));
        Assert.Equal("bob", (await Store.FindPlannerTokenAsync("correct horse battery staple"))!.Name);
        Assert.Null(await Store.FindPlannerTokenAsync(issued.Secret + "x"));

        var raw = await RawTokenTextAsync();
        Assert.DoesNotContain(raw, v => v.Contains(issued.Secret) || v.Contains("correct horse"));
        Assert.Contains(PlannerTokenHash.Of(issued.Secret), raw);
        Assert.Contains(PlannerTokenHash.Of("correct horse battery staple"), raw);
        Assert.DoesNotContain(await LogAsync(), e => e.AfterJson!.Contains(PlannerTokenHash.Of(issued.Secret)));

        Assert.True(await Store.RevokePlannerTokenAsync("alice", "admin"));
        Assert.False((await Store.FindPlannerTokenAsync(issued.Secret))!.IsActive);
        Assert.False(await Store.RevokePlannerTokenAsync("nobody", "admin"));
        var dup = await Assert.ThrowsAsync<PlanStoreException>(() => Store.IssuePlannerTokenAsync("alice", "planner", "admin"));
        Assert.Equal(PlanStoreError.Conflict, dup.Error);
        Assert.Equal(["alice", "bob"], (await Store.ListPlannerTokensAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task Every_write_appends_one_edit_log_row_naming_actor_action_and_entity()
    {
        await Store.UpsertFacilitiesAsync([Facility("f1"), Facility("f2")], "alice");
        await Store.UpdateFacilityAsync(Facility("f1", name: "改"), "bob");
        await Store.DeleteFacilityAsync("f2", "carol");
        await Store.UpsertSettlementsAsync([Settlement("v1", Pt(120, 30))], "alice");
        await Store.DeleteSettlementAsync("v1", "alice");
        await Store.UpsertCircleStandardsAsync([Circle("c1")], "alice");
        var s = await Store.CreateScenarioAsync("s", null, "dave");
        var e = await Store.AddScenarioEditAsync(s.Id, new ScenarioEdit { Kind = ScenarioEditKind.Remove, FacilityId = "f1" }, "dave");
        await Store.RemoveScenarioEditAsync(s.Id, e.Id, "dave");
        await Store.DeleteScenarioAsync(s.Id, "dave");
        var t = await Store.IssuePlannerTokenAsync("erin", "planner", "root");
        await Store.RevokePlannerTokenAsync("erin", "root");

        var log = await LogAsync();
        Assert.Equal(new[]
        {
            ("alice", "insert", "facility", "f1"), ("alice", "insert", "facility", "f2"), ("bob", "update", "facility", "f1"),
            ("carol", "delete", "facility", "f2"), ("alice", "insert", "settlement", "v1"), ("alice", "delete", "settlement", "v1"),
            ("alice", "insert", "circle_standard", "c1"), ("dave", "insert", "scenario", s.Id),
            ("dave", "insert", "scenario_edit", $"{s.Id}/{e.Id}"), ("dave", "delete", "scenario_edit", $"{s.Id}/{e.Id}"),
            ("dave", "delete", "scenario", s.Id), ("root", "insert", "planner_token", t.Token.Id), ("root", "revoke", "planner_token", t.Token.Id),
        }, log.Select(x => (x.Actor, x.Action, x.Entity, x.EntityId)));
        Assert.True(log.Zip(log.Skip(1)).All(p => p.First.Id < p.Second.Id && p.First.At <= p.Second.At));
        Assert.All(log, x => Assert.InRange(x.At, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(["bob"], (await Store.ReadEditLogAsync(new EditLogQuery { Entity = "facility", EntityId = "f1", AfterId = log[0].Id }))
            .Select(x => x.Actor));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteFacilityAsync("f1", ""));
    }

    [Fact]
    public async Task Concurrent_writers_do_not_lose_or_duplicate_rows()
    {
        await Store.UpsertFacilitiesAsync([Facility("shared", name: "start")], "setup");
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
                await Store.UpsertFacilitiesAsync([Facility($"w{w}-{i}")], $"writer-{w}");
            await Store.UpdateFacilityAsync(Facility("shared", name: $"writer-{w}"), $"writer-{w}");
            // Everyone imports the same source row at once: exactly one row may result.
            await Store.UpsertFacilitiesAsync([Facility($"dup-{w}", Pt(120, 30), name: "同一行", source: "same.csv", sourceId: "42")], $"writer-{w}");
        })).ToArray();
        await Task.WhenAll(writers);

        var rows = await Store.QueryFacilitiesAsync(new FacilityQuery());
        Assert.Equal(1 + 6 * 8 + 1, rows.Count);
        Assert.Single(rows, f => f.SourceId == "42");
        Assert.Matches("^writer-[0-5]$", rows.Single(f => f.Id == "shared").Name);
        var log = await LogAsync();
        Assert.Equal(1 + 6 * 8 + 1, log.Count(x => x.Action == "insert"));
        Assert.Equal(6, log.Count(x => x.Action == "update" && x.EntityId == "shared"));
        Assert.Equal(log.Count, log.Select(x => x.Id).Distinct().Count());
    }

    [Fact]
    public async Task Ping_reports_kind_version_and_exact_row_counts()
    {
        await Store.UpsertFacilitiesAsync([Facility("f1"), Facility("f2")], "alice");
        await Store.UpsertSettlementsAsync([Settlement("v1", Pt(120, 30))], "alice");
        await Store.IssuePlannerTokenAsync("alice", "planner", "admin");
        var health = await Store.PingAsync();
        Assert.True(health.Ok, health.Error);
        Assert.Null(health.Error);
        Assert.False(string.IsNullOrEmpty(health.Version));
        Assert.Equal(4, health.SchemaVersion);
        Assert.Equal(new Dictionary<string, long>
        {
            ["facilities"] = 2, ["settlements"] = 1, ["circle_standards"] = 0, ["scenarios"] = 0, ["scenario_edits"] = 0,
            ["edit_log"] = 4, ["planner_tokens"] = 1,
        }, health.Counts);
    }
}
