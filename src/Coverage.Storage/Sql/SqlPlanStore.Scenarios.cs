using System.Data.Common;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Sql;

/// <summary>Scenarios: named what-if edits (add / move / remove facilities) over the base plan.</summary>
public abstract partial class SqlPlanStore
{
    private sealed record EditPayload(Facility? Facility, Geometry? Geometry);

    public Task<Scenario> CreateScenarioAsync(string name, string? description, string actor, CancellationToken ct = default,
        IReadOnlyList<ScenarioEdit>? edits = null)
    {
        CheckName(name);
        return WriteAsync(actor, async (conn, tx) =>
        {
            var at = Now();
            var scenario = new Scenario
            {
                Id = "scn-" + Guid.NewGuid().ToString("N")[..12], Name = name, Description = description,
                CreatedBy = actor, CreatedAt = at,
            };
            var logId = await LogAsync(conn, tx, actor, at, "insert", "scenario", scenario.Id, null, PlanJson.Serialize(scenario), ct);
            scenario = scenario with { Stamp = new VersionStamp(logId, actor, at) };
            await using var cmd = Command(conn, tx, "INSERT INTO scenarios (id, name, description, created_by, created_at, version, " +
                "updated_by, updated_at) VALUES (@id, @name, @description, @by, @at, @version, @by, @at)");
            Add(cmd, "@version", logId);
            Add(cmd, "@id", scenario.Id);
            Add(cmd, "@name", name);
            Add(cmd, "@description", description);
            Add(cmd, "@by", actor);
            AddTime(cmd, "@at", scenario.CreatedAt);
            await cmd.ExecuteNonQueryAsync(ct);
            if (edits is not { Count: > 0 }) return scenario;
            foreach (var edit in edits) await InsertEditAsync(conn, tx, scenario.Id, edit, actor, null, ct);
            return await LoadScenarioAsync(conn, tx, scenario.Id, ct) ?? scenario;
        }, ct);
    }

    public Task<Scenario?> RenameScenarioAsync(string id, string name, string actor, CancellationToken ct = default, long? expectedVersion = null)
    {
        CheckName(name);
        return WriteAsync(actor, async (conn, tx) =>
        {
            var before = await LoadScenarioAsync(conn, tx, id, ct);
            if (before is null) return null;
            var at = Now();
            var after = before with { Name = name };
            var logId = await LogAsync(conn, tx, actor, at, "update", "scenario", id, PlanJson.Serialize(before with { Edits = [] }),
                PlanJson.Serialize(after with { Edits = [] }), ct);
            return after with { Stamp = await BumpScenarioAsync(conn, tx, before, expectedVersion, logId, actor, at, ct, newName: name) };
        }, ct);
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new PlanStoreException(PlanStoreError.InvalidRows, "方案名称为空", "scenario name is empty");
    }

    public Task<Scenario?> GetScenarioAsync(string id, CancellationToken ct = default) =>
        ReadAsync(conn => LoadScenarioAsync(conn, null, id, ct), ct);

    public Task<IReadOnlyList<Scenario>> ListScenariosAsync(CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<Scenario>>(async conn =>
        {
            await using var cmd = Command(conn, null, $"SELECT id, name, description, created_by, created_at, {VersionColumns}, " +
                "(SELECT COUNT(*) FROM scenario_edits e WHERE e.scenario_id = scenarios.id) FROM scenarios");
            var list = await ReadScenariosAsync(cmd, ct);
            return list.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        }, ct);

    public Task<ScenarioEdit> AddScenarioEditAsync(string scenarioId, ScenarioEdit edit, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        WriteAsync(actor, async (conn, tx) => (await InsertEditAsync(conn, tx, scenarioId, edit, actor, expectedVersion, ct)).Edit, ct);

    public Task<Scenario> AppendScenarioEditsAsync(string scenarioId, IReadOnlyList<ScenarioEdit> edits, string actor,
        CancellationToken ct = default, long? expectedVersion = null) =>
        WriteAsync(actor, async (conn, tx) =>
        {
            await InsertEditsAsync(conn, tx, scenarioId, edits, actor, expectedVersion, ct);
            return await LoadScenarioAsync(conn, tx, scenarioId, ct) ?? throw ScenarioNotFound(scenarioId);
        }, ct);

    /// <summary>Stores edits in order: the first is checked against the version the caller read, each later one against the
    /// version the one before it produced.</summary>
    private async Task<IReadOnlyList<ScenarioEdit>> InsertEditsAsync(DbConnection conn, DbTransaction tx, string scenarioId,
        IReadOnlyList<ScenarioEdit> edits, string actor, long? expectedVersion, CancellationToken ct)
    {
        var stored = new List<ScenarioEdit>(edits.Count);
        foreach (var edit in edits)
        {
            var (one, stamp) = await InsertEditAsync(conn, tx, scenarioId, edit, actor, expectedVersion, ct);
            stored.Add(one);
            if (expectedVersion is not null) expectedVersion = stamp.Version;
        }
        return stored;
    }

    /// <summary>Checks and stores one edit; the scenario's new version is the edit's log id. The caller's transaction makes a
    /// batch all or nothing.</summary>
    private async Task<(ScenarioEdit Edit, VersionStamp Stamp)> InsertEditAsync(DbConnection conn, DbTransaction tx, string scenarioId, ScenarioEdit edit, string actor,
        long? expectedVersion, CancellationToken ct)
    {
        var scenario = await LoadScenarioAsync(conn, tx, scenarioId, ct) ?? throw ScenarioNotFound(scenarioId);
        await CheckEditAsync(conn, tx, scenario, edit, ct);
        CheckExpected("情景", "scenario", scenarioId, scenario.Stamp, expectedVersion);
        var stored = edit with { CreatedBy = actor, CreatedAt = Now() };
        await using var cmd = Command(conn, tx,
            "INSERT INTO scenario_edits (scenario_id, kind, facility_id, payload, note, created_by, created_at) " +
            "VALUES (@scenario_id, @kind, @facility_id, @payload, @note, @by, @at) RETURNING id");
        Add(cmd, "@scenario_id", scenarioId);
        Add(cmd, "@kind", PlanJson.EnumText(edit.Kind));
        Add(cmd, "@facility_id", edit.FacilityId);
        AddJson(cmd, "@payload", PlanJson.Serialize(new EditPayload(edit.Facility, edit.Geometry is null ? null : Wgs84(edit.Geometry))));
        Add(cmd, "@note", edit.Note);
        Add(cmd, "@by", actor);
        AddTime(cmd, "@at", stored.CreatedAt);
        stored = stored with { Id = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct)) };
        var logId = await LogAsync(conn, tx, actor, stored.CreatedAt, "insert", "scenario_edit", $"{scenarioId}/{stored.Id}", null,
            PlanJson.Serialize(stored), ct);
        return (stored, await BumpScenarioAsync(conn, tx, scenario, expectedVersion, logId, actor, stored.CreatedAt, ct));
    }

    public Task<bool> RemoveScenarioEditAsync(string scenarioId, long editId, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        WriteAsync(actor, async (conn, tx) =>
        {
            var scenario = await LoadScenarioAsync(conn, tx, scenarioId, ct);
            var edit = scenario?.Edits.FirstOrDefault(e => e.Id == editId);
            if (edit is null) return false;
            CheckExpected("情景", "scenario", scenarioId, scenario!.Stamp, expectedVersion);
            var at = Now();
            await using var cmd = Command(conn, tx, "DELETE FROM scenario_edits WHERE id = @id");
            Add(cmd, "@id", editId);
            await cmd.ExecuteNonQueryAsync(ct);
            var logId = await LogAsync(conn, tx, actor, at, "delete", "scenario_edit", $"{scenarioId}/{editId}", PlanJson.Serialize(edit), null, ct);
            await BumpScenarioAsync(conn, tx, scenario, expectedVersion, logId, actor, at, ct);
            return true;
        }, ct);

    public Task<bool> DeleteScenarioAsync(string id, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        WriteAsync(actor, async (conn, tx) =>
        {
            var scenario = await LoadScenarioAsync(conn, tx, id, ct);
            if (scenario is null) return false;
            CheckExpected("情景", "scenario", id, scenario.Stamp, expectedVersion);
            await using (var cmd = Command(conn, tx, "DELETE FROM scenario_edits WHERE scenario_id = @id"))
            {
                Add(cmd, "@id", id);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            // Guarded by the version: a stale delete throws, and the transaction puts the edits back.
            await using (var guarded = Command(conn, tx, ""))
            {
                guarded.CommandText = $"DELETE FROM scenarios WHERE {WhereVersion(guarded, id, expectedVersion)}";
                if (await guarded.ExecuteNonQueryAsync(ct) == 0)
                    throw Stale("情景", "scenario", id, await ScenarioStampAsync(conn, tx, id, ct), expectedVersion);
            }
            await LogAsync(conn, tx, actor, Now(), "delete", "scenario", id, PlanJson.Serialize(scenario), null, ct);
            return true;
        }, ct);

    private static PlanStoreException ScenarioNotFound(string id) =>
        new(PlanStoreError.NotFound, $"方案不存在:{id}", $"scenario not found: {id}");

    private async Task CheckEditAsync(DbConnection conn, DbTransaction tx, Scenario scenario, ScenarioEdit edit, CancellationToken ct)
    {
        var invalid = (string zh, string en) =>
            new PlanStoreException(PlanStoreError.InvalidRows, $"方案修改无效:{zh}", $"invalid scenario edit: {en}");
        if (string.IsNullOrWhiteSpace(edit.FacilityId)) throw invalid("缺少设施 id", "facility id is missing");
        var inBase = await SelectOneAsync(PlanTables.Facilities, conn, tx, "id = @id", [("@id", edit.FacilityId)], ct) is not null;
        var added = scenario.Edits.Any(e => e.Kind == ScenarioEditKind.Add && e.FacilityId == edit.FacilityId);
        switch (edit.Kind)
        {
            case ScenarioEditKind.Add:
                if (edit.Facility is null) throw invalid("新增设施缺少内容", "an Add edit needs the facility");
                if (edit.Facility.Id != edit.FacilityId) throw invalid("设施 id 不一致", "facility id differs from the edit's");
                if (inBase || added)
                    throw new PlanStoreException(PlanStoreError.Conflict, $"设施 id 已存在:{edit.FacilityId}",
                        $"facility id already exists: {edit.FacilityId}");
                if (Check(PlanTables.Facilities, edit.Facility, 0).FirstOrDefault() is { } bad) throw invalid(bad.MessageZh, bad.MessageEn);
                break;
            default:
                if (!inBase && !added)
                    throw new PlanStoreException(PlanStoreError.NotFound, $"设施不存在:{edit.FacilityId}",
                        $"facility not found: {edit.FacilityId}");
                if (edit.Kind == ScenarioEditKind.Move && GeometryProblem(edit.Geometry) is { } p) throw invalid(p.Zh, p.En);
                break;
        }
    }

    private async Task<Scenario?> LoadScenarioAsync(DbConnection conn, DbTransaction? tx, string id, CancellationToken ct)
    {
        Scenario? scenario;
        await using (var cmd = Command(conn, tx, $"SELECT id, name, description, created_by, created_at, {VersionColumns} FROM scenarios WHERE id = @id"))
        {
            Add(cmd, "@id", id);
            scenario = (await ReadScenariosAsync(cmd, ct)).FirstOrDefault();
        }
        if (scenario is null) return null;
        var edits = new List<ScenarioEdit>();
        await using (var cmd = Command(conn, tx,
            "SELECT id, kind, facility_id, payload, note, created_by, created_at FROM scenario_edits WHERE scenario_id = @id ORDER BY id"))
        {
            Add(cmd, "@id", id);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var payload = PlanJson.Deserialize<EditPayload>(r.GetString(3))!;
                edits.Add(new ScenarioEdit
                {
                    Id = Convert.ToInt64(r.GetValue(0)), Kind = PlanJson.ParseEnum<ScenarioEditKind>(r.GetString(1)),
                    FacilityId = r.GetString(2), Facility = payload.Facility, Geometry = payload.Geometry,
                    Note = r.IsDBNull(4) ? null : r.GetString(4), CreatedBy = r.GetString(5), CreatedAt = ReadTime(r, 6),
                });
            }
        }
        return scenario with { Edits = edits, EditCount = edits.Count };
    }

    private async Task<List<Scenario>> ReadScenariosAsync(DbCommand cmd, CancellationToken ct)
    {
        var list = new List<Scenario>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new Scenario
            {
                Id = r.GetString(0), Name = r.GetString(1), Description = r.IsDBNull(2) ? null : r.GetString(2),
                CreatedBy = r.GetString(3), CreatedAt = ReadTime(r, 4), Stamp = ReadStamp(r, 5),
                EditCount = r.FieldCount > 8 ? Convert.ToInt32(r.GetValue(8)) : 0,
            });
        return list;
    }
}
