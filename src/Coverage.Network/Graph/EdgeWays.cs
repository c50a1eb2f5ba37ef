namespace Coverage.Network.Graph;

/// <summary>
/// Which OSM way each edge came from and the way's name: a side table for labels (a proposal's nearest road), kept out
/// of the arrays the search reads. An edge that runs through several ways (a chain joined at degree-2 nodes) carries
/// the way it starts on. Names are interned: each distinct name is stored once and edges hold its index.
/// 12 bytes an edge (way id 8, name index 4) plus the distinct names.
/// </summary>
public sealed class EdgeWays
{
    /// <summary>Source OSM way id of each edge; 0 when the edge has no source way (hand-built graphs).</summary>
    public readonly long[] WayId;
    /// <summary>Index into <see cref="Names"/> of each edge's name, or -1 when the way has none.</summary>
    public readonly int[] NameIndex;
    /// <summary>Distinct way names (OSM name, else name:zh, else ref).</summary>
    public readonly string[] Names;

    public EdgeWays(long[] wayId, int[] nameIndex, string[] names)
    {
        if (wayId.Length != nameIndex.Length) throw new ArgumentException("Way id and name index arrays disagree in length.");
        foreach (int i in nameIndex)
            if (i < -1 || i >= names.Length) throw new ArgumentException($"Name index {i} is not a name (table has {names.Length}).");
        WayId = wayId; NameIndex = nameIndex; Names = names;
    }

    /// <summary>No source ways: every edge has way id 0 and no name.</summary>
    public static EdgeWays None(int edgeCount) => new(new long[edgeCount], Enumerable.Repeat(-1, edgeCount).ToArray(), []);

    public int EdgeCount => WayId.Length;

    /// <summary>The name of edge e's way, or null when it has none.</summary>
    public string? NameOf(int e) => NameIndex[e] >= 0 ? Names[NameIndex[e]] : null;

    /// <summary>Bytes held by the table: the per-edge arrays plus the names as UTF-16 with a string's ~20-byte overhead.</summary>
    public long Bytes => 12L * WayId.Length + Names.Sum(n => 20L + 2L * n.Length);

    /// <summary>Collects (way id, name) per edge in edge order and interns the names.</summary>
    public sealed class Builder
    {
        readonly List<long> _wayId = [];
        readonly List<int> _nameIndex = [];
        readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        readonly List<string> _names = [];

        public void Add(long wayId, string? name)
        {
            _wayId.Add(wayId);
            _nameIndex.Add(string.IsNullOrWhiteSpace(name) ? -1 : Intern(name.Trim()));
        }

        int Intern(string name)
        {
            if (_index.TryGetValue(name, out int i)) return i;
            _names.Add(name);
            return _index[name] = _names.Count - 1;
        }

        public EdgeWays Build() => new(_wayId.ToArray(), _nameIndex.ToArray(), _names.ToArray());
    }
}
