using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using OsmSharp.IO.PBF;
using ProtoBuf;

namespace Coverage.Network.Osm;

/// <summary>
/// Streams an .osm.pbf blob by blob: OsmSharp's BlobHeader/Blob contracts frame the file, each data block is
/// decoded with protobuf-net into the lean contracts of <see cref="LeanBlock"/> (no metadata, no relations, no
/// OsmGeo object per element), and strings are decoded once per block and only for keys that matter.
/// Malformed bytes surface as <see cref="InvalidDataException"/> or <see cref="EndOfStreamException"/> only: the
/// decoders' own exceptions are translated right where they are called (<see cref="Decode{T}"/>, <see cref="Inflate"/>),
/// so an exception of another type from the collector or the progress callback is a bug, never "a corrupt file".
/// </summary>
internal static class PbfExtractSource
{
    const int MaxHeaderBytes = 64 * 1024, MaxBlobBytes = 32 * 1024 * 1024; // limits set by the PBF specification

    public static void Read(Stream stream, ExtractCollector sink, Action? blockDone)
    {
        var frame = new byte[MaxHeaderBytes];
        var raw = new byte[1 << 20];
        var refs = new long[1024];
        var strings = new string?[4096];
        bool first = true;
        while (true)
        {
            int got = stream.ReadAtLeast(frame.AsSpan(0, 4), 4, throwOnEndOfStream: false);
            if (got == 0 && !first) return;
            if (got < 4) throw new EndOfStreamException("file ends inside a blob header");
            int headerLength = BinaryPrimitives.ReadInt32BigEndian(frame);
            if (headerLength is <= 0 or > MaxHeaderBytes) throw new InvalidDataException($"blob header of {headerLength} bytes");
            stream.ReadExactly(frame.AsSpan(0, headerLength));
            var header = Decode<BlobHeader>(new ReadOnlyMemory<byte>(frame, 0, headerLength), "blob header");
            if (header.datasize is <= 0 or > MaxBlobBytes) throw new InvalidDataException($"blob of {header.datasize} bytes");
            if (first && header.type != "OSMHeader") throw new InvalidDataException("the file does not start with an OSMHeader block");
            first = false;

            var blobBytes = new byte[header.datasize];
            stream.ReadExactly(blobBytes);
            var blob = Decode<Blob>(new ReadOnlyMemory<byte>(blobBytes), "blob");
            if (header.type != "OSMData") continue;
            int size = Inflate(blob, ref raw);
            var block = Decode<LeanBlock>(new ReadOnlyMemory<byte>(raw, 0, size), "data block");
            ReadBlock(block, sink, ref refs, ref strings);
            blockDone?.Invoke();
        }
    }

    /// <summary>
    /// One protobuf-net message. On malformed bytes protobuf-net throws more than <see cref="ProtoException"/>: "over-read
    /// packed data" is an InvalidOperationException, and lengths past the buffer give overflow, argument-range, end of
    /// stream or null-reference errors. Caught here only, around the decoder's call, and turned into InvalidDataException.
    /// </summary>
    static T Decode<T>(ReadOnlyMemory<byte> bytes, string what)
    {
        try { return Serializer.Deserialize<T>(bytes); }
        catch (Exception e) when (e is ProtoException or IOException or InvalidOperationException or OverflowException
                                      or ArgumentOutOfRangeException or NullReferenceException)
        { throw new InvalidDataException($"{what} does not decode: {e.Message}", e); }
    }

    /// <summary>A blob's block bytes; zlib errors (System.IO.Compression throws InvalidDataException or an IOException) become InvalidDataException.</summary>
    static int Inflate(Blob blob, ref byte[] raw)
    {
        if (blob.raw is { } plain) { raw = plain; return plain.Length; }
        if (blob.zlib_data == null) throw new InvalidDataException("blob compression other than zlib is not supported");
        if (blob.raw_size is <= 0 or > MaxBlobBytes) throw new InvalidDataException($"block of {blob.raw_size} bytes");
        if (raw.Length < blob.raw_size) raw = new byte[blob.raw_size];
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(blob.zlib_data), CompressionMode.Decompress);
            zlib.ReadExactly(raw.AsSpan(0, blob.raw_size));
        }
        catch (IOException e) // EndOfStreamException included: the block is shorter than it says
        { throw new InvalidDataException($"zlib block does not inflate: {e.Message}", e); }
        return blob.raw_size;
    }

    static void ReadBlock(LeanBlock block, ExtractCollector sink, ref long[] refs, ref string?[] strings)
    {
        var table = block.StringTable?.Strings ?? [];
        if (strings.Length < table.Count) strings = new string?[table.Count];
        else Array.Clear(strings, 0, table.Count);
        long latOffset = block.LatOffset, lonOffset = block.LonOffset, granularity = block.Granularity;
        foreach (var group in block.Groups)
        {
            if (group.Dense is { } dense)
            {
                long id = 0, lat = 0, lon = 0;
                var ids = dense.Id; var lats = dense.Lat; var lons = dense.Lon;
                if (lats.Length != ids.Length || lons.Length != ids.Length) throw new InvalidDataException("dense node arrays disagree");
                for (int i = 0; i < ids.Length; i++)
                {
                    id += ids[i]; lat += lats[i]; lon += lons[i];
                    sink.AddNode(id, Fixed(latOffset + granularity * lat), Fixed(lonOffset + granularity * lon));
                }
            }
            foreach (var node in group.Nodes)
                sink.AddNode(node.Id, Fixed(latOffset + granularity * node.Lat), Fixed(lonOffset + granularity * node.Lon));
            foreach (var way in group.Ways)
            {
                var tags = new WayTags();
                for (int k = 0; k < way.Keys.Length && k < way.Vals.Length; k++)
                {
                    var key = String(table, strings, way.Keys[k]);
                    if (WayTags.Wants(key)) tags.Set(key, String(table, strings, way.Vals[k]));
                }
                var access = sink.Classify(tags);
                if (!access.IsWalkable) { sink.AddWay(access, default); continue; }
                var deltas = way.Refs;
                if (refs.Length < deltas.Length) refs = new long[deltas.Length * 2];
                long refId = 0;
                for (int r = 0; r < deltas.Length; r++) refs[r] = refId += deltas[r];
                sink.AddWay(access, refs.AsSpan(0, deltas.Length), way.Id, tags.Label);
            }
        }
    }

    static string String(List<byte[]> table, string?[] cache, uint i) =>
        i < (uint)table.Count ? cache[i] ??= Encoding.UTF8.GetString(table[(int)i]) : throw new InvalidDataException($"string index {i} out of range");

    /// <summary>Nanodegrees to the graph's 1e-7 degree fixed point, rounded half away from zero.</summary>
    static int Fixed(long nanoDegrees) => (int)((nanoDegrees + (nanoDegrees >= 0 ? 50 : -50)) / 100);
}
