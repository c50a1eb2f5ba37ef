using System.Diagnostics;
using System.Text;
using Coverage.Storage.PostGis;
using Coverage.Storage.Sql;
using Npgsql;

namespace Coverage.Storage.Backup;

/// <summary>
/// Backup and restore of a PostGIS store with PostgreSQL's own tools: pg_dump -Fc of Coverage's own tables (those its
/// migrations create, edit log and schema_migrations included; never another application's tables in the same schema)
/// taken in the same snapshot as the manifest's row counts, and a restore that replaces those tables, applies newer
/// migrations and logs itself in one psql transaction under the store's write lock, checking row counts before it commits.
/// </summary>
public static class PostGisBackup
{
    public const string Kind = "postgis";
    const string DataFile = "plan.dump";

    public static async Task<BackupManifest> BackupAsync(string connectionString, string backupPath, CancellationToken ct = default)
    {
        var errors = new PostGisErrors(connectionString);
        var pgDump = PgTools.Find("pg_dump");
        var dump = BackupArchive.TempBeside(backupPath) + ".dump";
        try
        {
            await using var conn = await OpenAsync(connectionString, errors, ct);
            // One snapshot for the counts and for pg_dump: the manifest describes exactly the rows dumped.
            await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            var schema = await SchemaAsync(conn, errors, ct);
            var snapshot = (string)(await new NpgsqlCommand("SELECT pg_export_snapshot()", conn, tx).ExecuteScalarAsync(ct))!;
            var counts = await CountsAsync(conn, schema, ct);
            if (!counts.ContainsKey("schema_migrations"))
                throw NoStore(errors, schema);
            var version = Convert.ToInt32(await new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {Quote(schema)}.schema_migrations", conn, tx)
                .ExecuteScalarAsync(ct));
            string[] args = ["-Fc", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", "-f", dump,
                .. counts.Keys.Select(t => $"--table={Quote(schema)}.{Quote(t)}")];
            await PgTools.RunAsync(pgDump, connectionString, args, ct);
            await tx.CommitAsync(ct);
            var manifest = new BackupManifest
            {
                Kind = Kind, SchemaVersion = version, CreatedAt = DateTimeOffset.UtcNow, RowCounts = counts, DataFile = DataFile, Schema = schema,
            };
            return BackupArchive.Write(backupPath, manifest, dump);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>
    /// Replaces Coverage's tables with the backup's, applies this program's newer migrations and logs the restore, all in
    /// one psql transaction (all or nothing) that first takes the store's write lock, so a running server's writes wait
    /// and the restore row is numbered past every one of them. Unless restoreTokens, the current planner tokens are kept.
    /// Unless safetyBackup is false, the replaced store is first backed up beside the backup file (named in the result).
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(string backupPath, string connectionString, bool force, string actor,
        CancellationToken ct = default, bool restoreTokens = false, bool safetyBackup = true)
    {
        var errors = new PostGisErrors(connectionString);
        var manifest = BackupArchive.ReadManifest(backupPath);
        BackupArchive.CheckFits(backupPath, manifest, Kind, PostGisStore.LatestSchemaVersion);
        var pgRestore = PgTools.Find("pg_restore");
        var psql = PgTools.Find("psql");
        string schema;
        bool exists;
        await using (var conn = await OpenAsync(connectionString, errors, ct))
        {
            // A schema named first in the search path but not created yet (a new database) is the target too: the prelude creates it.
            var first = new NpgsqlConnectionStringBuilder(connectionString).SearchPath?.Split(',')[0].Trim().Trim('"');
            schema = first is not null && first == manifest.Schema ? first
                : await new NpgsqlCommand("SELECT current_schema()", conn).ExecuteScalarAsync(ct) as string ?? manifest.Schema ?? "public";
            if (schema != manifest.Schema)
                throw new PlanStoreException(PlanStoreError.Conflict,
                    $"备份来自模式 {manifest.Schema}，目标规划库在模式 {schema}：{errors.Where}（请在连接字符串中设 Search Path={manifest.Schema}）",
                    $"The backup is of schema {manifest.Schema} but the target store is in schema {schema}: {errors.Where} (set Search Path={manifest.Schema} in the connection string)");
            var counts = await CountsAsync(conn, schema, ct);
            BackupArchive.CheckMayReplace(errors.Where, counts, force);
            exists = counts.ContainsKey("schema_migrations");
        }
        var work = Directory.CreateTempSubdirectory("coverage-restore-");
        try
        {
            var dump = Path.Combine(work.FullName, DataFile);
            BackupArchive.ExtractData(backupPath, manifest, dump);
            // Only the dump's table entries: the schema itself is created (if missing) by the prelude, as is PostGIS.
            var list = Path.Combine(work.FullName, "toc.list");
            var toc = await PgTools.RunAsync(pgRestore, null, ["-l", dump], ct);
            await File.WriteAllLinesAsync(list, toc.Split('\n').Where(l => !l.Contains(" SCHEMA - ", StringComparison.Ordinal)), ct);
            var script = Path.Combine(work.FullName, "restore.sql");
            await PgTools.RunAsync(pgRestore, null, ["--no-owner", "--no-privileges", "-L", list, "-f", script, dump], ct);
            // Before the swap, not inside it: writes in the moment between the two are in neither (see docs/backup.md).
            var safety = safetyBackup && exists
                ? BackupArchive.SafetyBackupPath(backupPath, $"{new NpgsqlConnectionStringBuilder(connectionString).Database}-{schema}") : null;
            if (safety is not null) await BackupAsync(connectionString, safety, ct);
            var files = new List<string>();
            async Task<string> Write(string name, string sql)
            {
                var path = Path.Combine(work.FullName, name);
                await File.WriteAllTextAsync(path, sql, ct);
                files.Add(path);
                return path;
            }
            await Write("prelude.sql", Prelude(schema, restoreTokens));
            files.Add(script);
            await Write("check.sql", CountCheck(schema, manifest));
            foreach (var m in SqlMigration.Load("postgis/").Where(m => m.Version > manifest.SchemaVersion))
                await Write($"migration-{m.Version}.sql",
                    m.Sql + $"\n;\nINSERT INTO {Quote(schema)}.schema_migrations (version, name) VALUES ({m.Version}, {Literal(m.Name)});\n");
            await Write("epilogue.sql", Epilogue(schema, restoreTokens));
            await PgTools.RunAsync(psql, connectionString,
                ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-v", $"actor={actor}", "-v", $"backup={Path.GetFileName(backupPath)}",
                 "-v", $"manifest={PlanJson.Serialize(manifest)}", .. files.SelectMany(f => new[] { "-f", f })], ct);
            return new RestoreResult(manifest, safety);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Takes the store's write lock (the key PostGisStore's writes take), then remembers the last edit-log id and the
    /// current planner tokens, and drops Coverage's own tables only (never PostGIS's or another application's: no
    /// CASCADE, so a foreign view on them stops the restore instead of vanishing). PostGIS is created in a new database.
    /// </summary>
    static string Prelude(string schema, bool restoreTokens)
    {
        var s = Quote(schema);
        var keepTokens = restoreTokens ? "" : $"""
            DO $$ BEGIN
              IF to_regclass('{s}.planner_tokens') IS NOT NULL THEN
                CREATE TEMP TABLE coverage_restore_tokens ON COMMIT DROP AS SELECT * FROM {s}.planner_tokens;
              END IF;
            END $$;

            """;
        return $"""
            SELECT current_setting('search_path') AS coverage_search_path \gset
            CREATE EXTENSION IF NOT EXISTS postgis;
            CREATE SCHEMA IF NOT EXISTS {s};
            SELECT pg_advisory_xact_lock(hashtext('coverage-writes:' || {Literal(schema)}));
            CREATE TEMP TABLE coverage_restore_mark (m bigint) ON COMMIT DROP;
            DO $$ BEGIN
              IF to_regclass('{s}.edit_log') IS NOT NULL THEN
                INSERT INTO pg_temp.coverage_restore_mark SELECT COALESCE(MAX(id), 0) FROM {s}.edit_log;
              END IF;
            END $$;

            """ + keepTokens + $"""
            DROP TABLE IF EXISTS {string.Join(", ", OwnTables.Select(t => $"{s}.{Quote(t)}"))};

            """;
    }

    /// <summary>Checks every table's rows against the manifest (an exception rolls the whole restore back), then restores the search path the dump cleared.</summary>
    static string CountCheck(string schema, BackupManifest manifest)
    {
        var sql = new StringBuilder("DO $$ DECLARE n bigint; BEGIN\n");
        foreach (var (table, expected) in manifest.RowCounts)
            sql.Append($"  SELECT COUNT(*) INTO n FROM {Quote(schema)}.{Quote(table)};\n")
               .Append($"  IF n <> {expected} THEN RAISE EXCEPTION 'table {table.Replace("'", "''")} has % rows, the manifest says {expected}', n; END IF;\n");
        sql.Append("END $$;\n");
        sql.Append("SELECT set_config('search_path', :'coverage_search_path', false);\n");
        return sql.ToString();
    }

    /// <summary>Puts the kept planner tokens back, then logs the restore past every id the replaced log had.</summary>
    static string Epilogue(string schema, bool restoreTokens)
    {
        var s = Quote(schema);
        var tokens = restoreTokens ? "" : $"""
            DELETE FROM {s}.planner_tokens;
            DO $$ BEGIN
              IF to_regclass('pg_temp.coverage_restore_tokens') IS NOT NULL THEN
                INSERT INTO {s}.planner_tokens SELECT * FROM pg_temp.coverage_restore_tokens;
              END IF;
            END $$;

            """;
        return tokens + $"""
            INSERT INTO {s}.edit_log (id, at, actor, action, entity, entity_id, before, after) OVERRIDING SYSTEM VALUE
              SELECT GREATEST((SELECT COALESCE(MAX(m), 0) FROM pg_temp.coverage_restore_mark), (SELECT COALESCE(MAX(id), 0) FROM {s}.edit_log)) + 1,
                     date_trunc('milliseconds', now()), :'actor', '{RestoreLog.Action}', '{RestoreLog.Entity}', :'backup', NULL, (:'manifest')::jsonb;
            SELECT setval(pg_get_serial_sequence('{s}.edit_log', 'id'), (SELECT MAX(id) FROM {s}.edit_log));

            """;
    }

    /// <summary>
    /// Coverage's own tables: those its PostGIS migrations create, and schema_migrations. Only these are backed up,
    /// counted and replaced; anything else in the schema belongs to someone else.
    /// </summary>
    internal static readonly IReadOnlyList<string> OwnTables = SqlMigration.Load("postgis/")
        .SelectMany(m => System.Text.RegularExpressions.Regex.Matches(m.Sql, @"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase).Select(x => x.Groups[1].Value.ToLowerInvariant()))
        .Append("schema_migrations").Distinct().ToList();

    static async Task<NpgsqlConnection> OpenAsync(string connectionString, PostGisErrors errors, CancellationToken ct)
    {
        try
        {
            var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync(ct);
            return conn;
        }
        catch (Exception e) when (errors.Translate(e) is { } pe)
        {
            throw pe;
        }
    }

    static async Task<string> SchemaAsync(NpgsqlConnection conn, PostGisErrors errors, CancellationToken ct) =>
        await new NpgsqlCommand("SELECT current_schema()", conn).ExecuteScalarAsync(ct) as string ?? throw NoStore(errors, "(none)");

    /// <summary>Rows per table of Coverage's own tables in the schema (PostGIS's and other applications' aside).</summary>
    static async Task<Dictionary<string, long>> CountsAsync(NpgsqlConnection conn, string schema, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @s AND c.relkind IN ('r', 'p') " +
            "AND c.relname = ANY(@own) ORDER BY c.relname", conn))
        {
            cmd.Parameters.AddWithValue("s", schema);
            cmd.Parameters.AddWithValue("own", OwnTables.ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) tables.Add(r.GetString(0));
        }
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tables)
            counts[t] = Convert.ToInt64(await new NpgsqlCommand($"SELECT COUNT(*) FROM {Quote(schema)}.{Quote(t)}", conn).ExecuteScalarAsync(ct));
        return counts;
    }

    static PlanStoreException NoStore(PostGisErrors errors, string schema) =>
        new(PlanStoreError.NotFound, $"模式 {schema} 中没有 Coverage 规划库：{errors.Where}（请检查连接字符串的 Search Path）",
            $"No Coverage store in schema {schema}: {errors.Where} (check the connection string's Search Path)");

    static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    static string Literal(string text) => "'" + text.Replace("'", "''") + "'";
}

/// <summary>PostgreSQL's client programs (pg_dump, pg_restore, psql): found in /usr/lib/postgresql/N/bin (newest first) or on PATH.</summary>
public static class PgTools
{
    public static string Find(string tool)
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", tool))
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool));
        return candidates.Concat(onPath).FirstOrDefault(File.Exists)
            ?? throw new PlanStoreException(PlanStoreError.Unavailable,
                $"找不到 PostgreSQL 工具 {tool}（在 /usr/lib/postgresql/*/bin 和 PATH 中都没有）；请安装 postgresql-client（如 apt-get install postgresql-client-15）",
                $"PostgreSQL's {tool} was not found (neither in /usr/lib/postgresql/*/bin nor on PATH); install postgresql-client (e.g. apt-get install postgresql-client-15)");
    }

    static void KillTree(Process p)
    {
        try { p.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
    }

    /// <summary>Runs the tool with libpq's environment taken from an Npgsql connection string (the password never on the command line); its stdout.</summary>
    public static async Task<string> RunAsync(string tool, string? connectionString, IReadOnlyList<string> args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (connectionString is not null)
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            psi.Environment["PGHOST"] = b.Host;
            psi.Environment["PGPORT"] = b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (b.Database is { } db) psi.Environment["PGDATABASE"] = db;
            if (b.Username is { } user) psi.Environment["PGUSER"] = user;
            if (b.Password is { } password) psi.Environment["PGPASSWORD"] = password;
            if (b.SearchPath is { } path) psi.Environment["PGOPTIONS"] = $"-c search_path={path.Replace(" ", "")}";
        }
        using var p = Process.Start(psi)!;
        // Cancelled (Ctrl+C): the tool and anything it started end too, so psql's transaction rolls back on the server.
        await using var kill = ct.Register(() => KillTree(p));
        var stdout = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = p.StandardError.ReadToEndAsync(CancellationToken.None);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            var why = (await stderr).Trim().Split('\n').FirstOrDefault(l => l.Contains("ERROR") || l.Contains("error")) ?? (await stderr).Trim();
            throw new PlanStoreException(PlanStoreError.Unavailable,
                $"{Path.GetFileName(tool)} 失败（退出码 {p.ExitCode}）：{why}；规划库未改动", $"{Path.GetFileName(tool)} failed (exit {p.ExitCode}): {why}; the store was not changed");
        }
        return await stdout;
    }
}
