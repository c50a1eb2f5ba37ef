using System.Buffers.Binary;
using OsmSharp.IO.Zip;
using OsmSharp.IO.Zip.Streams;

namespace Coverage.Demo.Output;

/// <summary>
/// Writes an OSM PBF file (https://wiki.openstreetmap.org/wiki/PBF_Format) with every repeated scalar packed, so
/// that osmium, osm2pgsql, GDAL/QGIS and OSRM read what Coverage reads. The header block says what the file is
/// (bounding box, writingprogram and a source line starting "SYNTHETIC") and is stored uncompressed so `strings`
/// or a hex view shows it; data blocks of at most <see cref="EntitiesPerBlock"/> elements are zlib-compressed with
/// OsmSharp's managed deflater, whose output does not depend on the runtime's zlib (the demo files are byte-pinned).
/// </summary>
internal sealed class PbfFileWriter(Stream output, PbfAuthor author)
{
    public const int EntitiesPerBlock = 8000;
    const double NanoDegrees = 1e9;

    readonly PbfBlock _block = new(author);

    public void WriteHeader(string source, string writingProgram, (double Left, double Right, double Top, double Bottom) bbox)
    {
        var box = new WireBuffer();
        box.SInt(1, (long)Math.Round(bbox.Left * NanoDegrees));
        box.SInt(2, (long)Math.Round(bbox.Right * NanoDegrees));
        box.SInt(3, (long)Math.Round(bbox.Top * NanoDegrees));
        box.SInt(4, (long)Math.Round(bbox.Bottom * NanoDegrees));
        var header = new WireBuffer();
        header.Message(1, box);
        header.String(4, "OsmSchema-V0.6");
        header.String(4, "DenseNodes");
        header.String(5, "Sort.Type_then_ID");
        header.String(16, writingProgram);
        header.String(17, source);

        var blob = new WireBuffer();
        blob.Bytes(1, header.Written);
        blob.Int(2, header.Written.Length);
        WriteBlob("OSMHeader", blob);
    }

    public void AddNode(long id, double lon, double lat, (string Key, string Value)[]? tags)
    {
        _block.AddNode(id, lon, lat, tags);
        if (_block.Count >= EntitiesPerBlock) FlushBlock();
    }

    public void AddWay(long id, ReadOnlySpan<long> refs, (string Key, string Value)[] tags)
    {
        _block.AddWay(id, refs, tags);
        if (_block.Count >= EntitiesPerBlock) FlushBlock();
    }

    /// <summary>Writes the last, partly filled block and flushes the stream.</summary>
    public void Finish()
    {
        FlushBlock();
        output.Flush();
    }

    void FlushBlock()
    {
        if (_block.Count == 0) return;
        var raw = _block.Encode();
        using var zlib = new MemoryStream();
        using (var deflate = new DeflaterOutputStream(zlib, new Deflater(Deflater.DEFAULT_COMPRESSION)))
            deflate.Write(raw);
        var blob = new WireBuffer();
        blob.Int(2, raw.Length);
        blob.Bytes(3, zlib.ToArray());
        WriteBlob("OSMData", blob);
    }

    /// <summary>A BlobHeader (type, datasize) behind its 4-byte big-endian length, then the Blob.</summary>
    void WriteBlob(string type, WireBuffer blob)
    {
        var header = new WireBuffer(64);
        header.String(1, type);
        header.Int(3, blob.Written.Length);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, header.Written.Length);
        output.Write(length);
        output.Write(header.Written);
        output.Write(blob.Written);
    }
}
