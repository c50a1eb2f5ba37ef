using System.Data.Common;
using Coverage.Core.Domain;
using Coverage.Core.Rules;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Sql;

/// <summary>Get, query, all-or-nothing upsert, update and delete for any mapped table, each write logged.</summary>
public abstract partial class SqlPlanStore
{
    private T ReadRow<T>(EntityTable<T> t, DbDataReader r) where T : class
    {
        var geometry = t.HasGeometry ? ReadGeometry(r, 0) : null;
        var item = t.Read(i => r.IsDBNull(t.Ordinal(i)) ? null : r.GetValue(t.Ordinal(i)), geometry);
        return t.WithStamp is { } stamp ? stamp(item, ReadStamp(r, t.Ordinal(t.Columns.Length))) : item;
    }

    private async Task<List<T>> SelectAsync<T>(EntityTable<T> t, DbCommand cmd, CancellationToken ct) where T : class
    {
        var rows = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(ReadRow(t, r));
        return rows;
    }

    private async Task<T?> SelectOneAsync<T>(EntityTable<T> t, DbConnection conn, DbTransaction? tx, string where,
        (string Name, object? Value)[] args, CancellationToken ct) where T : class
    {
        await using var cmd = Command(conn, tx, $"SELECT {t.SelectList} FROM {t.Table} WHERE {where}");
        foreach (var (name, value) in args) Add(cmd, name, value);
        return (await SelectAsync(t, cmd, ct)).FirstOrDefault();
    }

    private protected Task<T?> GetAsync<T>(EntityTable<T> t, string id, CancellationToken ct) where T : class =>
        ReadAsync(conn => SelectOneAsync(t, conn, null, "id = @id", [("@id", id)], ct), ct);

    /// <summary>Rows matching the SQL filters (column IN values) and the box, ordered by id.</summary>
    private protected Task<IReadOnlyList<T>> QueryAsync<T>(EntityTable<T> t, IEnumerable<(string Column, IReadOnlyList<object> Values)> filters,
        Envelope? box, CancellationToken ct) where T : class => ReadAsync<IReadOnlyList<T>>(async conn =>
    {
        await using var cmd = Command(conn, null, "");
        var where = new List<string>();
        var n = 0;
        foreach (var (column, values) in filters)
        {
            var names = values.Select(v => { var p = $"@f{n++}"; Add(cmd, p, v); return p; }).ToList();
            where.Add(names.Count == 0 ? "1 = 0" : $"{column} IN ({string.Join(", ", names)})");
        }
        var inSql = box is not null && t.HasGeometry ? BboxPredicate(cmd, box) : null;
        if (inSql is not null) where.Add(inSql);
        cmd.CommandText = $"SELECT {t.SelectList} FROM {t.Table}" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "");
        var rows = await SelectAsync(t, cmd, ct);
        if (box is not null && inSql is null)
        {
            var boxGeometry = PlanJson.Wgs84.ToGeometry(box);
            rows = rows.Where(x => t.Geometry(x) is { } g && g.EnvelopeInternal.Intersects(box) && boxGeometry.Intersects(g)).ToList();
        }
        rows.Sort((a, b) => string.CompareOrdinal(t.Id(a), t.Id(b)));
        return rows;
    }, ct);

    private protected Task<UpsertResult> UpsertAsync<T>(EntityTable<T> t, IReadOnlyList<T> items, string actor, CancellationToken ct)
        where T : class => WriteAsync(actor, async (conn, tx) =>
    {
        var errors = new List<RowError>();
        var ids = new List<string>(items.Count);
        var stamps = new List<VersionStamp?>(items.Count);
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenKeys = new HashSet<(string, string)>();
        int inserted = 0, updated = 0, unchanged = 0;
        var at = Now();
        var existing = await PrefetchAsync(t, conn, tx, items, ct);
        for (var i = 0; i < items.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var item = items[i];
            var rowErrors = Check(t, item, i).ToList();
            if (item is not null)
            {
                var id = t.Id(item) ?? "";
                if (id.Length > 0 && !seenIds.Add(id))
                    rowErrors.Add(new RowError(i, id, "id", $"批次中 id 重复:{id}", $"duplicate id in the batch: {id}"));
                var (source, sourceId) = t.SourceKey(item);
                if (sourceId is not null && !seenKeys.Add((source, sourceId)))
                    rowErrors.Add(new RowError(i, id, "sourceId", $"批次中来源编号重复:{source}/{sourceId}",
                        $"duplicate source id in the batch: {source}/{sourceId}"));
            }
            errors.AddRange(rowErrors);
            // Rows before a bad one are written and then rolled back; rows after it are only checked.
            if (errors.Count > 0) continue;
            var (stored, outcome) = await WriteOneAsync(t, conn, tx, item!, existing, actor, at, ct);
            ids.Add(t.Id(stored)!);
            stamps.Add(t.Stamp(stored));
            if (outcome == Outcome.Inserted) inserted++;
            else if (outcome == Outcome.Updated) updated++;
            else unchanged++;
        }
        if (errors.Count > 0)
            throw new PlanStoreException(PlanStoreError.InvalidRows,
                $"{errors.Count} 处错误,未写入任何{t.Entity}(第一处:第 {errors[0].Index} 行 {errors[0].Field}:{errors[0].MessageZh})",
                $"{errors.Count} error(s), no {t.Entity} was written (first: row {errors[0].Index} {errors[0].Field}: {errors[0].MessageEn})",
                errors);
        return new UpsertResult(inserted, updated, unchanged, ids) { Stamps = stamps };
    }, ct);

    /// <summary>Replaces the row with item's id; with an expected version, only if the row is still at it (else Stale).
    /// Answers the row as this write left it, with the stamp it produced (null when there is no such row): the caller's
    /// ETag must not come from a later read, which may see another planner's change. An update that changes nothing keeps
    /// the version.</summary>
    private protected Task<T?> UpdateAsync<T>(EntityTable<T> t, T item, string actor, CancellationToken ct, long? expectedVersion)
        where T : class =>
        WriteAsync(actor, async (conn, tx) =>
        {
            var errors = Check(t, item, 0).ToList();
            if (errors.Count > 0)
                throw new PlanStoreException(PlanStoreError.InvalidRows, $"{t.Entity} 无效:{errors[0].MessageZh}",
                    $"invalid {t.Entity}: {errors[0].MessageEn}", errors);
            var before = await SelectOneAsync(t, conn, tx, "id = @id", [("@id", t.Id(item))], ct);
            if (before is null) return null;
            CheckExpected(t.EntityZh, t.Entity, t.Id(item)!, t.Stamp(before), expectedVersion);
            var (beforeJson, afterJson) = (PlanJson.Serialize(before), PlanJson.Serialize(item));
            if (beforeJson == afterJson) return before;
            var at = Now();
            // Logged first: the log id is the row's new version. A stale write throws, and the transaction takes both back.
            var logId = await LogAsync(conn, tx, actor, at, "update", t.Entity, t.Id(item)!, beforeJson, afterJson, ct);
            if (!await WriteRowAsync(t, conn, tx, item, isUpdate: true, logId, actor, at, ct, expectedVersion))
                throw await StaleRowAsync(t, conn, tx, t.Id(item)!, expectedVersion, ct);
            return Stamped(t, item, logId, actor, at);
        }, ct);

    /// <summary>The row with the stamp of the change logged as logId (unchanged for a table without versions).</summary>
    private static T Stamped<T>(EntityTable<T> t, T item, long logId, string actor, DateTimeOffset at) where T : class =>
        t.WithStamp is { } with ? with(item, new VersionStamp(logId, actor, at)) : item;

    /// <summary>Deletes the row; with an expected version, only if the row is still at it (else Stale).</summary>
    private protected Task<bool> DeleteAsync<T>(EntityTable<T> t, string id, string actor, CancellationToken ct, long? expectedVersion)
        where T : class =>
        WriteAsync(actor, async (conn, tx) =>
        {
            var before = await SelectOneAsync(t, conn, tx, "id = @id", [("@id", id)], ct);
            if (before is null) return false;
            CheckExpected(t.EntityZh, t.Entity, id, t.Stamp(before), expectedVersion);
            await using var cmd = Command(conn, tx, "");
            cmd.CommandText = $"DELETE FROM {t.Table} WHERE {WhereVersion(cmd, id, t.Versioned ? expectedVersion : null)}";
            if (await cmd.ExecuteNonQueryAsync(ct) == 0) throw await StaleRowAsync(t, conn, tx, id, expectedVersion, ct);
            await LogAsync(conn, tx, actor, Now(), "delete", t.Entity, id, PlanJson.Serialize(before), null, ct);
            return true;
        }, ct);

    private enum Outcome { Inserted, Updated, Unchanged }

    /// <summary>Stored rows the batch may match, by id and by source key, fetched in a few queries rather than per row.</summary>
    private async Task<(Dictionary<string, T> ById, Dictionary<(string, string), T> ByKey)> PrefetchAsync<T>(EntityTable<T> t,
        DbConnection conn, DbTransaction tx, IReadOnlyList<T> items, CancellationToken ct) where T : class
    {
        var byId = new Dictionary<string, T>(StringComparer.Ordinal);
        var byKey = new Dictionary<(string, string), T>();
        var present = items.Where(x => x is not null).ToList();
        var lookups = new List<(string Column, List<string> Values)> { ("id", present.Select(x => t.Id(x) ?? "").Distinct().ToList()) };
        if (t.HasSourceKey)
            lookups.Add(("source_id", present.Select(x => t.SourceKey(x).SourceId).OfType<string>().Distinct().ToList()));
        foreach (var (column, values) in lookups)
        foreach (var chunk in values.Chunk(500))
        {
            await using var cmd = Command(conn, tx, "");
            cmd.CommandText = $"SELECT {t.SelectList} FROM {t.Table} WHERE {column} IN (" +
                string.Join(", ", chunk.Select((v, i) => { Add(cmd, $"@k{i}", v); return $"@k{i}"; })) + ")";
            foreach (var row in await SelectAsync(t, cmd, ct))
            {
                byId[t.Id(row)!] = row;
                if (t.SourceKey(row) is (var source, { } sourceId)) byKey[(source, sourceId)] = row;
            }
        }
        return (byId, byKey);
    }

    /// <summary>Matches by (Source, SourceId) first, then by Id; a match keeps its stored id.</summary>
    private async Task<(T Stored, Outcome Outcome)> WriteOneAsync<T>(EntityTable<T> t, DbConnection conn, DbTransaction tx,
        T item, (Dictionary<string, T> ById, Dictionary<(string, string), T> ByKey) stored, string actor, DateTimeOffset at,
        CancellationToken ct) where T : class
    {
        T? existing = null;
        var (source, sourceId) = t.SourceKey(item);
        if (t.HasSourceKey && sourceId is not null) stored.ByKey.TryGetValue((source, sourceId), out existing);
        if (existing is null) stored.ById.TryGetValue(t.Id(item)!, out existing);
        if (existing is null)
        {
            var insertId = await LogAsync(conn, tx, actor, at, "insert", t.Entity, t.Id(item)!, null, PlanJson.Serialize(item), ct);
            await WriteRowAsync(t, conn, tx, item, isUpdate: false, insertId, actor, at, ct);
            var inserted = Stamped(t, item, insertId, actor, at);
            Remember(t, stored, null, inserted);
            return (inserted, Outcome.Inserted);
        }
        var row = t.WithId(item, t.Id(existing)!);
        var before = PlanJson.Serialize(existing);
        var after = PlanJson.Serialize(row);
        if (before == after) return (existing, Outcome.Unchanged);
        var logId = await LogAsync(conn, tx, actor, at, "update", t.Entity, t.Id(row)!, before, after, ct);
        await WriteRowAsync(t, conn, tx, row, isUpdate: true, logId, actor, at, ct);
        row = Stamped(t, row, logId, actor, at);
        Remember(t, stored, existing, row);
        return (row, Outcome.Updated);
    }

    /// <summary>Keeps the prefetched rows current so a later row of the same batch sees this write.</summary>
    private static void Remember<T>(EntityTable<T> t, (Dictionary<string, T> ById, Dictionary<(string, string), T> ByKey) stored,
        T? old, T now) where T : class
    {
        if (old is not null && t.SourceKey(old) is (var s0, { } k0)) stored.ByKey.Remove((s0, k0));
        stored.ById[t.Id(now)!] = now;
        if (t.SourceKey(now) is (var s1, { } k1)) stored.ByKey[(s1, k1)] = now;
    }

    /// <summary>Inserts or updates the row (only at expectedVersion when given), at version logId: the id of the edit-log
    /// row of this change. False when an update found no row to change.</summary>
    private async Task<bool> WriteRowAsync<T>(EntityTable<T> t, DbConnection conn, DbTransaction tx, T item, bool isUpdate,
        long logId, string actor, DateTimeOffset at, CancellationToken ct, long? expectedVersion = null) where T : class
    {
        var columns = t.HasGeometry ? [.. t.Columns, "geom"] : t.Columns;
        await using var cmd = Command(conn, tx, "");
        var sets = columns.Where(c => c != "id").Select(c => $"{c} = @{c}").ToList();
        if (t.Versioned && isUpdate) AddBump(cmd, sets, logId, actor, at);
        else if (t.Versioned)
        {
            columns = [.. columns, "version", "updated_by", "updated_at"];
            Add(cmd, "@version", logId);
            Add(cmd, "@updated_by", actor);
            AddTime(cmd, "@updated_at", at);
        }
        cmd.CommandText = isUpdate
            ? $"UPDATE {t.Table} SET {string.Join(", ", sets)} WHERE {WhereVersion(cmd, t.Id(item)!, expectedVersion)}"
            : $"INSERT INTO {t.Table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})";
        var values = t.Values(item);
        for (var i = 0; i < t.Columns.Length; i++)
        {
            if (isUpdate && t.Columns[i] == "id") continue; // bound by WhereVersion
            if (t.JsonColumns.Contains(t.Columns[i])) AddJson(cmd, "@" + t.Columns[i], (string?)values[i]);
            else Add(cmd, "@" + t.Columns[i], values[i]);
        }
        if (t.HasGeometry) AddGeometry(cmd, "@geom", Wgs84(t.Geometry(item)!));
        return await cmd.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>The Stale failure for a row whose guarded write changed nothing, with the row's current stamp.</summary>
    private async Task<PlanStoreException> StaleRowAsync<T>(EntityTable<T> t, DbConnection conn, DbTransaction tx, string id,
        long? expectedVersion, CancellationToken ct) where T : class
    {
        var now = await SelectOneAsync(t, conn, tx, "id = @id", [("@id", id)], ct);
        return Stale(t.EntityZh, t.Entity, id, now is null ? null : t.Stamp(now), expectedVersion);
    }

    /// <summary>Stored geometries are EPSG:4326; an unset SRID (0) means the same.</summary>
    protected static Geometry Wgs84(Geometry g)
    {
        if (g.SRID == 4326) return g;
        var copy = g.Copy();
        copy.SRID = 4326;
        return copy;
    }

    private static IEnumerable<RowError> Check<T>(EntityTable<T> t, T? item, int index) where T : class
    {
        if (item is null)
        {
            yield return new RowError(index, null, "row", "空行", "the row is null");
            yield break;
        }
        var id = t.Id(item);
        if (string.IsNullOrWhiteSpace(id)) yield return new RowError(index, id, "id", "id 为空", "id is empty");
        foreach (var (field, zh, en) in t.Validate(item)) yield return new RowError(index, id, field, zh, en);
        if (!t.HasGeometry) yield break;
        var g = t.Geometry(item);
        var problem = GeometryProblem(g);
        if (problem is { } p) yield return new RowError(index, id, "geometry", p.Zh, p.En);
    }

    /// <summary>The geometry rules every writer shares (<see cref="GeometryRules"/>), without a region: the store does not know it.</summary>
    private static (string Zh, string En)? GeometryProblem(Geometry? g)
    {
        if (g is null) return ("缺少几何", "geometry is missing");
        if (g.SRID is not (0 or 4326))
            return ($"坐标系应为 WGS84 (EPSG:4326),实为 EPSG:{g.SRID}", $"geometry must be WGS84 (EPSG:4326), not EPSG:{g.SRID}");
        return GeometryRules.Anywhere.Check(g) is { } p ? (p.Zh, p.En) : null;
    }
}
