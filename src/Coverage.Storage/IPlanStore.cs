using Coverage.Core.Domain;

namespace Coverage.Storage;

/// <summary>
/// The plan: facilities, settlements, circle standards, scenarios, the edit log and planner tokens.
/// Every write takes the actor recorded in the edit log, and is one transaction: all rows or none.
/// Failures a user can act on are <see cref="PlanStoreException"/>.
/// Facilities, settlements and scenarios carry a <see cref="VersionStamp"/> (read back in their Stamp): its version is the
/// id of the edit-log row of the last change, so it grows and is never issued twice, not even across a restore. A change of one
/// given an expectedVersion is made only if the stored row still has that version, checked in the write itself; otherwise
/// it fails as <see cref="PlanStoreError.Stale"/> with the current stamp, and nothing is written. Null skips the check.
/// </summary>
public interface IPlanStore : IAsyncDisposable
{
    Task<Facility?> GetFacilityAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<Facility>> QueryFacilitiesAsync(FacilityQuery query, CancellationToken ct = default);
    /// <summary>Inserts or updates by (Source, SourceId), else by Id. Any invalid row: nothing written, all bad rows reported.</summary>
    Task<UpsertResult> UpsertFacilitiesAsync(IReadOnlyList<Facility> facilities, string actor, CancellationToken ct = default);
    /// <summary>Replaces the facility with the same Id; false when there is none.</summary>
    Task<bool> UpdateFacilityAsync(Facility facility, string actor, CancellationToken ct = default, long? expectedVersion = null);
    /// <summary>As <see cref="UpdateFacilityAsync"/>, answering the facility as this write stored it, with the stamp the write
    /// produced (the stored one when nothing changed), or null when there is none: an ETag from a later read could name
    /// another planner's newer change.</summary>
    Task<Facility?> ReplaceFacilityAsync(Facility facility, string actor, CancellationToken ct = default, long? expectedVersion = null);
    Task<bool> DeleteFacilityAsync(string id, string actor, CancellationToken ct = default, long? expectedVersion = null);

    Task<Settlement?> GetSettlementAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<Settlement>> QuerySettlementsAsync(SettlementQuery query, CancellationToken ct = default);
    Task<UpsertResult> UpsertSettlementsAsync(IReadOnlyList<Settlement> settlements, string actor, CancellationToken ct = default);
    Task<bool> UpdateSettlementAsync(Settlement settlement, string actor, CancellationToken ct = default, long? expectedVersion = null);
    Task<bool> DeleteSettlementAsync(string id, string actor, CancellationToken ct = default, long? expectedVersion = null);

    Task<IReadOnlyList<CircleStandard>> ListCircleStandardsAsync(CancellationToken ct = default);
    /// <summary>Inserts or updates by Id, all or nothing.</summary>
    Task<UpsertResult> UpsertCircleStandardsAsync(IReadOnlyList<CircleStandard> standards, string actor, CancellationToken ct = default);
    Task<bool> DeleteCircleStandardAsync(string id, string actor, CancellationToken ct = default);

    /// <summary>Creates a scenario with its first edits (checked as <see cref="AppendScenarioEditsAsync"/>), all in one transaction.</summary>
    Task<Scenario> CreateScenarioAsync(string name, string? description, string actor, CancellationToken ct = default,
        IReadOnlyList<ScenarioEdit>? edits = null);
    /// <summary>Renames a scenario (same name rule as create); the renamed scenario with its edits, or null when there is none.</summary>
    Task<Scenario?> RenameScenarioAsync(string id, string name, string actor, CancellationToken ct = default, long? expectedVersion = null);
    /// <summary>The scenario with its edits in order, or null.</summary>
    Task<Scenario?> GetScenarioAsync(string id, CancellationToken ct = default);
    /// <summary>All scenarios, newest first, without their edits.</summary>
    Task<IReadOnlyList<Scenario>> ListScenariosAsync(CancellationToken ct = default);
    /// <summary>Appends an edit; NotFound when the scenario, or the facility moved/removed, does not exist.</summary>
    Task<ScenarioEdit> AddScenarioEditAsync(string scenarioId, ScenarioEdit edit, string actor, CancellationToken ct = default, long? expectedVersion = null);
    /// <summary>
    /// Appends edits in order, one scenario version each, in one transaction: a bad edit stores none of them. Answers the
    /// scenario with its edits as this write left it (read in the same transaction, so its stamp is the one the write
    /// produced); NotFound when there is no such scenario.
    /// </summary>
    Task<Scenario> AppendScenarioEditsAsync(string scenarioId, IReadOnlyList<ScenarioEdit> edits, string actor,
        CancellationToken ct = default, long? expectedVersion = null);
    Task<bool> RemoveScenarioEditAsync(string scenarioId, long editId, string actor, CancellationToken ct = default, long? expectedVersion = null);
    Task<bool> DeleteScenarioAsync(string id, string actor, CancellationToken ct = default, long? expectedVersion = null);

    /// <summary>
    /// The plan version: the id of the newest edit-log row that changed the plan itself (facilities, settlements, circle
    /// standards, a restore; <see cref="PlanEntities"/>), 0 for a plan never logged. Scenarios, groupings and tokens leave it as is.
    /// </summary>
    Task<long> PlanVersionAsync(CancellationToken ct = default);
    /// <summary>The edit-log entities whose changes change the plan (and so its version and every analysis of it).</summary>
    static readonly IReadOnlyList<string> PlanEntities = ["facility", "settlement", "circle_standard", Backup.RestoreLog.Entity];

    /// <summary>Saved life-circle groupings by name, without their units.</summary>
    Task<IReadOnlyList<SavedGrouping>> ListGroupingsAsync(CancellationToken ct = default);
    /// <summary>The grouping with its units, or null.</summary>
    Task<SavedGrouping?> GetGroupingAsync(string name, CancellationToken ct = default);
    /// <summary>
    /// Creates or replaces the grouping of that name, in one transaction. Refused as InvalidRows when it is not a partition
    /// with centres (no unit, a unit without members or without a centre among them, a member in two units, a repeated unit id);
    /// as Conflict when the plan version moved on since grouping.PlanVersion (its villages may have changed); as Stale when
    /// expectedVersion is given and the stored grouping is not at it (or is gone), and when expectedVersion is 0 ("create only")
    /// and a grouping of that name exists. Answers the grouping as stored, with its stamp.
    /// </summary>
    Task<SavedGrouping> SaveGroupingAsync(SavedGrouping grouping, string actor, CancellationToken ct = default, long? expectedVersion = null);
    Task<bool> DeleteGroupingAsync(string name, string actor, CancellationToken ct = default, long? expectedVersion = null);

    Task<IReadOnlyList<EditLogEntry>> ReadEditLogAsync(EditLogQuery query, CancellationToken ct = default);
    /// <summary>
    /// Puts the entity of edit-log row editId back to that row's before state, as a new write logged with action "undo",
    /// in one transaction; refused (Stale, with the later change) when the entity is no longer as that row left it.
    /// </summary>
    Task<UndoResult> UndoEditAsync(long editId, string actor, CancellationToken ct = default);
    /// <summary>The id of the newest edit-log row (0 when empty): a cursor meaning "the plan as of now".</summary>
    Task<long> LastEditLogIdAsync(CancellationToken ct = default);

    /// <summary>Issues a token (a random one when secret is null); only its SHA-256 hash is stored. Names are unique.</summary>
    Task<IssuedPlannerToken> IssuePlannerTokenAsync(string name, string role, string actor, string? secret = null, CancellationToken ct = default);
    /// <summary>The token whose hash matches this bearer token (revoked ones too: check IsActive), or null.</summary>
    Task<PlannerToken?> FindPlannerTokenAsync(string bearerToken, CancellationToken ct = default);
    Task<IReadOnlyList<PlannerToken>> ListPlannerTokensAsync(CancellationToken ct = default);
    Task<bool> RevokePlannerTokenAsync(string name, string actor, CancellationToken ct = default);

    /// <summary>Kind, version and row counts; never throws: a failure is Ok=false with Error.</summary>
    Task<StoreHealth> PingAsync(CancellationToken ct = default);
}
