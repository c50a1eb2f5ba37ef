using System.Text.Json.Serialization;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Storage;

/// <summary>Filter for facilities; null members do not filter. Bbox keeps features whose geometry intersects it.</summary>
public sealed record FacilityQuery
{
    public IReadOnlyList<string>? Categories { get; init; }
    public IReadOnlyList<FacilityStatus>? Statuses { get; init; }
    /// <summary>WGS84 box (MinX = west lon, MinY = south lat).</summary>
    public Envelope? Bbox { get; init; }
}

/// <summary>Filter for settlements; null members do not filter.</summary>
public sealed record SettlementQuery
{
    public IReadOnlyList<SettlementKind>? Kinds { get; init; }
    public string? Town { get; init; }
    public Envelope? Bbox { get; init; }
}

/// <summary>Outcome of an all-or-nothing batch upsert. Ids are the stored ids in batch order
/// (a row matched by (Source, SourceId) keeps the id it already had).</summary>
public sealed record UpsertResult(int Inserted, int Updated, int Unchanged, IReadOnlyList<string> Ids)
{
    /// <summary>Per id, the stamp each row has after this write (null for a table without versions).</summary>
    public IReadOnlyList<VersionStamp?> Stamps { get; init; } = [];
}

public enum ScenarioEditKind { Add, Move, Remove }

/// <summary>One what-if change over the base plan.</summary>
public sealed record ScenarioEdit
{
    /// <summary>Assigned by the store; 0 before it is stored.</summary>
    public long Id { get; init; }
    public ScenarioEditKind Kind { get; init; }
    /// <summary>The facility added (its new id), moved or removed.</summary>
    public required string FacilityId { get; init; }
    /// <summary>Add: the proposed facility (its Id equals FacilityId).</summary>
    public Facility? Facility { get; init; }
    /// <summary>Move: the new location.</summary>
    public Geometry? Geometry { get; init; }
    public string? Note { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A named set of added/moved/removed facilities over the base plan.</summary>
public sealed record Scenario
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Edits in the order they were made (empty in ListScenariosAsync).</summary>
    public IReadOnlyList<ScenarioEdit> Edits { get; init; } = [];
    /// <summary>How many edits the scenario holds (filled by ListScenariosAsync too, where <see cref="Edits"/> is empty).</summary>
    public int EditCount { get; init; }
    /// <summary>The stored scenario's version (grows on rename and on adding or removing an edit); not serialised.</summary>
    [JsonIgnore]
    public VersionStamp? Stamp { get; init; }
}

/// <summary>One row of the edit log: who changed what, when, with the entity's JSON before and after.</summary>
public sealed record EditLogEntry(
    long Id, DateTimeOffset At, string Actor, string Action, string Entity, string EntityId,
    string? BeforeJson, string? AfterJson);

/// <summary>Filter for the edit log; rows come oldest first.</summary>
public sealed record EditLogQuery
{
    public string? Entity { get; init; }
    public string? EntityId { get; init; }
    /// <summary>Only rows with a larger id (paging cursor).</summary>
    public long AfterId { get; init; }
    public int Limit { get; init; } = 1000;
    /// <summary>Newest rows first (the page's recent edits); AfterId still applies.</summary>
    public bool NewestFirst { get; init; }
}

/// <summary>A planner's bearer token as stored: only its SHA-256 hash is kept, never the token.</summary>
public sealed record PlannerToken(
    string Id, string Name, string Role, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}

/// <summary>A newly issued token: Secret is shown to the planner once and not kept.</summary>
public sealed record IssuedPlannerToken(PlannerToken Token, string Secret);

/// <summary>Health of a store for the health endpoint.</summary>
public sealed record StoreHealth
{
    /// <summary>"geopackage" or "postgis".</summary>
    public required string Kind { get; init; }
    /// <summary>File path, or host:port/database.</summary>
    public required string Location { get; init; }
    public bool Ok { get; init; }
    /// <summary>Engine version, e.g. "PostgreSQL 15.18, PostGIS 3.3" or "SQLite 3.46.1, GeoPackage 1.3".</summary>
    public string? Version { get; init; }
    /// <summary>Coverage schema version (the last migration applied).</summary>
    public int SchemaVersion { get; init; }
    /// <summary>Rows per table (facilities, settlements, circle_standards, scenarios, scenario_edits, edit_log, planner_tokens).</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();
    /// <summary>Why the store is not usable, in Chinese and English, when Ok is false.</summary>
    public string? Error { get; init; }
}

public enum UndoStatus
{
    /// <summary>Undone: Entry is the new "undo" row.</summary>
    Done,
    /// <summary>No edit-log row has this id.</summary>
    NotFound,
    /// <summary>The row is not an edit of one facility, settlement or circle standard (a restore, a scenario, a token).</summary>
    NotUndoable,
    /// <summary>The entity changed after the row: Later is the change that did it (null when it changed outside the log).</summary>
    Stale,
}

/// <summary>The outcome of <see cref="IPlanStore.UndoEditAsync"/>: the undo row, or why there is none.</summary>
public sealed record UndoResult(UndoStatus Status, EditLogEntry? Entry = null, EditLogEntry? Later = null, EditLogEntry? Undone = null);
