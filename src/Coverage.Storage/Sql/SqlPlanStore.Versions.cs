using System.Data.Common;
using System.Globalization;
using Coverage.Core.Domain;

namespace Coverage.Storage.Sql;

/// <summary>
/// Row versions (optimistic concurrency): a facility, settlement or scenario's version is the id of the edit-log row of its
/// last change (a scenario's edits change it too), with that change's actor and time. Edit-log ids only grow, also across a
/// restore (see <see cref="Backup.RestoreLog"/>), so an ETag once issued never comes back for another state of the row. A write given an expected version changes the row only <c>WHERE id = @id AND version = @v</c>,
/// in the same transaction as its edit-log row, so two writers holding the same version cannot both succeed.
/// </summary>
public abstract partial class SqlPlanStore
{
    /// <summary>The version columns, read after a table's other columns.</summary>
    internal const string VersionColumns = "version, updated_by, updated_at";

    /// <summary>The stamp from the three <see cref="VersionColumns"/> starting at ordinal.</summary>
    private protected VersionStamp ReadStamp(DbDataReader r, int ordinal) => new(
        Convert.ToInt64(r.GetValue(ordinal), CultureInfo.InvariantCulture),
        r.IsDBNull(ordinal + 1) ? null : r.GetString(ordinal + 1),
        r.IsDBNull(ordinal + 2) ? null : ReadTime(r, ordinal + 2));

    /// <summary>"SET" assignments that record the change logged as edit-log row logId by @updated_by at @updated_at
    /// (parameters added here).</summary>
    private void AddBump(DbCommand cmd, List<string> sets, long logId, string actor, DateTimeOffset at)
    {
        sets.AddRange(["version = @version", "updated_by = @updated_by", "updated_at = @updated_at"]);
        Add(cmd, "@version", logId);
        Add(cmd, "@updated_by", actor);
        AddTime(cmd, "@updated_at", at);
    }

    /// <summary>"WHERE" for one row, and for its expected version when given (parameters added here).</summary>
    private static string WhereVersion(DbCommand cmd, string id, long? expectedVersion)
    {
        Add(cmd, "@id", id);
        if (expectedVersion is not { } v) return "id = @id";
        Add(cmd, "@expected_version", v);
        return "id = @id AND version = @expected_version";
    }

    /// <summary>Records the change of a scenario logged as edit-log row logId and answers its new stamp; Stale when the
    /// scenario is no longer at the expected version (the caller's transaction then takes the log row back too).</summary>
    private async Task<VersionStamp> BumpScenarioAsync(DbConnection conn, DbTransaction tx, Scenario before, long? expectedVersion,
        long logId, string actor, DateTimeOffset at, CancellationToken ct, string? newName = null)
    {
        CheckExpected("情景", "scenario", before.Id, before.Stamp, expectedVersion);
        await using var cmd = Command(conn, tx, "");
        var sets = new List<string>();
        if (newName is not null) { sets.Add("name = @name"); Add(cmd, "@name", newName); }
        AddBump(cmd, sets, logId, actor, at);
        cmd.CommandText = $"UPDATE scenarios SET {string.Join(", ", sets)} WHERE {WhereVersion(cmd, before.Id, expectedVersion)}";
        if (await cmd.ExecuteNonQueryAsync(ct) == 0)
            throw Stale("情景", "scenario", before.Id, await ScenarioStampAsync(conn, tx, before.Id, ct), expectedVersion);
        return new VersionStamp(logId, actor, at);
    }

    private async Task<VersionStamp?> ScenarioStampAsync(DbConnection conn, DbTransaction tx, string id, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, $"SELECT {VersionColumns} FROM scenarios WHERE id = @id");
        Add(cmd, "@id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadStamp(r, 0) : null;
    }

    /// <summary>Fails early (before any statement) when the row read in this transaction is not at the expected version.</summary>
    private static void CheckExpected(string entityZh, string entity, string id, VersionStamp? current, long? expectedVersion)
    {
        if (expectedVersion is { } v && current is not null && current.Version != v)
            throw Stale(entityZh, entity, id, current, v);
    }

    /// <summary>The Stale failure: who changed the row, when, and its current version, in Chinese and English.</summary>
    internal static PlanStoreException Stale(string entityZh, string entity, string id, VersionStamp? current, long? expected)
    {
        var by = current?.UpdatedBy ?? "?";
        var at = current?.UpdatedAt is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "?";
        var now = current?.Version.ToString(CultureInfo.InvariantCulture) ?? "?";
        return new PlanStoreException(PlanStoreError.Stale,
            $"{entityZh}“{id}”已被 {by} 于 {at} 修改(当前版本 {now},您依据的版本 {expected}),请重新载入后再修改,或确认后覆盖",
            $"{entity} '{id}' was changed by {by} at {at} (now version {now}, you based your change on version {expected}); " +
            "reload it and change it again, or overwrite deliberately")
        { Current = current };
    }
}
