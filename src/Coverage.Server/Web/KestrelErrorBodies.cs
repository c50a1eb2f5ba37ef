using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Coverage.Core;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Coverage.Server.Web;

/// <summary>
/// Kestrel answers some malformed requests itself, before any middleware runs: a NUL (%00) or control character in the
/// address, a request line over its limit (414), headers too large (431). Those answers are an empty body and a closed
/// connection, and no hook exists to change them (aspnet/KestrelHttpServer#2947). This connection middleware watches the
/// bytes Kestrel writes and gives exactly those answers — an error status, "Content-Length: 0", "Connection: close" and no
/// Content-Type, which the app's own answers never are — the problem+json body every other error has.
/// </summary>
public static class KestrelErrorBodies
{
    public static void Configure(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection =>
        {
            connection.Transport = new Duplex(connection.Transport);
            return next(connection);
        }));

    sealed class Duplex(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;
        public PipeWriter Output { get; } = new ErrorBodyWriter(inner.Output);
    }

    /// <summary>What the body says for each status Kestrel refuses a request with.</summary>
    static (Bilingual Title, Bilingual Detail) Describe(int status) => status switch
    {
        414 => (new("地址过长", "URI too long"), new("请求地址（路径和查询参数）超过服务器允许的长度；请缩短地址，或把数据放在 POST 请求体中发送。",
            "The address (path and query) is longer than the server accepts; shorten it, or send the data in a POST body.")),
        431 => (new("请求头过大", "Request headers too large"), new("请求头超过服务器允许的大小；请减少或缩短请求头（如 Cookie）。",
            "The request headers are larger than the server accepts; send fewer or shorter headers (e.g. cookies).")),
        400 => (new("请求无效", "Bad request"), new("请求行或请求头无法解析（如地址中含有 %00 或控制字符）；请修正地址后重试。",
            "The request line or headers cannot be read (e.g. %00 or a control character in the address); fix the address and try again.")),
        _ => (new("请求无效", "Bad request"), new("服务器无法读取该请求。", "The server cannot read the request.")),
    };

    static byte[] Body(int status)
    {
        var (title, detail) = Describe(status);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("status", status);
            json.WriteString("title", title.En);
            json.WriteString("detail", detail.En);
            json.WriteString("titleZh", title.Zh);
            json.WriteString("detailZh", detail.Zh);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Passes every write through, except that a response head starting "HTTP/1.1 4xx/5xx" is held until its blank line
    /// (or a flush), then written as it was or, when it is Kestrel's own empty error answer, with the problem+json body.
    /// </summary>
    sealed class ErrorBodyWriter(PipeWriter inner) : PipeWriter
    {
        static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray(), EmptyBody = "\r\nContent-Length: 0\r\n"u8.ToArray();
        const int MaxHeld = 16 * 1024;
        Memory<byte> _last;
        ArrayBufferWriter<byte>? _held;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _last = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => (_last = inner.GetMemory(sizeHint)).Span;

        public override void Advance(int bytes)
        {
            var written = _last.Span[..bytes];
            // Writers may go on in the rest of the memory they were given without asking again (Kestrel's BufferWriter does).
            _last = _last[bytes..];
            if (_held is null && !(written.StartsWith("HTTP/1.1 4"u8) || written.StartsWith("HTTP/1.1 5"u8)))
            {
                inner.Advance(bytes);
                return;
            }
            // Copied out and not advanced: released below, in order, once the head is complete.
            (_held ??= new ArrayBufferWriter<byte>()).Write(written);
            if (_held.WrittenSpan.IndexOf(HeadEnd) >= 0 || _held.WrittenCount > MaxHeld) Release();
        }

        void Release()
        {
            if (_held is null) return;
            var head = _held.WrittenSpan;
            _held = null;
            if (KestrelError(head) is { } status) WriteWithBody(head, status);
            else inner.Write(head);
        }

        /// <summary>The status of Kestrel's own empty error answer, or null for anything else.</summary>
        static int? KestrelError(ReadOnlySpan<byte> head)
        {
            int end = head.IndexOf(HeadEnd);
            if (end < 0 || end + HeadEnd.Length != head.Length) return null;
            var text = Encoding.ASCII.GetString(head);
            if (!text.Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase)
                || !text.Contains("\r\nContent-Length: 0\r\n", StringComparison.OrdinalIgnoreCase)
                || text.Contains("\r\nContent-Type:", StringComparison.OrdinalIgnoreCase)) return null;
            return int.TryParse(text.AsSpan(9, 3), out var status) ? status : null;
        }

        void WriteWithBody(ReadOnlySpan<byte> head, int status)
        {
            var body = Body(status);
            int at = head.IndexOf(EmptyBody);
            inner.Write(head[..at]);
            inner.Write(Encoding.ASCII.GetBytes($"\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: {body.Length}\r\n"));
            inner.Write(head[(at + EmptyBody.Length)..]);
            inner.Write(body);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release();
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            Release();
            return inner.CompleteAsync(exception);
        }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;
        public override long UnflushedBytes => inner.UnflushedBytes + (_held?.WrittenCount ?? 0);
    }
}
