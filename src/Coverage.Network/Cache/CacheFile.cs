using System.Text;

namespace Coverage.Network.Cache;

/// <summary>What a cache file holds for the caller: its own data, data for other inputs or another format, or something broken.</summary>
public enum CacheFileState { Valid, Stale, Corrupt }

/// <summary>
/// The framing every Coverage cache file shares (the graph cache, the places cache). Header: an 8-byte magic, the format
/// version (int32), the content key of the inputs (32 bytes), the payload length (int64). Then the payload, then the SHA-256
/// of the payload. Written to a temp file renamed over the target, so no half-written cache is ever seen; read back only
/// when magic, version, key, length and checksum all match, so nothing unverified is trusted.
/// </summary>
public static class CacheFile
{
    public const int HeaderBytes = 8 + 4 + 32 + 8;
    const int TrailerBytes = 32;

    /// <summary>Writes <paramref name="payload"/> framed under <paramref name="magic"/>, <paramref name="version"/> and <paramref name="key"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> magic, int version, byte[] key, Action<BinaryWriter> payload)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Coverage cache files are little-endian.");
        if (magic.Length != 8 || key.Length != 32) throw new ArgumentException("A cache file has an 8-byte magic and a 32-byte key.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                file.Write(magic);
                file.Write(BitConverter.GetBytes(version));
                file.Write(key);
                file.Write(BitConverter.GetBytes(0L)); // payload length, filled in below
                byte[] payloadHash;
                long payloadLength;
                using (var hashing = new HashingStream(file))
                {
                    // Buffered above the hash: a payload of many small fields is hashed in blocks, not field by field.
                    // (Flushed, not disposed: disposing a BufferedStream disposes the stream under it.)
                    var buffered = new BufferedStream(hashing, 1 << 16);
                    using (var writer = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true)) payload(writer);
                    buffered.Flush();
                    payloadHash = hashing.Hash();
                    payloadLength = hashing.BytesPassed;
                }
                file.Write(payloadHash);
                file.Position = HeaderBytes - 8;
                file.Write(BitConverter.GetBytes(payloadLength));
            }
            File.Move(temp, path, overwrite: true);
        }
        finally { File.Delete(temp); }
    }

    /// <summary>
    /// Reads the payload of the file at <paramref name="path"/> with <paramref name="payload"/> (given the reader and the payload
    /// length) when the file is this kind of cache (<paramref name="magic"/>) for this <paramref name="version"/> and <paramref name="key"/>
    /// and its checksum holds. <paramref name="detail"/> says what is wrong with a corrupt file; <paramref name="what"/> names the
    /// kind of cache in it. Read errors and malformed payloads are corrupt, never thrown.
    /// </summary>
    public static CacheFileState TryRead<T>(string path, ReadOnlySpan<byte> magic, int version, byte[] key, string what,
        Func<BinaryReader, long, T> payload, out T? value, out string detail)
    {
        value = default;
        detail = "";
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var header = new byte[HeaderBytes];
            if (file.Length < HeaderBytes + TrailerBytes) { detail = "file too short"; return CacheFileState.Corrupt; }
            file.ReadExactly(header);
            if (!header.AsSpan(0, 8).SequenceEqual(magic)) { detail = $"not a {what}"; return CacheFileState.Corrupt; }
            if (BitConverter.ToInt32(header, 8) != version || !header.AsSpan(12, 32).SequenceEqual(key)) return CacheFileState.Stale;
            long payloadLength = BitConverter.ToInt64(header, HeaderBytes - 8);
            if (payloadLength != file.Length - HeaderBytes - TrailerBytes) { detail = "truncated or extended"; return CacheFileState.Corrupt; }

            T read;
            using var hashing = new HashingStream(file, payloadLength);
            var buffered = new BufferedStream(hashing, 1 << 16); // not disposed: that would dispose the hash under it
            using (var reader = new BinaryReader(buffered, Encoding.UTF8, leaveOpen: true)) read = payload(reader, payloadLength);
            // The payload's reader must have taken every byte of it: the buffer can only have read ahead up to its end.
            if (buffered.ReadByte() >= 0) { detail = "payload longer than its content"; return CacheFileState.Corrupt; }
            var actual = hashing.Hash();
            var expected = new byte[TrailerBytes];
            file.ReadExactly(expected);
            if (hashing.BytesPassed != payloadLength || !actual.AsSpan().SequenceEqual(expected))
            {
                detail = "checksum mismatch";
                return CacheFileState.Corrupt;
            }
            value = read;
            return CacheFileState.Valid;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or IOException or FormatException
                                   or OverflowException or UnauthorizedAccessException)
        {
            value = default;
            detail = e.Message;
            return CacheFileState.Corrupt;
        }
    }
}
