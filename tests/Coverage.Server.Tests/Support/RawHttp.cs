using System.Net.Sockets;
using System.Text;

namespace Coverage.Server.Tests.Support;

/// <summary>Sends raw bytes (no client library would send these) and reads one HTTP/1.1 answer with a Content-Length.</summary>
public static class RawHttp
{
    /// <summary>The answer's status, media type, body and head; status 0 when the server closed without answering.</summary>
    public static async Task<(int Status, string? ContentType, string Body)> SendAsync(Uri server, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(request);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (an overlong request line).
        }
        var bytes = new List<byte>();
        var buffer = new byte[8192];
        int headEnd = -1;
        while (true)
        {
            int n;
            try
            {
                n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (IOException)
            {
                break; // reset after the answer
            }
            if (n == 0) break;
            bytes.AddRange(buffer.AsSpan(0, n).ToArray());
            var text = Encoding.UTF8.GetString(bytes.ToArray());
            headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd < 0) continue;
            if (Chunked(text[..headEnd]) ? text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal) || text.EndsWith("\r\n\r\n0\r\n\r\n", StringComparison.Ordinal)
                : Encoding.UTF8.GetByteCount(text[(headEnd + 4)..]) >= Length(text[..headEnd])) break;
        }
        var all = Encoding.UTF8.GetString(bytes.ToArray());
        headEnd = all.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0) return (0, null, all);
        var head = all[..headEnd].Split("\r\n");
        var type = head.FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Split(';')[0].Trim();
        var body = all[(headEnd + 4)..];
        return (int.Parse(head[0].Split(' ')[1]), type, Chunked(all[..headEnd]) ? Dechunk(body) : body);
    }

    static string? Header(string head, string name) => head.Split("\r\n")
        .FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();

    static int Length(string head) => Header(head, "Content-Length") is { } v ? int.Parse(v) : 0;

    static bool Chunked(string head) => Header(head, "Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A chunked body's data (sizes in hex, each chunk followed by CRLF, a zero size at the end).</summary>
    static string Dechunk(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var data = new List<byte>();
        int at = 0;
        while (at < bytes.Length)
        {
            int lineEnd = Array.IndexOf(bytes, (byte)'\n', at);
            if (lineEnd < 0) break;
            int size = Convert.ToInt32(Encoding.ASCII.GetString(bytes, at, lineEnd - at).Trim(), 16);
            if (size == 0) break;
            data.AddRange(bytes.AsSpan(lineEnd + 1, size).ToArray());
            at = lineEnd + 1 + size + 2;
        }
        return Encoding.UTF8.GetString(data.ToArray());
    }

    public static Task<(int Status, string? ContentType, string Body)> SendAsync(Uri server, string request) =>
        SendAsync(server, Encoding.ASCII.GetBytes(request));
}
