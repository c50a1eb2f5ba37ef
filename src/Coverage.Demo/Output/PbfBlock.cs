using System.Runtime.InteropServices;
using System.Text;

namespace Coverage.Demo.Output;

/// <summary>Who wrote every element and when: the demo gives all its elements the same metadata.</summary>
internal sealed record PbfAuthor(int Version, long Changeset, DateTime Timestamp, int Uid, string User);

/// <summary>
/// One OSM PBF PrimitiveBlock being filled (field numbers from osmformat.proto): its string table, a DenseNodes
/// group and a group of ways. Nodes come first, then ways (the file is sorted Type_then_ID). Granularity, offsets and
/// date granularity keep their schema defaults (100 nanodegrees, 0, 1000 ms), so they are not written.
/// </summary>
internal sealed class PbfBlock(PbfAuthor author)
{
    const long NanodegreesPerUnit = 100;

    readonly Dictionary<string, int> _stringIds = new(StringComparer.Ordinal) { [""] = 0 };
    readonly List<string> _strings = [""];
    readonly List<long> _nodeIds = [], _lats = [], _lons = [];
    readonly List<int> _keysVals = [];
    readonly WireBuffer _ways = new(), _way = new(), _info = new();
    readonly List<int> _keys = [], _vals = [];
    readonly long _seconds = (long)(author.Timestamp - DateTime.UnixEpoch).TotalSeconds;
    int _wayCount;

    public int Count => _nodeIds.Count + _wayCount;

    public void AddNode(long id, double lon, double lat, (string Key, string Value)[]? tags)
    {
        if (_wayCount > 0) throw new InvalidOperationException("PBF nodes must precede ways (Sort.Type_then_ID).");
        _nodeIds.Add(id);
        _lats.Add(Units(lat));
        _lons.Add(Units(lon));
        foreach (var (key, value) in tags ?? [])
        {
            _keysVals.Add(StringId(key));
            _keysVals.Add(StringId(value));
        }
        _keysVals.Add(0);
    }

    public void AddWay(long id, ReadOnlySpan<long> refs, (string Key, string Value)[] tags)
    {
        _keys.Clear(); _vals.Clear();
        foreach (var (key, value) in tags) { _keys.Add(StringId(key)); _vals.Add(StringId(value)); }
        _info.Clear();
        _info.Int(1, author.Version);
        _info.Int(2, _seconds);
        _info.Int(3, author.Changeset);
        _info.Int(4, author.Uid);
        _info.Int(5, StringId(author.User));
        _way.Clear();
        _way.Int(1, id);
        _way.Packed(2, CollectionsMarshal.AsSpan(_keys));
        _way.Packed(3, CollectionsMarshal.AsSpan(_vals));
        _way.Message(4, _info);
        _way.PackedDelta(8, refs);
        _ways.Message(3, _way);
        _wayCount++;
    }

    /// <summary>The encoded PrimitiveBlock; the block is empty again afterwards.</summary>
    public byte[] Encode()
    {
        var groups = new WireBuffer();
        if (_nodeIds.Count > 0)
        {
            var dense = DenseNodes();
            var group = new WireBuffer(dense.Written.Length + 16);
            group.Message(2, dense);
            groups.Message(2, group);
        }
        if (_wayCount > 0) groups.Message(2, _ways);

        var table = new WireBuffer();
        foreach (var s in _strings) table.Bytes(1, Encoding.UTF8.GetBytes(s));
        var block = new WireBuffer(table.Written.Length + groups.Written.Length + 16);
        block.Message(1, table);
        block.Fields(groups);
        Reset();
        return block.Written.ToArray();
    }

    WireBuffer DenseNodes()
    {
        int n = _nodeIds.Count;
        int user = StringId(author.User);
        var info = new WireBuffer();
        // DenseInfo: version is a plain value per node; timestamp, changeset, uid and user_sid are delta-coded.
        info.Packed(1, Repeat(author.Version, n));
        info.PackedDelta(2, Repeat(_seconds, n));
        info.PackedDelta(3, Repeat(author.Changeset, n));
        info.PackedDelta(4, Repeat((long)author.Uid, n));
        info.PackedDelta(5, Repeat((long)user, n));

        var dense = new WireBuffer(n * 12);
        dense.PackedDelta(1, Span(_nodeIds));
        dense.Message(5, info);
        dense.PackedDelta(8, Span(_lats));
        dense.PackedDelta(9, Span(_lons));
        dense.Packed(10, CollectionsMarshal.AsSpan(_keysVals));
        return dense;
    }

    /// <summary>
    /// Degrees to units of 100 nanodegrees, truncated toward zero as OsmSharp's encoder did, so that the demo
    /// region's node positions did not move when this writer replaced it.
    /// </summary>
    static long Units(double degrees) => (long)(degrees / .000000001) / NanodegreesPerUnit;

    int StringId(string s)
    {
        if (_stringIds.TryGetValue(s, out int id)) return id;
        _stringIds[s] = id = _strings.Count;
        _strings.Add(s);
        return id;
    }

    void Reset()
    {
        _stringIds.Clear(); _stringIds[""] = 0;
        _strings.RemoveRange(1, _strings.Count - 1);
        _nodeIds.Clear(); _lats.Clear(); _lons.Clear(); _keysVals.Clear();
        _ways.Clear();
        _wayCount = 0;
    }

    static ReadOnlySpan<long> Span(List<long> list) => CollectionsMarshal.AsSpan(list);

    static T[] Repeat<T>(T value, int count)
    {
        var a = new T[count];
        Array.Fill(a, value);
        return a;
    }
}
