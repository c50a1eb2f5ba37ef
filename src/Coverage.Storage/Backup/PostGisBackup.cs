using System.Diagnostics;
using System.Text;
using Coverage.Storage.PostGis;
using Npgsql;

namespace Coverage.Storage.Backup;

/// <summary>
/// Backup and restore of a PostGIS store with PostgreSQL's own tools: pg_dump -Fc of the store's schema (every table in it,
/// edit log and schema_migrations included) taken in the same snapshot as the manifest's row counts, and a restore that
/// replaces the schema's tables in one psql transaction, checking the row counts before it commits.
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
            await PgTools.RunAsync(pgDump, connectionString,
                ["-Fc", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--schema={schema}", "-f", dump], ct);
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
    /// Replaces the store's tables with the backup's in one transaction (all or nothing), then applies this program's
    /// newer migrations. The restore adds an edit-log row numbered past the replaced log, so running servers rebuild.
    /// </summary>
    public static async Task<BackupManifest> RestoreAsync(string backupPath, string connectionString, bool force, string actor,
        CancellationToken ct = default)
    {
        var errors = new PostGisErrors(connectionString);
        var manifest = BackupArchive.ReadManifest(backupPath);
        BackupArchive.CheckFits(backupPath, manifest, Kind, PostGisStore.LatestSchemaVersion);
        var pgRestore = PgTools.Find("pg_restore");
        var psql = PgTools.Find("psql");
        string schema;
        await using (var conn = await OpenAsync(connectionString, errors, ct))
        {
            schema = await new NpgsqlCommand("SELECT current_schema()", conn).ExecuteScalarAsync(ct) as string ?? manifest.Schema!;
            if (schema != manifest.Schema)
                throw new PlanStoreException(PlanStoreError.Conflict,
                    $"备份来自模式 {manifest.Schema}，目标规划库在模式 {schema}：{errors.Where}（请在连接字符串中设 Search Path={manifest.Schema}）",
                    $"The backup is of schema {manifest.Schema} but the target store is in schema {schema}: {errors.Where} (set Search Path={manifest.Schema} in the connection string)");
            BackupArchive.CheckMayReplace(errors.Where, await CountsAsync(conn, schema, ct), force);
        }
        var work = Directory.CreateTempSubdirectory("coverage-restore-");
        try
        {
            var dump = Path.Combine(work.FullName, DataFile);
            BackupArchive.ExtractData(backupPath, manifest, dump);
            // The schema itself is created (if missing) by the prelude, not by the dump: the store may share it with PostGIS.
            var list = Path.Combine(work.FullName, "toc.list");
            var toc = await PgTools.RunAsync(pgRestore, null, ["-l", dump], ct);
            await File.WriteAllLinesAsync(list, toc.Split('\n').Where(l => !l.Contains(" SCHEMA - ", StringComparison.Ordinal)), ct);
            var script = Path.Combine(work.FullName, "restore.sql");
            await PgTools.RunAsync(pgRestore, null, ["--no-owner", "--no-privileges", "-L", list, "-f", script, dump], ct);
            var prelude = Path.Combine(work.FullName, "prelude.sql");
            var epilogue = Path.Combine(work.FullName, "epilogue.sql");
            await File.WriteAllTextAsync(prelude, Prelude(schema), ct);
            await File.WriteAllTextAsync(epilogue, Epilogue(schema, manifest), ct);
            await PgTools.RunAsync(psql, connectionString,
                ["-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-v", $"actor={actor}", "-v", $"backup={Path.GetFileName(backupPath)}",
                 "-v", $"manifest={PlanJson.Serialize(manifest)}", "-f", prelude, "-f", script, "-f", epilogue], ct);
        }
        finally
        {
            work.Delete(recursive: true);
        }
        await (await PostGisStore.OpenAsync(connectionString, ct)).DisposeAsync(); // applies newer migrations
        return manifest;
    }

    /// <summary>Remembers the last edit-log id, then drops the schema's own tables and sequences (never PostGIS's).</summary>
    static string Prelude(string schema) => $"""
        CREATE SCHEMA IF NOT EXISTS {Quote(schema)};
        CREATE TEMP TABLE coverage_restore_mark (m bigint) ON COMMIT DROP;
        DO $$ BEGIN
          IF to_regclass('{Quote(schema)}.edit_log') IS NOT NULL THEN
            INSERT INTO pg_temp.coverage_restore_mark SELECT COALESCE(MAX(id), 0) FROM {Quote(schema)}.edit_log;
          END IF;
        END $$;
        DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = {Literal(schema)} AND c.relkind IN ('r', 'v', 'm', 'S', 'p')
                     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
                   ORDER BY c.relkind = 'S' -- tables first: an identity column's sequence goes with its table
          LOOP
            EXECUTE format('DROP %s IF EXISTS %I.%I CASCADE',
              CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
              {Literal(schema)}, r.relname);
          END LOOP;
        END $$;

        """;

    /// <summary>Checks every table's rows against the manifest (an exception rolls the whole restore back), then logs the restore.</summary>
    static string Epilogue(string schema, BackupManifest manifest)
    {
        var sql = new StringBuilder("DO $$ DECLARE n bigint; BEGIN\n");
        foreach (var (table, expected) in manifest.RowCounts)
            sql.Append($"  SELECT COUNT(*) INTO n FROM {Quote(schema)}.{Quote(table)};\n")
               .Append($"  IF n <> {expected} THEN RAISE EXCEPTION 'table {table.Replace("'", "''")} has % rows, the manifest says {expected}', n; END IF;\n");
        sql.Append("END $$;\n");
        sql.Append($"""
            INSERT INTO {Quote(schema)}.edit_log (id, at, actor, action, entity, entity_id, before, after) OVERRIDING SYSTEM VALUE
              SELECT GREATEST((SELECT COALESCE(MAX(m), 0) FROM pg_temp.coverage_restore_mark), (SELECT COALESCE(MAX(id), 0) FROM {Quote(schema)}.edit_log)) + 1,
                     date_trunc('milliseconds', now()), :'actor', '{RestoreLog.Action}', '{RestoreLog.Entity}', :'backup', NULL, (:'manifest')::jsonb;
            SELECT setval(pg_get_serial_sequence('{Quote(schema)}.edit_log', 'id'), (SELECT MAX(id) FROM {Quote(schema)}.edit_log));

            """);
        return sql.ToString();
    }

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

    /// <summary>Rows per table of the schema's own tables (PostGIS's tables aside).</summary>
    static async Task<Dictionary<string, long>> CountsAsync(NpgsqlConnection conn, string schema, CancellationToken ct)
    {
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @s AND c.relkind IN ('r', 'p') " +
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') ORDER BY c.relname", conn))
        {
            cmd.Parameters.AddWithValue("s", schema);
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
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
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
