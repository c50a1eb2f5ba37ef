using System.Text.Json.Serialization;
using Coverage.Core.Domain;

namespace Coverage.Storage;

/// <summary>
/// A planner's edited 15-minute life-circle grouping (划定15分钟生活圈), saved under a unique name. It is its own object, not a
/// scenario edit: a scenario changes facilities over the base plan, while a grouping partitions the plan's villages and is only
/// meaningful for the plan version it was drawn on (<see cref="PlanVersion"/>), which the store checks when it is saved.
/// </summary>
public sealed record SavedGrouping
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>The plan version (<see cref="IPlanStore.PlanVersionAsync"/>) the grouping was drawn and checked on.</summary>
    public long PlanVersion { get; init; }
    /// <summary>Every member once (empty in ListGroupingsAsync, where <see cref="UnitCount"/> still counts them).</summary>
    public IReadOnlyList<GroupingUnit> Units { get; init; } = [];
    /// <summary>The rule check of these units on <see cref="PlanVersion"/>, stored with them.</summary>
    public required GroupingCheck Check { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The stored grouping's version (grows on each save); not serialised.</summary>
    [JsonIgnore]
    public VersionStamp? Stamp { get; init; }
    public int UnitCount => Check.UnitCount;

    /// <summary>The refusal of a grouping drawn on another plan version than the current one: its villages may differ.</summary>
    public static PlanStoreException PlanChanged(string name, long drawnOn, long now) => new(PlanStoreError.Conflict,
        $"规划已更新（当前规划版本 {now}，划分“{name}”依据的版本 {drawnOn}）：村（社区）可能已变，请重新载入生活圈单元后再调整并保存",
        $"The plan has changed (plan version now {now}; grouping '{name}' was drawn on {drawnOn}): its villages may differ; " +
        "reload the life-circle units, redo the changes and save again");
}

/// <summary>One unit of a saved grouping: its id, its centre (one of its members) and its members (settlement ids).</summary>
public sealed record GroupingUnit(string Id, string CentreId, IReadOnlyList<string> Members);

/// <summary>A grouping's rule check: whether every unit meets it, how many units there are and meet it, and the whole answer as JSON.</summary>
public sealed record GroupingCheck(bool AllMeet, int UnitCount, int Meeting, string Json);
