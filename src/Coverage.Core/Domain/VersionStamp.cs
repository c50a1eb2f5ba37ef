namespace Coverage.Core.Domain;

/// <summary>
/// Which change of a stored row a copy reflects: Version starts at 1 and grows by one per change, UpdatedBy/UpdatedAt name
/// the last change (null for rows stored before versions were kept and never changed since). Set by the plan store on read;
/// a writer sends it back as the expected version so a change made meanwhile by someone else is not silently overwritten.
/// </summary>
public sealed record VersionStamp(long Version, string? UpdatedBy, DateTimeOffset? UpdatedAt);
