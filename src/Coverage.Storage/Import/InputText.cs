using System.Globalization;
using System.Text;
using Coverage.Core;

namespace Coverage.Storage.Import;

/// <summary>A whole-file problem (too large, wrong encoding, not the format) with a bilingual message.</summary>
public sealed class ImportFormatException(string zh, string en) : InputException(zh, en)
{
    public string Zh => Text.Zh;
    public string En => Text.En;
}

/// <summary>
/// Reads input bytes under a size limit and decodes text: UTF-8 (with or without BOM), UTF-16 with BOM,
/// else GB18030 (a superset of GBK, what Excel on Chinese Windows writes). Anything else is refused, not guessed.
/// </summary>
public static class InputText
{
    static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    static readonly Lazy<Encoding> StrictGb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>GBK/GB18030 (code pages registered on first use).</summary>
    public static Encoding Gb18030 => StrictGb18030.Value;

    /// <summary>Refuses a file over the limit from its length alone, before reading any of it.</summary>
    public static void CheckSize(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new ImportFormatException($"找不到文件 {path}", $"file not found: {path}");
        if (info.Length > maxBytes) throw TooLarge(info.Length, maxBytes);
    }

    /// <summary>All bytes of a stream, stopping with an error as soon as it passes the limit.</summary>
    public static byte[] ReadLimited(Stream stream, long maxBytes)
    {
        if (stream.CanSeek && stream.Length - stream.Position > maxBytes) throw TooLarge(stream.Length - stream.Position, maxBytes);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > maxBytes) throw TooLarge(buffer.Length + n, maxBytes, atLeast: true);
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    static ImportFormatException TooLarge(long size, long max, bool atLeast = false)
    {
        string s = Mb(size), m = Mb(max), more = atLeast ? "超过" : "";
        return new($"文件大小{more} {s} MB，超过上限 {m} MB；请拆分文件或调高上限",
            $"file is {(atLeast ? "over " : "")}{s} MB, above the {m} MB limit; split it or raise the limit");
    }

    static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Decoded text and the encoding's name ("UTF-8", "GBK").</summary>
    public static (string Text, string Encoding) Decode(byte[] bytes)
    {
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4)
            throw new ImportFormatException("这是 Excel 工作簿（.xlsx）而不是 CSV；请把扩展名改为 .xlsx 后直接导入",
                "this is an Excel workbook (.xlsx), not CSV; rename it to .xlsx and import it as it is");
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            return (Utf8OrThrow(bytes.AsSpan(3)), "UTF-8");
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            return (new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true).ReadToEnd(), "UTF-16");
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            throw WrongEncoding("文件含有 NUL 字节（二进制文件或无 BOM 的 UTF-16）", "file contains NUL bytes (binary, or UTF-16 without a byte-order mark)");
        try { return (StrictUtf8.GetString(bytes), "UTF-8"); }
        catch (DecoderFallbackException) { }
        try { return (Gb18030.GetString(bytes), "GBK"); }
        catch (DecoderFallbackException e)
        {
            throw WrongEncoding($"既不是 UTF-8 也不是 GBK（第 {e.Index} 字节附近）", $"neither UTF-8 nor GBK (near byte {e.Index})");
        }
    }

    static string Utf8OrThrow(ReadOnlySpan<byte> bytes)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException e)
        {
            throw WrongEncoding($"文件标为 UTF-8（有 BOM）但第 {e.Index + 3} 字节附近不是 UTF-8", $"file is marked UTF-8 (BOM) but is not UTF-8 near byte {e.Index + 3}");
        }
    }

    static ImportFormatException WrongEncoding(string zh, string en) =>
        new($"无法识别文件编码：{zh}；请另存为 UTF-8", $"cannot read the file's encoding: {en}; save it as UTF-8");
}
