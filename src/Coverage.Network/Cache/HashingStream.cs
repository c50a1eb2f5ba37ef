using System.Security.Cryptography;

namespace Coverage.Network.Cache;

/// <summary>
/// Passes bytes through to another stream (read or write) while hashing them with SHA-256. Reads stop at
/// <paramref name="readLimit"/> bytes, so a buffer above it never pulls in (and hashes) what follows a payload.
/// </summary>
internal sealed class HashingStream(Stream inner, long readLimit = long.MaxValue) : Stream
{
    readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesPassed { get; private set; }

    public byte[] Hash() => _hash.GetHashAndReset();

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length > readLimit - BytesPassed) buffer = buffer[..(int)(readLimit - BytesPassed)];
        int n = inner.Read(buffer);
        _hash.AppendData(buffer[..n]);
        BytesPassed += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _hash.AppendData(buffer);
        BytesPassed += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesPassed; set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
