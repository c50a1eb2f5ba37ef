using System.Data.Common;

namespace Coverage.Storage.Sql;

/// <summary>Undo of one edit-log row: its before state written back as a new, logged write.</summary>
public abstract partial class SqlPlanStore
{
    public const string UndoAction = "undo";

    public Task<UndoResult> UndoEditAsync(long editId, string actor, CancellationToken ct = default) =>
        WriteAsync(actor, async (conn, tx) =>
        {
            var entry = (await LogRowsAsync(conn, tx, "id = @id", [("@id", editId)], ct)).FirstOrDefault();
            if (entry is null) return new UndoResult(UndoStatus.NotFound);
            return entry.Entity switch
            {
                "facility" => await UndoAsync(PlanTables.Facilities, conn, tx, entry, actor, ct),
                "settlement" => await UndoAsync(PlanTables.Settlements, conn, tx, entry, actor, ct),
                "circle_standard" => await UndoAsync(PlanTables.CircleStandards, conn, tx, entry, actor, ct),
                _ => new UndoResult(UndoStatus.NotUndoable, Undone: entry),
            };
        }, ct);

    private async Task<UndoResult> UndoAsync<T>(EntityTable<T> t, DbConnection conn, DbTransaction tx, EditLogEntry entry, string actor,
        CancellationToken ct) where T : class
    {
        var current = await SelectOneAsync(t, conn, tx, "id = @id", [("@id", entry.EntityId)], ct);
        var currentJson = current is null ? null : PlanJson.Serialize(current);
        // Compared through the domain type, so key order and number spelling of the stored JSON (jsonb) do not matter.
        if (currentJson != Canonical<T>(entry.AfterJson))
        {
            var later = await LogRowsAsync(conn, tx, "entity = @entity AND entity_id = @entity_id AND id > @id ORDER BY id DESC",
                [("@entity", entry.Entity), ("@entity_id", entry.EntityId), ("@id", entry.Id)], ct);
            return new UndoResult(UndoStatus.Stale, Later: later.FirstOrDefault(), Undone: entry);
        }
        var target = entry.BeforeJson is null ? null : PlanJson.Deserialize<T>(entry.BeforeJson);
        var at = Now();
        // Logged first: its id is the version of the row put back, past every version the row ever had (also in an earlier
        // life, before a delete), so an ETag a planner still holds cannot match it.
        var undoId = await LogAsync(conn, tx, actor, at, UndoAction, entry.Entity, entry.EntityId, currentJson,
            target is null ? null : PlanJson.Serialize(target), ct);
        if (target is null)
        {
            await using var cmd = Command(conn, tx, $"DELETE FROM {t.Table} WHERE id = @id");
            Add(cmd, "@id", entry.EntityId);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        else await WriteRowAsync(t, conn, tx, target, isUpdate: current is not null, undoId, actor, at, ct);
        var undo = await LogRowsAsync(conn, tx, "id = @id", [("@id", undoId)], ct);
        return new UndoResult(UndoStatus.Done, Entry: undo[0], Undone: entry);
    }

    private static string? Canonical<T>(string? json) where T : class =>
        json is null ? null : PlanJson.Serialize(PlanJson.Deserialize<T>(json));

    private async Task<List<EditLogEntry>> LogRowsAsync(DbConnection conn, DbTransaction tx, string where, (string Name, object? Value)[] args,
        CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, $"SELECT {EditLogColumns} FROM edit_log WHERE {where}");
        foreach (var (name, value) in args) Add(cmd, name, value);
        return await ReadEntriesAsync(cmd, ct);
    }
}
