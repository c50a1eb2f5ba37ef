using Coverage.Core;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Circles;

/// <summary>
/// Facilities searched together: one category (or category/kind), or the union a nearest-circle lists, under one
/// walk profile. One multi-source search per group, run to the nearest facility of every node (no time limit).
/// </summary>
public sealed record CategoryGroup(IReadOnlyList<CategoryReference> References, WalkProfile Profile)
{
    public bool Matches(Facility f)
    {
        foreach (var r in References) if (r.Matches(f.Category, f.Kind)) return true;
        return false;
    }

    /// <summary>Cache key: same references (any order) and profile give the same times.</summary>
    public string Key => $"{Profile.Id}|{string.Join(",", References.Select(r => r.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal))}";

    public override string ToString() => string.Join(", ", References);
}

/// <summary>
/// Seconds from each settlement sample to the nearest facility of a group, and which facility (an index into the
/// region's facilities, or beyond them for what-if additions); +∞ and -1 where no facility of the group can be reached on foot (off the network, or a part of it without one).
/// </summary>
public sealed class SampleTimes(CategoryGroup group, float[] seconds, int[] facility, int sources)
{
    public CategoryGroup Group { get; } = group;
    public float[] Seconds { get; } = seconds;
    public int[] Facility { get; } = facility;
    /// <summary>Facilities that were sources of the search.</summary>
    public int SourceCount { get; } = sources;

    public SampleTimes Copy() => new(Group, (float[])Seconds.Clone(), (int[])Facility.Clone(), SourceCount);
}
