using Coverage.Core.Domain;

namespace Coverage.Storage;

public enum PlanStoreError
{
    /// <summary>The database cannot be reached (server down, wrong host/port, bad credentials).</summary>
    Unavailable,
    /// <summary>The file or database is not a Coverage store or is damaged.</summary>
    Corrupt,
    /// <summary>The store was opened read-only or its file cannot be written.</summary>
    ReadOnly,
    /// <summary>A batch had invalid rows; nothing was written. See Rows.</summary>
    InvalidRows,
    /// <summary>A referenced entity does not exist.</summary>
    NotFound,
    /// <summary>A write conflicts with an existing row (unique id or source key).</summary>
    Conflict,
    /// <summary>The row changed since the writer read it (its expected version is not the stored one). See Current.</summary>
    Stale,
    /// <summary>
    /// The database is up but did not finish in time: a lock held by another writer (a CLI import, a schema upgrade), a
    /// statement or pool wait that timed out. Clears by itself; worth retrying in a few seconds.
    /// </summary>
    Busy,
    /// <summary>The connection broke while COMMIT was on its way: the write may or may not be stored. Not to be retried blindly.</summary>
    CommitUnknown,
}

/// <summary>Why one row of a batch was refused. Index is the 0-based position in the batch.</summary>
public sealed record RowError(int Index, string? Id, string Field, string MessageZh, string MessageEn)
{
    public override string ToString() => $"#{Index} {Id} {Field}: {MessageZh} / {MessageEn}";
}

/// <summary>
/// A store failure a planner or operator can act on: one line in Chinese and English saying what, where and what to do.
/// </summary>
public sealed class PlanStoreException : Exception
{
    public PlanStoreException(PlanStoreError error, string messageZh, string messageEn,
        IReadOnlyList<RowError>? rows = null, Exception? inner = null)
        : base($"{messageZh} / {messageEn}", inner)
    {
        Error = error;
        MessageZh = messageZh;
        MessageEn = messageEn;
        Rows = rows ?? [];
    }

    public PlanStoreError Error { get; }
    public string MessageZh { get; }
    public string MessageEn { get; }
    public IReadOnlyList<RowError> Rows { get; }
    /// <summary>For <see cref="PlanStoreError.Stale"/>: the stored version, who made it and when.</summary>
    public VersionStamp? Current { get; init; }
}
