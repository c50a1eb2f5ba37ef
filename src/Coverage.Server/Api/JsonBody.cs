using System.Text.Json;
using Coverage.Server.Region;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Api;

/// <summary>
/// Reads a request body as JSON under the size limit: 415 for another media type, 413 when too large, 400 when malformed
/// or when a string is not text (<see cref="JsonText"/>).
/// </summary>
public static class JsonBody
{
    public static async Task<JsonElement> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        long max = request.HttpContext.RequestServices.GetRequiredService<IOptions<CoverageOptions>>().Value.MaxJsonBytes;
        if (!IsJson(request.ContentType))
            throw new RequestProblem(415, "不支持的内容类型", "Unsupported media type",
                $"请求体应为 JSON（Content-Type: application/json 或 application/geo+json），而不是“{request.ContentType}”。",
                $"The body must be JSON (Content-Type: application/json or application/geo+json), not '{request.ContentType}'.");
        if (request.ContentLength > max) throw TooLarge(max);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            // Stop reading at the limit: a body without Content-Length is refused as soon as it passes it.
            if (buffer.Length + read > max) throw TooLarge(max);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            throw new RequestProblem(400, "请求体为空", "Empty body", "请求体为空，应为 JSON。", "The request body is empty; send JSON.");
        try
        {
            var root = Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            JsonText.ThrowIfInvalid(root);
            return root;
        }
        catch (JsonException e)
        {
            string at = e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            string atZh = e.LineNumber is { } l ? $"第 {l + 1} 行第 {e.BytePositionInLine + 1} 个字节" : "";
            throw new RequestProblem(400, "JSON 无效", "Malformed JSON", $"请求体不是有效的 JSON（{atZh}），请检查括号、引号和逗号。",
                $"The body is not valid JSON ({at}); check brackets, quotes and commas.");
        }
    }

    /// <summary>
    /// One JSON value and nothing after it (a UTF-8 BOM allowed). Parsed with arrays of its own, not the shared pool a
    /// JsonDocument rents from: a batch of large bodies left hundreds of MB in that pool, held after every collection.
    /// </summary>
    static JsonElement Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        var root = JsonElement.ParseValue(ref reader);
        if (reader.Read()) throw new JsonException("content after the JSON value", null, 0, reader.TokenStartIndex);
        return root;
    }

    static bool IsJson(string? contentType)
    {
        if (contentType is null) return false;
        var media = contentType.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    static RequestProblem TooLarge(long max) => new(413, "请求体过大", "Request body too large",
        $"请求体超过 {max / 1048576.0:0.#} MB 的上限；请分批提交或使用命令行导入大文件。",
        $"The request body exceeds the {max / 1048576.0:0.#} MB limit; send smaller batches or import large files with the CLI.");
}
