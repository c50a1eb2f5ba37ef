using System.CommandLine;
using Coverage.Server.Region;
using Coverage.Storage;
using Coverage.Storage.Backup;

namespace Coverage.Server.Cli;

/// <summary>
/// `coverage backup FILE` and `coverage restore FILE`: the whole plan store (every table, edit log included) to one file
/// and back. GeoPackage: SQLite's online backup, safe while the server writes. PostGIS: pg_dump / pg_restore in one transaction.
/// </summary>
public static class BackupCommands
{
    public static Command CreateBackup()
    {
        var file = new Argument<string>("file") { Description = "备份文件（如 plan-2026-11-30.coverage-backup）/ Backup file to write (replaced atomically)" };
        var store = CliStore.StoreOption();
        var region = CliStore.RegionOption();
        var cmd = new Command("backup", "备份规划库（所有表，含修改日志；服务运行时也可）/ Back up the plan store (every table, edit log included; safe while the server runs)")
            { file, store, region };
        cmd.SetAction(async (parse, ct) =>
        {
            var location = CliStore.Locate(parse.GetValue(store), parse.GetValue(region));
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var manifest = location.Kind == StoreLocation.PostGis
                ? await PostGisBackup.BackupAsync(location.Target, path, ct)
                : await GeoPackageBackup.BackupAsync(location.Target, path, ct);
            Console.WriteLine($"已备份 Backed up {location} → {path} ({Describe(manifest)})");
            return 0;
        });
        return cmd;
    }

    public static Command CreateRestore()
    {
        var file = new Argument<string>("file") { Description = "coverage backup 写出的备份文件 / A file written by coverage backup" };
        var force = new Option<bool>("--force") { Description = "替换非空的规划库 / Replace a store that already holds a plan" };
        var restoreTokens = new Option<bool>("--restore-tokens")
            { Description = "同时恢复备份中的规划员令牌（默认保留当前令牌）/ Also restore the backup's planner tokens (default: keep the current ones)" };
        var noSafety = new Option<bool>("--no-safety-backup")
            { Description = "不在恢复前自动备份被替换的规划库 / Do not back up the replaced store before restoring" };
        var store = CliStore.StoreOption();
        var region = CliStore.RegionOption();
        var cmd = new Command("restore", "从备份恢复规划库（全部或不变；运行中的服务会自动读取恢复后的数据）/ " +
            "Restore the plan store from a backup (all or nothing; a running server picks the restored plan up)") { file, force, restoreTokens, noSafety, store, region };
        cmd.SetAction(async (parse, ct) =>
        {
            var location = CliStore.Locate(parse.GetValue(store), parse.GetValue(region));
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var (tokens, safety) = (parse.GetValue(restoreTokens), !parse.GetValue(noSafety));
            var result = location.Kind == StoreLocation.PostGis
                ? await PostGisBackup.RestoreAsync(path, location.Target, parse.GetValue(force), CliStore.DefaultActor, ct, tokens, safety)
                : await GeoPackageBackup.RestoreAsync(path, location.Target, parse.GetValue(force), CliStore.DefaultActor, ct, tokens, safety);
            var manifest = result.Manifest;
            Console.WriteLine($"已恢复 Restored {location} from {path} ({Describe(manifest)}, backed up {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC)");
            Console.WriteLine(tokens ? "规划员令牌：已用备份中的替换 Planner tokens: replaced by the backup's"
                : "规划员令牌：保留当前的 Planner tokens: the current ones were kept");
            if (result.SafetyBackup is { } kept)
                Console.WriteLine($"被替换的规划库已备份到 The replaced store was backed up to {kept}");
            return 0;
        });
        return cmd;
    }

    static string Describe(BackupManifest m) =>
        $"{m.Kind}, schema {m.SchemaVersion}, " + string.Join(", ", BackupArchive.PlanTables.Append("edit_log")
            .Select(t => $"{t} {m.RowCounts.GetValueOrDefault(t)}"));
}
