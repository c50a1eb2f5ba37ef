using System.Text;

namespace Coverage.Demo.Output;

/// <summary>
/// Protocol Buffers wire encoding (https://protobuf.dev/programming-guides/encoding/) into a growable buffer: the
/// few field kinds an OSM PBF file needs. Repeated scalars are always written packed — one length-delimited
/// field, even for a single value — as the OSM PBF schema declares them (<c>[packed = true]</c>). protobuf-net
/// writes a one-element packed list unpacked; libosmium (osmium, osm2pgsql), GDAL and OSRM then read no value at
/// all, so a way with one tag looked untagged to them.
/// </summary>
internal sealed class WireBuffer(int capacity = 1 << 16)
{
    const int VarintWire = 0, LengthDelimitedWire = 2;

    byte[] _bytes = new byte[capacity];
    int _length;

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>An int32/int64/uint32/uint64 field (two's complement; this writer only gives it non-negative values).</summary>
    public void Int(int field, long value)
    {
        Tag(field, VarintWire);
        Varint((ulong)value);
    }

    /// <summary>A sint64 field (zigzag).</summary>
    public void SInt(int field, long value)
    {
        Tag(field, VarintWire);
        Varint(ZigZag(value));
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedWire);
        Varint((ulong)value.Length);
        Append(value);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Message(int field, WireBuffer message) => Bytes(field, message.Written);

    /// <summary>Appends the fields already encoded in <paramref name="fields"/> to this message.</summary>
    public void Fields(WireBuffer fields) => Append(fields.Written);

    /// <summary>A packed repeated uint32/int32 field of non-negative values; nothing when empty.</summary>
    public void Packed(int field, ReadOnlySpan<int> values)
    {
        if (values.IsEmpty) return;
        int size = 0;
        foreach (var v in values) size += VarintSize((uint)v);
        PackedHeader(field, size);
        foreach (var v in values) Varint((uint)v);
    }

    /// <summary>
    /// A packed repeated sint64 field holding the differences of successive <paramref name="values"/> (the first
    /// against 0), zigzag-encoded: how the PBF schema stores ids, positions, refs and timestamps. Nothing when empty.
    /// </summary>
    public void PackedDelta(int field, ReadOnlySpan<long> values)
    {
        if (values.IsEmpty) return;
        int size = 0;
        long previous = 0;
        foreach (var v in values) { size += VarintSize(ZigZag(v - previous)); previous = v; }
        PackedHeader(field, size);
        previous = 0;
        foreach (var v in values) { Varint(ZigZag(v - previous)); previous = v; }
    }

    void PackedHeader(int field, int size)
    {
        Tag(field, LengthDelimitedWire);
        Varint((ulong)size);
        Reserve(size);
    }

    void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    static int VarintSize(ulong v)
    {
        int n = 1;
        while (v >= 0x80) { v >>= 7; n++; }
        return n;
    }

    void Varint(ulong v)
    {
        Reserve(10);
        while (v >= 0x80)
        {
            _bytes[_length++] = (byte)(v | 0x80);
            v >>= 7;
        }
        _bytes[_length++] = (byte)v;
    }

    void Append(ReadOnlySpan<byte> value)
    {
        Reserve(value.Length);
        value.CopyTo(_bytes.AsSpan(_length));
        _length += value.Length;
    }

    void Reserve(int more)
    {
        if (_length + more <= _bytes.Length) return;
        Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + more));
    }
}
