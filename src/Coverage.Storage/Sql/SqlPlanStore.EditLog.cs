using System.Data.Common;

namespace Coverage.Storage.Sql;

/// <summary>The edit log: one row per change, written in the same transaction as the change.</summary>
public abstract partial class SqlPlanStore
{
    /// <summary>
    /// Appends one edit-log row and answers its id. The id only grows (a restore logs itself after every id the replaced
    /// store had), so it is also the new version of the row it changed: a version is never issued twice.
    /// </summary>
    protected async Task<long> LogAsync(DbConnection conn, DbTransaction tx, string actor, DateTimeOffset at, string action,
        string entity, string entityId, string? before, string? after, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx,
            "INSERT INTO edit_log (at, actor, action, entity, entity_id, before, after) " +
            "VALUES (@at, @actor, @action, @entity, @entity_id, @before, @after) RETURNING id");
        AddTime(cmd, "@at", at);
        Add(cmd, "@actor", actor);
        Add(cmd, "@action", action);
        Add(cmd, "@entity", entity);
        Add(cmd, "@entity_id", entityId);
        AddJson(cmd, "@before", before);
        AddJson(cmd, "@after", after);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    public Task<long> LastEditLogIdAsync(CancellationToken ct = default) => ReadAsync(async conn =>
    {
        await using var cmd = Command(conn, null, "SELECT COALESCE(MAX(id), 0) FROM edit_log");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }, ct);

    public Task<IReadOnlyList<EditLogEntry>> ReadEditLogAsync(EditLogQuery query, CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<EditLogEntry>>(async conn =>
        {
            await using var cmd = Command(conn, null, "");
            var where = new List<string> { "id > @after_id" };
            Add(cmd, "@after_id", query.AfterId);
            if (query.Entity is { } entity) { where.Add("entity = @entity"); Add(cmd, "@entity", entity); }
            if (query.EntityId is { } entityId) { where.Add("entity_id = @entity_id"); Add(cmd, "@entity_id", entityId); }
            Add(cmd, "@limit", query.Limit);
            cmd.CommandText = $"SELECT {EditLogColumns} FROM edit_log WHERE " +
                string.Join(" AND ", where) + (query.NewestFirst ? " ORDER BY id DESC" : " ORDER BY id") + " LIMIT @limit";
            return await ReadEntriesAsync(cmd, ct);
        }, ct);

    private const string EditLogColumns = "id, at, actor, action, entity, entity_id, before, after";

    private async Task<List<EditLogEntry>> ReadEntriesAsync(DbCommand cmd, CancellationToken ct)
    {
        var rows = new List<EditLogEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            rows.Add(new EditLogEntry(Convert.ToInt64(r.GetValue(0)), ReadTime(r, 1), r.GetString(2), r.GetString(3),
                r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)));
        return rows;
    }
}
