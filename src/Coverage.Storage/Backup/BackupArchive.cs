using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Coverage.Storage.Backup;

/// <summary>
/// What a backup says about itself: which store it came from, its schema version and row counts, and the SHA-256 of
/// its data, so a restore can refuse the wrong kind, a newer schema, or a damaged copy before touching anything.
/// </summary>
public sealed record BackupManifest
{
    public const string FormatName = "coverage-backup";
    public string Format { get; init; } = FormatName;
    public int FormatVersion { get; init; } = 1;
    /// <summary>"geopackage" or "postgis".</summary>
    public required string Kind { get; init; }
    /// <summary>The last schema migration applied in the backed-up store.</summary>
    public required int SchemaVersion { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Rows per table at the moment of the backup (every table, whatever migrations exist).</summary>
    public required IReadOnlyDictionary<string, long> RowCounts { get; init; }
    /// <summary>The data entry's name inside the archive.</summary>
    public required string DataFile { get; init; }
    public string Sha256 { get; init; } = "";
    /// <summary>PostGIS only: the schema the tables live in.</summary>
    public string? Schema { get; init; }
}

/// <summary>
/// A backup file: a zip with manifest.json and one data entry (a GeoPackage copy or a pg_dump custom-format file).
/// Written under a temporary name and renamed, so a failed backup never leaves a file that looks whole.
/// </summary>
public static class BackupArchive
{
    const string ManifestEntry = "manifest.json";

    /// <summary>Writes manifest and data to path (replacing it atomically); returns the manifest with the data's SHA-256.</summary>
    public static BackupManifest Write(string path, BackupManifest manifest, string dataPath)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new PlanStoreException(PlanStoreError.NotFound, $"备份文件夹不存在：{folder}（请先创建）", $"Backup folder does not exist: {folder} (create it first)");
        var withHash = manifest with { Sha256 = HashFile(dataPath) };
        var temp = TempBeside(full);
        try
        {
            using (var zip = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(dataPath, manifest.DataFile, CompressionLevel.Fastest);
                using var w = zip.CreateEntry(ManifestEntry).Open();
                JsonSerializer.Serialize(w, withHash, PlanJson.Options);
            }
            File.Move(temp, full, overwrite: true);
            return withHash;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The manifest of a backup file; a clear PlanStoreException when the file is missing, truncated or not a backup.</summary>
    public static BackupManifest ReadManifest(string path)
    {
        using var zip = OpenZip(path);
        var entry = zip.GetEntry(ManifestEntry) ?? throw NotABackup(path, "缺少 manifest.json", "manifest.json is missing");
        BackupManifest? manifest;
        try
        {
            using var s = entry.Open();
            manifest = JsonSerializer.Deserialize<BackupManifest>(s, PlanJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException)
        {
            throw NotABackup(path, "manifest.json 已损坏", "manifest.json is damaged");
        }
        if (manifest is null || manifest.Format != BackupManifest.FormatName || zip.GetEntry(manifest.DataFile) is null)
            throw NotABackup(path, "清单不完整", "its manifest is incomplete");
        return manifest;
    }

    /// <summary>Extracts the data entry to dest and checks it against the manifest's SHA-256.</summary>
    public static void ExtractData(string path, BackupManifest manifest, string dest)
    {
        try
        {
            using (var zip = OpenZip(path))
                zip.GetEntry(manifest.DataFile)!.ExtractToFile(dest, overwrite: true);
        }
        catch (InvalidDataException)
        {
            throw Damaged(path, "数据无法解压", "its data cannot be decompressed");
        }
        if (!string.Equals(HashFile(dest), manifest.Sha256, StringComparison.OrdinalIgnoreCase))
            throw Damaged(path, "SHA-256 校验不符", "its SHA-256 does not match the manifest");
    }

    /// <summary>Checks kind and schema version against the store about to be replaced.</summary>
    public static void CheckFits(string path, BackupManifest manifest, string kind, int latestSchemaVersion)
    {
        if (manifest.Kind != kind)
            throw new PlanStoreException(PlanStoreError.Conflict,
                $"备份来自 {KindZh(manifest.Kind)}，不能恢复到 {KindZh(kind)}：{path}（请选择同类存储的备份，或用 coverage export/import 迁移数据）",
                $"The backup is of a {manifest.Kind} store and cannot be restored into a {kind} store: {path} (pick a backup of the same kind, or move data with coverage export/import)");
        if (manifest.SchemaVersion > latestSchemaVersion)
            throw new PlanStoreException(PlanStoreError.Conflict,
                $"备份的数据库结构版本 {manifest.SchemaVersion} 比本程序支持的 {latestSchemaVersion} 新：{path}（请先升级 Coverage）",
                $"The backup's schema version {manifest.SchemaVersion} is newer than this program's {latestSchemaVersion}: {path} (upgrade Coverage first)");
    }

    /// <summary>Refuses to replace a store that holds a plan unless the user said --force.</summary>
    public static void CheckMayReplace(string where, IReadOnlyDictionary<string, long> counts, bool force)
    {
        var held = PlanTables.Where(t => counts.GetValueOrDefault(t) > 0).Select(t => $"{t} {counts[t]}").ToList();
        if (held.Count == 0 || force) return;
        throw new PlanStoreException(PlanStoreError.Conflict,
            $"目标规划库不是空的（{string.Join("，", held)}）：{where}；确认要用备份替换它时请加 --force",
            $"The target store is not empty ({string.Join(", ", held)}): {where}; add --force to replace it with the backup");
    }

    /// <summary>
    /// The tables whose rows are a planner's work: a store with any of them is not empty. A store of an older schema may
    /// lack some (saved groupings came with schema 4): count only those it has.
    /// </summary>
    public static readonly string[] PlanTables = ["facilities", "settlements", "scenarios", "life_circle_groupings"];

    /// <summary>A temporary file name in the same folder as path, so the final rename stays on one file system.</summary>
    public static string TempBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    /// <summary>
    /// Where a restore's automatic backup of the store it replaces goes: in besideFile's folder, named after the store
    /// and the time of the restore (UTC), e.g. plan.before-restore-20261130-081500-123.coverage-backup.
    /// </summary>
    public static string SafetyBackupPath(string besideFile, string storeName) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(besideFile))!,
            $"{storeName}.before-restore-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}.coverage-backup");

    static ZipArchive OpenZip(string path)
    {
        if (!File.Exists(path))
            throw new PlanStoreException(PlanStoreError.NotFound, $"备份文件不存在：{path}", $"Backup file not found: {path}");
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw NotABackup(path, "文件不完整或不是 zip", "the file is truncated or not a zip");
        }
    }

    static string HashFile(string path)
    {
        using var f = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(f));
    }

    static string KindZh(string kind) => kind == "postgis" ? "PostGIS" : kind == "geopackage" ? "GeoPackage" : kind;

    static PlanStoreException NotABackup(string path, string whyZh, string whyEn) =>
        new(PlanStoreError.Corrupt, $"不是完整的 Coverage 备份（{whyZh}）：{path}（请换一个备份文件）",
            $"Not a complete Coverage backup ({whyEn}): {path} (choose another backup file)");

    static PlanStoreException Damaged(string path, string whyZh, string whyEn) =>
        new(PlanStoreError.Corrupt, $"备份文件已损坏（{whyZh}）：{path}；规划库未改动，请换一个备份",
            $"The backup file is damaged ({whyEn}): {path}; the store was not changed, choose another backup");
}
