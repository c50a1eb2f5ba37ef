using Coverage.Core.Domain;

namespace Coverage.Storage.Sql;

/// <summary>The IPlanStore members for facilities, settlements and circle standards.</summary>
public abstract partial class SqlPlanStore
{
    public Task<Facility?> GetFacilityAsync(string id, CancellationToken ct = default) =>
        GetAsync(PlanTables.Facilities, id, ct);

    public Task<IReadOnlyList<Facility>> QueryFacilitiesAsync(FacilityQuery query, CancellationToken ct = default)
    {
        var filters = new List<(string, IReadOnlyList<object>)>();
        if (query.Categories is { } cats) filters.Add(("category", cats.Cast<object>().ToList()));
        if (query.Statuses is { } statuses) filters.Add(("status", statuses.Select(s => (object)PlanJson.EnumText(s)).ToList()));
        return QueryAsync(PlanTables.Facilities, filters, query.Bbox, ct);
    }

    public Task<UpsertResult> UpsertFacilitiesAsync(IReadOnlyList<Facility> facilities, string actor, CancellationToken ct = default) =>
        UpsertAsync(PlanTables.Facilities, facilities, actor, ct);

    public async Task<bool> UpdateFacilityAsync(Facility facility, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        await UpdateAsync(PlanTables.Facilities, facility, actor, ct, expectedVersion) is not null;

    public Task<Facility?> ReplaceFacilityAsync(Facility facility, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        UpdateAsync(PlanTables.Facilities, facility, actor, ct, expectedVersion);

    public Task<bool> DeleteFacilityAsync(string id, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        DeleteAsync(PlanTables.Facilities, id, actor, ct, expectedVersion);

    public Task<Settlement?> GetSettlementAsync(string id, CancellationToken ct = default) =>
        GetAsync(PlanTables.Settlements, id, ct);

    public Task<IReadOnlyList<Settlement>> QuerySettlementsAsync(SettlementQuery query, CancellationToken ct = default)
    {
        var filters = new List<(string, IReadOnlyList<object>)>();
        if (query.Kinds is { } kinds) filters.Add(("kind", kinds.Select(k => (object)PlanJson.EnumText(k)).ToList()));
        if (query.Town is { } town) filters.Add(("town", [town]));
        return QueryAsync(PlanTables.Settlements, filters, query.Bbox, ct);
    }

    public Task<UpsertResult> UpsertSettlementsAsync(IReadOnlyList<Settlement> settlements, string actor, CancellationToken ct = default) =>
        UpsertAsync(PlanTables.Settlements, settlements, actor, ct);

    public async Task<bool> UpdateSettlementAsync(Settlement settlement, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        await UpdateAsync(PlanTables.Settlements, settlement, actor, ct, expectedVersion) is not null;

    public Task<bool> DeleteSettlementAsync(string id, string actor, CancellationToken ct = default, long? expectedVersion = null) =>
        DeleteAsync(PlanTables.Settlements, id, actor, ct, expectedVersion);

    public Task<IReadOnlyList<CircleStandard>> ListCircleStandardsAsync(CancellationToken ct = default) =>
        QueryAsync(PlanTables.CircleStandards, [], null, ct);

    public Task<UpsertResult> UpsertCircleStandardsAsync(IReadOnlyList<CircleStandard> standards, string actor,
        CancellationToken ct = default) => UpsertAsync(PlanTables.CircleStandards, standards, actor, ct);

    public Task<bool> DeleteCircleStandardAsync(string id, string actor, CancellationToken ct = default) =>
        DeleteAsync(PlanTables.CircleStandards, id, actor, ct, null);
}
