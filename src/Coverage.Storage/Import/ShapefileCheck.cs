using System.Buffers.Binary;

namespace Coverage.Storage.Import;

/// <summary>
/// Walks the .shp record headers before the reader allocates anything: each record must fit in the file, and the part
/// and point counts of a line, polygon or multipoint record must fit in the record's own length (ESRI Shapefile Technical
/// Description, 1998). A corrupt count (0x7FFFFFFF) made the reader allocate gigabytes; now it is a one-line error.
/// </summary>
static class ShapefileCheck
{
    const int FileHeaderBytes = 100, RecordHeaderBytes = 8;

    public static void Records(string shpPath)
    {
        using var shp = new FileStream(shpPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        long length = shp.Length;
        if (length < FileHeaderBytes) throw Damaged($"文件只有 {length} 字节，不足文件头的 100 字节", $"the file has {length} bytes, less than the 100-byte header");
        Span<byte> head = stackalloc byte[RecordHeaderBytes + 44];
        long at = FileHeaderBytes;
        for (int record = 1; at < length; record++)
        {
            shp.Position = at;
            int got = shp.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (got < RecordHeaderBytes) throw Damaged($"第 {record} 条记录的记录头不完整", $"record {record} has an incomplete header");
            long content = 2L * BinaryPrimitives.ReadInt32BigEndian(head[4..]);
            if (content < 4 || at + RecordHeaderBytes + content > length)
                throw Damaged($"第 {record} 条记录声明长度 {content} 字节，超出文件末尾", $"record {record} claims {content} bytes, past the end of the file");
            var body = head[RecordHeaderBytes..Math.Max(got, RecordHeaderBytes)];
            if (Needed(body, content) is { } need && need.Bytes > content)
                throw Damaged($"第 {record} 条记录的 {need.Parts} 个部分、{need.Points} 个点需要 {need.Bytes} 字节，而记录只有 {content} 字节",
                    $"record {record}'s {need.Parts} parts and {need.Points} points need {need.Bytes} bytes but the record holds {content}");
            at += RecordHeaderBytes + content;
        }
    }

    /// <summary>The .dbf must hold the records its header declares (a cut file made the reader repeat earlier records).</summary>
    public static void Attributes(string dbfPath)
    {
        if (!File.Exists(dbfPath)) return;
        using var dbf = new FileStream(dbfPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> head = stackalloc byte[12];
        if (dbf.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
            throw Damaged($"属性表（.dbf）只有 {dbf.Length} 字节，文件头不完整", $"the attribute table (.dbf) has only {dbf.Length} bytes, less than its header");
        long records = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        long need = BinaryPrimitives.ReadUInt16LittleEndian(head[8..]) + records * BinaryPrimitives.ReadUInt16LittleEndian(head[10..]);
        if (need > dbf.Length)
            throw Damaged($"属性表（.dbf）声明 {records} 条记录，需要 {need} 字节，而文件只有 {dbf.Length} 字节",
                $"the attribute table (.dbf) declares {records} records needing {need} bytes but the file has {dbf.Length}");
    }

    /// <summary>Bytes the record's counts require (minimum: optional M values left out), or null for fixed-size shapes.</summary>
    static (long Bytes, long Parts, long Points)? Needed(ReadOnlySpan<byte> body, long content)
    {
        if (body.Length < 4) return null;
        int type = BinaryPrimitives.ReadInt32LittleEndian(body);
        bool z = type is 13 or 15 or 18 or 31;
        switch (type)
        {
            case 3 or 5 or 13 or 15 or 23 or 25 or 31:
                if (body.Length < 44) return (44, 0, 0);
                long parts = BinaryPrimitives.ReadInt32LittleEndian(body[36..]), points = BinaryPrimitives.ReadInt32LittleEndian(body[40..]);
                if (parts < 0 || points < 0) return (long.MaxValue, parts, points);
                long partBytes = type == 31 ? 8 : 4;
                return (44 + partBytes * parts + 16 * points + (z ? 16 + 8 * points : 0), parts, points);
            case 8 or 18 or 28:
                if (body.Length < 40) return (40, 0, 0);
                long n = BinaryPrimitives.ReadInt32LittleEndian(body[36..]);
                return n < 0 ? (long.MaxValue, 0, n) : (40 + 16 * n + (z ? 16 + 8 * n : 0), 0, n);
            default:
                return null;
        }
    }

    static ImportFormatException Damaged(string zh, string en) =>
        new($"Shapefile 已损坏：{zh}；请在 GIS 中修复或重新导出该图层", $"the shapefile is damaged: {en}; repair or re-export the layer in GIS");
}
