using Coverage.Storage.Backup;
using Coverage.Storage.GeoPackage;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>A GeoPackage backup taken while another task writes is one committed state of the store.</summary>
public sealed class GeoPackageBackupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("coverage-backup-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// The oracle is the copy's own edit log: every facility write is logged in its transaction, so in a consistent copy the
    /// facilities table holds exactly the logged inserts minus the logged deletes; a torn copy breaks that or the row counts.
    /// </summary>
    [Fact]
    public async Task Backups_taken_while_a_writer_inserts_and_deletes_are_each_a_consistent_state()
    {
        var storePath = Path.Combine(_dir, "plan.gpkg");
        await using var store = await GeoPackageStore.OpenAsync(storePath);
        var writes = 0;
        var backupsDone = new TaskCompletionSource();
        var startBackups = new TaskCompletionSource();
        var writer = Task.Run(async () =>
        {
            // Bounded: at most 2000 writes, and it stops 10 writes after the backups are done.
            for (int i = 0, after = 0; i < 2000 && after < 10; i++)
            {
                await store.UpsertFacilitiesAsync([Facility($"f{i}", 120.1 + i % 50 * 0.001, 30.9)], "writer");
                if (i % 3 == 2) await store.DeleteFacilityAsync($"f{i - 2}", "writer");
                if (++writes == 20) startBackups.TrySetResult();
                if (backupsDone.Task.IsCompleted) after++;
            }
            startBackups.TrySetResult();
        });

        await startBackups.Task;
        var backups = new List<(string Path, BackupManifest Manifest)>();
        for (var b = 0; b < 3; b++)
        {
            var path = Path.Combine(_dir, $"b{b}.coverage-backup");
            backups.Add((path, await GeoPackageBackup.BackupAsync(storePath, path)));
        }
        backupsDone.SetResult();
        await writer;
        var finalLog = (await store.ReadEditLogAsync(new EditLogQuery { Limit = 1_000_000 })).Count;

        foreach (var (path, manifest) in backups)
        {
            var copy = Path.Combine(_dir, Path.GetFileNameWithoutExtension(path) + ".gpkg");
            BackupArchive.ExtractData(path, BackupArchive.ReadManifest(path), copy);
            await using var restored = await GeoPackageStore.OpenAsync(copy, readOnly: true);
            var facilities = await restored.QueryFacilitiesAsync(new FacilityQuery());
            var log = await restored.ReadEditLogAsync(new EditLogQuery { Entity = "facility", Limit = 1_000_000 });
            Assert.Equal(log.Count(l => l.Action == "insert") - log.Count(l => l.Action == "delete"), facilities.Count);
            Assert.Equal(facilities.Count, manifest.RowCounts["facilities"]);
            Assert.Equal(log.Count, manifest.RowCounts["edit_log"]);
            // Taken mid-run: after the writer's first 20 writes and before its last 10.
            Assert.InRange(log.Count, 20, finalLog - 10);
            Assert.Equal("ok", (await restored.PingAsync()).Ok ? "ok" : "ping failed");
        }
    }

    /// <summary>
    /// A saved life-circle grouping is a planner's work too: a store that holds only a grouping (its villages deleted since)
    /// is not empty, so a restore without --force is refused, names the table, and leaves the grouping where it was.
    /// </summary>
    [Fact]
    public async Task A_store_holding_only_a_saved_grouping_is_not_replaced_without_force()
    {
        var storePath = Path.Combine(_dir, "plan.gpkg");
        var backup = Path.Combine(_dir, "empty.coverage-backup");
        await using (var empty = await GeoPackageStore.OpenAsync(storePath)) { }
        await GeoPackageBackup.BackupAsync(storePath, backup);
        await using (var store = await GeoPackageStore.OpenAsync(storePath))
        {
            await store.UpsertSettlementsAsync([Settlement("v1", Pt(120.1, 30.9)), Settlement("v2", Pt(120.11, 30.9))], "alice");
            await store.SaveGroupingAsync(new SavedGrouping
            {
                Name = "划分一", PlanVersion = await store.PlanVersionAsync(), Units = [new GroupingUnit("LC001", "v1", ["v1", "v2"])],
                Check = new GroupingCheck(true, 1, 1, "{}"),
            }, "alice");
            await store.DeleteSettlementAsync("v1", "alice");
            await store.DeleteSettlementAsync("v2", "alice");
        }

        var refused = await Assert.ThrowsAsync<PlanStoreException>(() => GeoPackageBackup.RestoreAsync(backup, storePath, force: false, actor: "test"));
        Assert.Equal(PlanStoreError.Conflict, refused.Error);
        Assert.Contains("life_circle_groupings 1", refused.MessageEn);
        await using var after = await GeoPackageStore.OpenAsync(storePath, readOnly: true);
        Assert.Equal("划分一", Assert.Single(await after.ListGroupingsAsync()).Name);
    }

    /// <summary>
    /// A restore while another task keeps writing through an open store (as a server does): every write that was
    /// acknowledged is either in the automatic backup of the replaced store (it came before the restore) or in the
    /// restored store (it came after), never lost in between; the restore's log row is numbered past every id the
    /// replaced store had; and the planner tokens are the live ones (a token revoked after the backup stays revoked).
    /// </summary>
    [Fact]
    public async Task A_restore_under_a_writer_loses_no_acknowledged_write_and_keeps_the_current_tokens()
    {
        var storePath = Path.Combine(_dir, "plan.gpkg");
        await using var store = await GeoPackageStore.OpenAsync(storePath);
        await store.UpsertFacilitiesAsync(Enumerable.Range(0, 5).Select(i => Facility($"b{i}", 120.1 + i * 0.001, 30.9)).ToList(), "before");
        await store.IssuePlannerTokenAsync("alice", "planner", "admin");
        var backup = Path.Combine(_dir, "plan.coverage-backup");
        await GeoPackageBackup.BackupAsync(storePath, backup);
        await store.RevokePlannerTokenAsync("alice", "admin");
        await store.IssuePlannerTokenAsync("bob", "planner", "admin");

        var acknowledged = new List<string>();
        var restored = new TaskCompletionSource();
        var startRestore = new TaskCompletionSource();
        var writer = Task.Run(async () =>
        {
            // Writes until ten have started after the restore ended, however long the restore takes (a count of writes as
            // the bound made the test depend on the machine's speed: on an idle machine 5,000 writes outran the restore).
            for (int i = 0, later = 0; later < 10; i++)
            {
                await store.UpsertFacilitiesAsync([Facility($"w{i}", 120.2 + i % 50 * 0.001, 30.9)], "writer");
                lock (acknowledged) acknowledged.Add($"w{i}");
                if (i == 10) startRestore.TrySetResult();
                if (restored.Task.IsCompleted) later++;
            }
            startRestore.TrySetResult();
        });
        await startRestore.Task;
        RestoreResult result;
        try { result = await GeoPackageBackup.RestoreAsync(backup, storePath, force: true, actor: "test"); }
        finally { restored.TrySetResult(); } // the writer stops even when the restore throws
        await writer;

        Assert.NotNull(result.SafetyBackup);
        var safetyCopy = Path.Combine(_dir, "safety.gpkg");
        BackupArchive.ExtractData(result.SafetyBackup!, BackupArchive.ReadManifest(result.SafetyBackup!), safetyCopy);
        await using var replaced = await GeoPackageStore.OpenAsync(safetyCopy, readOnly: true);
        var before = (await replaced.QueryFacilitiesAsync(new FacilityQuery())).Select(f => f.Id).ToHashSet();
        var replacedLog = await replaced.ReadEditLogAsync(new EditLogQuery { Limit = 1_000_000 });
        await using var reopened = await GeoPackageStore.OpenAsync(storePath, readOnly: true);
        var now = (await reopened.QueryFacilitiesAsync(new FacilityQuery())).Select(f => f.Id).ToHashSet();
        var log = await reopened.ReadEditLogAsync(new EditLogQuery { Limit = 1_000_000 });

        Assert.All(acknowledged, id => Assert.True(before.Contains(id) || now.Contains(id), $"acknowledged write {id} was lost"));
        Assert.Subset(now, Enumerable.Range(0, 5).Select(i => $"b{i}").ToHashSet());
        Assert.True(now.Count(id => id.StartsWith('w')) >= 10, "the writes after the restore are in the restored store");
        Assert.DoesNotContain(now, id => id.StartsWith('w') && before.Contains(id)); // the restore replaced everything before it
        var restoreRow = Assert.Single(log, l => l.Action == RestoreLog.Action);
        Assert.True(restoreRow.Id > replacedLog.Max(l => l.Id), $"restore row {restoreRow.Id} must pass the replaced log's {replacedLog.Max(l => l.Id)}");
        var tokens = (await reopened.ListPlannerTokensAsync()).ToDictionary(t => t.Name);
        Assert.False(tokens["alice"].IsActive); // revoked after the backup: stays revoked
        Assert.True(tokens["bob"].IsActive);    // issued after the backup: kept
    }
}
