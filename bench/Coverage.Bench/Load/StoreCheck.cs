using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Bench.Load;

/// <summary>
/// After the run, the planners' writes against what the store holds (read directly from PostGIS, not through the server):
/// every acknowledged write must be there — a created facility with its name, place and capacity, a deleted one absent,
/// the last acknowledged change's content present — and no write answered with an error may have taken effect.
/// </summary>
public static class StoreCheck
{
    /// <summary>Acknowledged writes, those found in the store, refused writes found applied anyway, and one line per mismatch.</summary>
    public sealed record Result(int Acknowledged, int Found, int RefusedButApplied, int UnknownApplied, IReadOnlyList<string> Mismatches);

    /// <summary>Positions are written with 6 decimals; the store keeps doubles.</summary>
    const double Tolerance = 1e-7;

    public static Result Run(IReadOnlyList<WriteRecord> writes, IReadOnlyList<Facility> stored)
    {
        var byId = stored.ToDictionary(f => f.Id);
        var names = stored.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var mismatches = new List<string>();
        int acknowledged = writes.Count(w => w.Acknowledged), found = 0;

        foreach (var facility in writes.Where(w => w.Acknowledged).GroupBy(w => w.Id))
        {
            if (facility.Key is null)
            {
                mismatches.AddRange(facility.Select(w => $"{w.Method} p{w.Writer}-{w.Sequence}: acknowledged without a facility id"));
                continue;
            }
            var acked = facility.OrderBy(w => w.Sequence).ToList();
            var last = acked[^1];
            // Writes after the last acknowledged one whose outcome is unknown (timeout, COMMIT cut off) may have taken effect.
            var unknown = writes.Where(w => w.Id == facility.Key && w.Sequence > last.Sequence && w.Writer == last.Writer
                && w.OutcomeUnknown).ToList();
            byId.TryGetValue(facility.Key, out var now);
            if (Holds(last, now) || unknown.Any(w => Holds(w, now))) found += acked.Count;
            else
            {
                found += acked.Count - 1;
                mismatches.Add($"{last.Method} {facility.Key} (p{last.Writer}-{last.Sequence}) acknowledged but the store has " +
                    (now is null ? "no such facility" : $"'{now.Name}' at {Describe(now.Geometry)}"));
            }
        }

        // Every write carried a unique name: a refused POST or PUT whose name is in the store took effect all the same.
        var refused = writes.Where(w => w.Content is not null && !w.Acknowledged).ToList();
        int refusedApplied = refused.Count(w => !w.OutcomeUnknown && names.Contains(w.Content!.Name));
        foreach (var w in refused.Where(w => !w.OutcomeUnknown && names.Contains(w.Content!.Name)))
            mismatches.Add($"{w.Method} p{w.Writer}-{w.Sequence} answered {w.Answer.Status} but its '{w.Content!.Name}' is in the store");
        int unknownApplied = refused.Count(w => w.OutcomeUnknown && names.Contains(w.Content!.Name));
        return new Result(acknowledged, found, refusedApplied, unknownApplied, mismatches);
    }

    /// <summary>Does the stored facility show this write: absent after a DELETE, the written content after a POST or PUT?</summary>
    static bool Holds(WriteRecord write, Facility? now)
    {
        if (write.Method == "DELETE") return now is null;
        if (now is null || write.Content is not { } c) return false;
        return now.Name == c.Name && now.Capacity == c.Capacity && now.Geometry is Point p
            && Math.Abs(p.X - c.Lon) < Tolerance && Math.Abs(p.Y - c.Lat) < Tolerance;
    }

    static string Describe(Geometry g) => g is Point p ? $"({p.X:0.######}, {p.Y:0.######})" : g.GeometryType;
}
