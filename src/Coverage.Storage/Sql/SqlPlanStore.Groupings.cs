using System.Data.Common;
using System.Globalization;

namespace Coverage.Storage.Sql;

/// <summary>
/// Saved life-circle groupings: a planner's units (id, centre, members) under a unique name, tied to the plan version they
/// were drawn on, with their rule check. Versioned like scenarios (the edit-log id of the last save).
/// </summary>
public abstract partial class SqlPlanStore
{
    const string GroupingEntity = "life_circle_grouping";
    const string GroupingColumns = "name, description, plan_version, units, all_meet, unit_count, meeting, check_result, created_by, created_at, " + VersionColumns;

    public Task<long> PlanVersionAsync(CancellationToken ct = default) => ReadAsync(conn => PlanVersionAsync(conn, null, ct), ct);

    static async Task<long> PlanVersionAsync(DbConnection conn, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, "");
        var names = IPlanStore.PlanEntities.Select((e, i) => { Add(cmd, $"@e{i}", e); return $"@e{i}"; });
        cmd.CommandText = $"SELECT COALESCE(MAX(id), 0) FROM edit_log WHERE entity IN ({string.Join(", ", names)})";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public Task<IReadOnlyList<SavedGrouping>> ListGroupingsAsync(CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<SavedGrouping>>(async conn =>
        {
            await using var cmd = Command(conn, null, $"SELECT {GroupingColumns} FROM life_circle_groupings");
            var list = await ReadGroupingsAsync(cmd, withUnits: false, ct);
            return list.OrderBy(g => g.Name, StringComparer.Ordinal).ToList();
        }, ct);

    public Task<SavedGrouping?> GetGroupingAsync(string name, CancellationToken ct = default) =>
        ReadAsync(conn => LoadGroupingAsync(conn, null, name, ct), ct);

    public Task<SavedGrouping> SaveGroupingAsync(SavedGrouping grouping, string actor, CancellationToken ct = default, long? expectedVersion = null)
    {
        CheckGrouping(grouping);
        return WriteAsync(actor, async (conn, tx) =>
        {
            var plan = await PlanVersionAsync(conn, tx, ct);
            if (plan != grouping.PlanVersion) throw SavedGrouping.PlanChanged(grouping.Name, grouping.PlanVersion, plan);
            var before = await LoadGroupingAsync(conn, tx, grouping.Name, ct);
            // Version 0 means "create, it must not exist": two planners creating one name at once cannot overwrite each other.
            if (expectedVersion is { } v && (v == 0 ? before is not null : before is null || before.Stamp?.Version != v))
                throw Stale("生活圈划分", "life-circle grouping", grouping.Name, before?.Stamp, v);
            var at = Now();
            var stored = grouping with
            {
                CreatedBy = before?.CreatedBy ?? actor, CreatedAt = before?.CreatedAt ?? at, Stamp = null,
            };
            var logId = await LogAsync(conn, tx, actor, at, before is null ? "insert" : "update", GroupingEntity, grouping.Name,
                before is null ? null : PlanJson.Serialize(before), PlanJson.Serialize(stored), ct);
            await using (var cmd = Command(conn, tx, before is null
                ? "INSERT INTO life_circle_groupings (name, description, plan_version, units, all_meet, unit_count, meeting, check_result, " +
                  "created_by, created_at, version, updated_by, updated_at) VALUES (@name, @description, @plan_version, @units, @all_meet, " +
                  "@unit_count, @meeting, @check_result, @created_by, @created_at, @version, @updated_by, @updated_at)"
                : "UPDATE life_circle_groupings SET description = @description, plan_version = @plan_version, units = @units, all_meet = @all_meet, " +
                  "unit_count = @unit_count, meeting = @meeting, check_result = @check_result, version = @version, updated_by = @updated_by, " +
                  "updated_at = @updated_at WHERE name = @name AND version = @before_version"))
            {
                Add(cmd, "@name", stored.Name);
                Add(cmd, "@description", stored.Description);
                Add(cmd, "@plan_version", stored.PlanVersion);
                AddJson(cmd, "@units", PlanJson.Serialize(stored.Units));
                Add(cmd, "@all_meet", stored.Check.AllMeet);
                Add(cmd, "@unit_count", stored.Check.UnitCount);
                Add(cmd, "@meeting", stored.Check.Meeting);
                Add(cmd, "@check_result", stored.Check.Json);
                Add(cmd, "@created_by", stored.CreatedBy);
                AddTime(cmd, "@created_at", stored.CreatedAt);
                Add(cmd, "@version", logId);
                Add(cmd, "@updated_by", actor);
                AddTime(cmd, "@updated_at", at);
                if (before is not null) Add(cmd, "@before_version", before.Stamp!.Version);
                if (await cmd.ExecuteNonQueryAsync(ct) == 0)
                    throw Stale("生活圈划分", "life-circle grouping", grouping.Name, before?.Stamp, expectedVersion);
            }
            return stored with { Stamp = new Core.Domain.VersionStamp(logId, actor, at) };
        }, ct);
    }

    public Task<bool> DeleteGroupingAsync(string name, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        WriteAsync(actor, async (conn, tx) =>
        {
            var before = await LoadGroupingAsync(conn, tx, name, ct);
            if (before is null) return false;
            CheckExpected("生活圈划分", "life-circle grouping", name, before.Stamp, expectedVersion);
            await using (var cmd = Command(conn, tx, "DELETE FROM life_circle_groupings WHERE name = @name AND version = @version"))
            {
                Add(cmd, "@name", name);
                Add(cmd, "@version", before.Stamp!.Version);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await LogAsync(conn, tx, actor, Now(), "delete", GroupingEntity, name, PlanJson.Serialize(before), null, ct);
            return true;
        }, ct);

    /// <summary>A partition with centres: the store's own guard, whoever writes (the API checks the plan's villages before).</summary>
    static void CheckGrouping(SavedGrouping g)
    {
        static PlanStoreException Invalid(string zh, string en) =>
            new(PlanStoreError.InvalidRows, $"生活圈划分无效:{zh}", $"invalid life-circle grouping: {en}");
        if (string.IsNullOrWhiteSpace(g.Name)) throw Invalid("名称为空", "the name is empty");
        if (g.Units.Count == 0) throw Invalid("没有单元", "it has no units");
        var unitIds = new HashSet<string>(StringComparer.Ordinal);
        var unitOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in g.Units)
        {
            if (string.IsNullOrWhiteSpace(u.Id) || !unitIds.Add(u.Id)) throw Invalid($"单元编号“{u.Id}”为空或重复", $"unit id '{u.Id}' is empty or repeated");
            if (u.Members.Count == 0) throw Invalid($"单元 {u.Id} 没有成员", $"unit {u.Id} has no members");
            if (string.IsNullOrWhiteSpace(u.CentreId) || !u.Members.Contains(u.CentreId))
                throw Invalid($"单元 {u.Id} 的中心不是其成员", $"the centre of unit {u.Id} is not one of its members");
            foreach (var m in u.Members)
                if (!unitOf.TryAdd(m, u.Id))
                    throw Invalid($"村（社区）{m} 同时在单元 {unitOf[m]} 和 {u.Id} 中", $"village {m} is in both unit {unitOf[m]} and unit {u.Id}");
        }
    }

    async Task<SavedGrouping?> LoadGroupingAsync(DbConnection conn, DbTransaction? tx, string name, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, $"SELECT {GroupingColumns} FROM life_circle_groupings WHERE name = @name");
        Add(cmd, "@name", name);
        return (await ReadGroupingsAsync(cmd, withUnits: true, ct)).FirstOrDefault();
    }

    async Task<List<SavedGrouping>> ReadGroupingsAsync(DbCommand cmd, bool withUnits, CancellationToken ct)
    {
        var list = new List<SavedGrouping>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new SavedGrouping
            {
                Name = r.GetString(0), Description = r.IsDBNull(1) ? null : r.GetString(1),
                PlanVersion = Convert.ToInt64(r.GetValue(2), CultureInfo.InvariantCulture),
                Units = withUnits ? PlanJson.Deserialize<List<GroupingUnit>>(r.GetString(3))! : [],
                Check = new GroupingCheck(Convert.ToBoolean(r.GetValue(4), CultureInfo.InvariantCulture),
                    Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture), Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture),
                    withUnits ? r.GetString(7) : ""),
                CreatedBy = r.GetString(8), CreatedAt = ReadTime(r, 9), Stamp = ReadStamp(r, 10),
            });
        return list;
    }
}
