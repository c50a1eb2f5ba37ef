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
}
