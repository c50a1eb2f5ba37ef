using Coverage.Core.Domain;
using Coverage.Storage;
using NetTopologySuite.Geometries;

namespace Coverage.Bench.Load;

/// <summary>
/// After the run, the planners' writes against what the store holds (read directly from PostGIS, not through the server).
/// Two witnesses: the final state (every facility's last acknowledged write shows — created or changed content present,
/// a deleted one absent) and the edit log, written in the same transaction as each change, which shows every write that
/// took effect, not only the last one per facility: each acknowledged write must have its own entry (its content after,
/// or the delete), in the order the planner sent them, and no write answered with an error may have one.
/// </summary>
public static class StoreCheck
{
    /// <summary>Acknowledged writes; those the final state shows; those with their edit-log entry; refused writes applied
    /// anyway (by either witness); writes of unknown outcome that took effect; one line per mismatch.</summary>
    public sealed record Result(int Acknowledged, int Found, int Logged, int RefusedButApplied, int UnknownApplied, IReadOnlyList<string> Mismatches);

    /// <summary>Positions are written with 6 decimals; the store keeps doubles.</summary>
    const double Tolerance = 1e-7;

    /// <param name="log">The edit log's facility rows, oldest first.</param>
    public static Result Run(IReadOnlyList<WriteRecord> writes, IReadOnlyList<Facility> stored, IReadOnlyList<EditLogEntry> log)
    {
        var mismatches = new List<string>();
        int found = FinalState(writes, stored, mismatches);
        var entries = Entries.Of(log);
        var refusedApplied = new HashSet<WriteRecord>(ReferenceEqualityComparer.Instance);

        // Every write carried a unique name: a refused POST or PUT whose name is in the store took effect all the same.
        var names = stored.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var w in writes.Where(w => w.Content is not null && !w.Acknowledged && !w.OutcomeUnknown && names.Contains(w.Content!.Name)))
        {
            refusedApplied.Add(w);
            mismatches.Add($"{Name(w)} answered {Refusal(w)} but its '{w.Content!.Name}' is in the store");
        }

        int logged = 0, unknownApplied = 0;
        foreach (var w in writes)
        {
            var entry = entries.Of(w, writes);
            if (w.Acknowledged)
            {
                if (entry is not null && (w.Method == "DELETE" || Holds(w, entry.After))) logged++;
                else mismatches.Add($"{Name(w)} on {w.Id} acknowledged but " + (entry is null ? "not in the edit log" : "logged with other content"));
            }
            else if (w.OutcomeUnknown) unknownApplied += entry is not null || (w.Content is { } c && names.Contains(c.Name)) ? 1 : 0;
            else if (entry is not null && refusedApplied.Add(w))
                mismatches.Add($"{Name(w)} on {w.Id ?? "(new)"} answered {Refusal(w)} but the edit log has it (entry {entry.Entry.Id})");
        }
        mismatches.AddRange(entries.Duplicates(writes));
        mismatches.AddRange(OutOfOrder(writes, entries));
        return new Result(writes.Count(w => w.Acknowledged), found, logged, refusedApplied.Count, unknownApplied, mismatches);
    }

    /// <summary>Acknowledged writes the final state bears out: all of a facility's when its last one shows, else all but that one.</summary>
    static int FinalState(IReadOnlyList<WriteRecord> writes, IReadOnlyList<Facility> stored, List<string> mismatches)
    {
        var byId = stored.ToDictionary(f => f.Id);
        int found = 0;
        foreach (var facility in writes.Where(w => w.Acknowledged).GroupBy(w => w.Id))
        {
            if (facility.Key is null)
            {
                mismatches.AddRange(facility.Select(w => $"{Name(w)}: acknowledged without a facility id"));
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
        return found;
    }

    /// <summary>Per facility, the log's entries must come in the order its planner sent the writes they record.</summary>
    static IEnumerable<string> OutOfOrder(IReadOnlyList<WriteRecord> writes, Entries entries)
    {
        foreach (var facility in writes.Where(w => w.Id is not null).GroupBy(w => w.Id))
        {
            var inLog = facility.Select(w => (Write: w, Entry: entries.Of(w, writes))).Where(x => x.Entry is not null)
                .OrderBy(x => x.Entry!.Entry.Id).ToList();
            for (int i = 1; i < inLog.Count; i++)
                if (inLog[i].Write.Writer == inLog[i - 1].Write.Writer && inLog[i].Write.Sequence < inLog[i - 1].Write.Sequence)
                    yield return $"edit log of {facility.Key}: {Name(inLog[i].Write)} after {Name(inLog[i - 1].Write)}";
        }
    }

    /// <summary>One facility row of the edit log with its after-image read back.</summary>
    sealed record Logged(EditLogEntry Entry, Facility? After);

    /// <summary>The edit log indexed the two ways a write shows in it: by the unique name it wrote, or as a facility's delete.</summary>
    sealed class Entries
    {
        readonly Dictionary<string, List<Logged>> _byName = new(StringComparer.Ordinal);
        readonly Dictionary<string, Logged> _deletes = new(StringComparer.Ordinal);
        readonly List<string> _twice = [];

        public static Entries Of(IReadOnlyList<EditLogEntry> log)
        {
            var e = new Entries();
            foreach (var row in log.Where(r => r.Entity == "facility"))
            {
                if (row.Action == "delete")
                {
                    if (!e._deletes.TryAdd(row.EntityId, new Logged(row, null))) e._twice.Add($"edit log deletes {row.EntityId} twice");
                    continue;
                }
                if (row.AfterJson is null || PlanJson.Deserialize<Facility>(row.AfterJson) is not { } after) continue;
                if (!e._byName.TryGetValue(after.Name, out var list)) e._byName[after.Name] = list = [];
                list.Add(new Logged(row, after));
            }
            return e;
        }

        /// <summary>
        /// The entry recording this write, or null. A POST or PUT: the entry on its facility whose after-image carries its
        /// unique name. A DELETE: the facility's delete, unless an acknowledged DELETE (or one of unknown outcome) of the
        /// same facility accounts for it — only one delete of a facility can take effect.
        /// </summary>
        public Logged? Of(WriteRecord w, IReadOnlyList<WriteRecord> writes)
        {
            if (w.Content is { } c)
                return _byName.TryGetValue(c.Name, out var list) ? list.FirstOrDefault(l => w.Id is null || l.Entry.EntityId == w.Id) : null;
            if (w.Id is null || !_deletes.TryGetValue(w.Id, out var delete)) return null;
            if (w.Acknowledged) return delete;
            bool explained = writes.Any(o => o != w && o.Method == "DELETE" && o.Id == w.Id && (o.Acknowledged || (o.OutcomeUnknown && !w.OutcomeUnknown)));
            return explained ? null : delete;
        }

        /// <summary>A write logged more than once (its unique name in two entries), or a facility deleted twice.</summary>
        public IEnumerable<string> Duplicates(IEnumerable<WriteRecord> writes) =>
            _twice.Concat(writes.Where(w => w.Content is not null && _byName.TryGetValue(w.Content.Name, out var l) && l.Count > 1)
                .Select(w => $"{Name(w)} is in the edit log {_byName[w.Content!.Name].Count} times " +
                    $"(entries {string.Join(", ", _byName[w.Content!.Name].Select(l => l.Entry.Id))})"));
    }

    /// <summary>Does the stored facility show this write: absent after a DELETE, the written content after a POST or PUT?</summary>
    static bool Holds(WriteRecord write, Facility? now)
    {
        if (write.Method == "DELETE") return now is null;
        if (now is null || write.Content is not { } c) return false;
        return now.Name == c.Name && now.Capacity == c.Capacity && now.Geometry is Point p
            && Math.Abs(p.X - c.Lon) < Tolerance && Math.Abs(p.Y - c.Lat) < Tolerance;
    }

    static string Name(WriteRecord w) => $"{w.Method} p{w.Writer}-{w.Sequence}";

    /// <summary>How a refused write was answered: status, when (sent, answered) and the problem's detail, to trace it in the server log.</summary>
    static string Refusal(WriteRecord w) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{w.Answer.Status} (sent {w.Answer.StartSeconds:0.0} s, answered after {w.Answer.Milliseconds:0} ms: {w.Answer.Detail ?? "no detail"})");

    static string Describe(Geometry g) => g is Point p ? $"({p.X:0.######}, {p.Y:0.######})" : g.GeometryType;
}
