using System.Security.Cryptography;
using System.Text;
using Coverage.Network.Graph;
using Coverage.Network.Osm;

namespace Coverage.Network.Cache;

/// <summary>A graph ready to use, and where it came from.</summary>
/// <param name="FromCache">True when read from <paramref name="CachePath"/>, false when built from the extract.</param>
/// <param name="Warning">One bilingual line when a cache was stale, corrupt or could not be written; null otherwise.</param>
public sealed record WalkGraphLoad(WalkGraph Graph, NetworkBuildStats Stats, bool FromCache, string CachePath, string? Warning);

/// <summary>
/// Versioned binary cache of built graphs, keyed by the SHA-256 of the extract's bytes. A cache for another extract
/// or format version is rebuilt; a corrupt or truncated one is reported and rebuilt; nothing unverified is trusted.
/// Default location: $COVERAGE_CACHE_DIR, else $XDG_CACHE_HOME/coverage/graphs, else ~/.cache/coverage/graphs
/// (beside nothing the user owns, since extracts often sit on read-only shares).
/// </summary>
public static class WalkGraphCache
{
    /// <summary>Bump on any change to the file layout or to the build rules (access table, compression).
    /// 2: the edge way table (source way id and name of each edge).
    /// 3: country road rules (China trunk, sidewalk=*, ferry wait; <see cref="RoadRules"/>).</summary>
    public const int FormatVersion = 3;

    enum CacheState { Valid, Stale, Corrupt }

    /// <param name="rules">Country rules; null chooses them from the extract's place (the file alone decides, so the
    /// file hash keys it). Explicit rules are part of the key: a graph built under other rules is rebuilt.</param>
    public static WalkGraphLoad LoadOrBuild(string extractPath, string? cachePath = null, IProgress<double>? progress = null,
        RoadRules? rules = null)
    {
        OsmNetworkReader.FormatOf(extractPath); // a missing or unknown file fails here, before any hashing
        cachePath ??= DefaultPathFor(extractPath);
        var extractHash = KeyOf(HashFile(extractPath), rules);
        string? warning = null;
        if (File.Exists(cachePath))
        {
            var state = TryRead(cachePath, extractHash, out var loaded, out var detail);
            if (state == CacheState.Valid)
            {
                progress?.Report(1);
                return new WalkGraphLoad(loaded.Graph, loaded.Stats, true, cachePath, null);
            }
            warning = state == CacheState.Stale
                ? $"缓存属于其他提取文件或版本，已重建：{cachePath} / Cache was built from another extract or format version; rebuilt: {cachePath}"
                : $"缓存文件已损坏，已重建：{cachePath} / Cache file is corrupt ({detail}); rebuilt: {cachePath}";
        }

        var (graph, stats) = OsmNetworkReader.Read(extractPath, progress, rules);
        try { Write(cachePath, extractHash, graph, stats); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warning = (warning == null ? "" : warning + " ") +
                $"无法写入缓存：{cachePath} / Could not write the cache {cachePath} ({e.Message}); the graph is used without it.";
        }
        return new WalkGraphLoad(graph, stats, false, cachePath, warning);
    }

    public static string DefaultPathFor(string extractPath)
    {
        var root = Environment.GetEnvironmentVariable("COVERAGE_CACHE_DIR");
        if (string.IsNullOrEmpty(root))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            root = Path.Combine(string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg, "coverage", "graphs");
        }
        // The full path's hash keeps two extracts of the same name apart; the content hash inside decides validity.
        var pathTag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(extractPath))))[..8];
        return Path.Combine(root, $"{Path.GetFileName(extractPath)}-{pathTag}.walkgraph");
    }

    /// <summary>The cache key: the extract's hash alone under automatic rules, else a hash of it and the rules' key.</summary>
    public static byte[] KeyOf(byte[] extractHash, RoadRules? rules) => rules == null ? extractHash
        : SHA256.HashData([.. extractHash, .. Encoding.UTF8.GetBytes(rules.CacheKey)]);

    public static byte[] HashFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return SHA256.HashData(file);
    }

    /// <summary>Writes the cache atomically: a temp file renamed over the target, so no half-written cache is ever seen.</summary>
    public static void Write(string cachePath, byte[] extractHash, WalkGraph graph, NetworkBuildStats stats)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The graph cache is little-endian.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cachePath))!);
        var temp = $"{cachePath}.{Environment.ProcessId}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                file.Write(WalkGraphFile.Magic);
                file.Write(BitConverter.GetBytes(FormatVersion));
                file.Write(extractHash);
                file.Write(BitConverter.GetBytes(0L)); // payload length, filled in below
                byte[] payloadHash;
                long payloadLength;
                using (var hashing = new HashingStream(file))
                {
                    using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
                        WalkGraphFile.WritePayload(writer, graph, stats);
                    payloadHash = hashing.Hash();
                    payloadLength = hashing.BytesPassed;
                }
                file.Write(payloadHash);
                file.Position = WalkGraphFile.HeaderBytes - 8;
                file.Write(BitConverter.GetBytes(payloadLength));
            }
            File.Move(temp, cachePath, overwrite: true);
        }
        finally { File.Delete(temp); }
    }

    static CacheState TryRead(string cachePath, byte[] extractHash, out (WalkGraph Graph, NetworkBuildStats Stats) loaded, out string detail)
    {
        loaded = default;
        detail = "";
        try
        {
            using var file = new FileStream(cachePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var header = new byte[WalkGraphFile.HeaderBytes];
            if (file.Length < WalkGraphFile.HeaderBytes + 32) { detail = "file too short"; return CacheState.Corrupt; }
            file.ReadExactly(header);
            if (!header.AsSpan(0, 8).SequenceEqual(WalkGraphFile.Magic)) { detail = "not a Coverage graph cache"; return CacheState.Corrupt; }
            if (BitConverter.ToInt32(header, 8) != FormatVersion || !header.AsSpan(12, 32).SequenceEqual(extractHash)) return CacheState.Stale;
            long payloadLength = BitConverter.ToInt64(header, 44);
            if (payloadLength != file.Length - WalkGraphFile.HeaderBytes - 32) { detail = "truncated or extended"; return CacheState.Corrupt; }

            using var hashing = new HashingStream(file);
            using (var reader = new BinaryReader(hashing, Encoding.UTF8, leaveOpen: true))
                loaded = WalkGraphFile.ReadPayload(reader, payloadLength);
            var actual = hashing.Hash();
            var expected = new byte[32];
            file.ReadExactly(expected);
            if (hashing.BytesPassed != payloadLength || !actual.AsSpan().SequenceEqual(expected))
            {
                loaded = default;
                detail = "checksum mismatch";
                return CacheState.Corrupt;
            }
            return CacheState.Valid;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or IOException or FormatException)
        {
            loaded = default;
            detail = e.Message;
            return CacheState.Corrupt;
        }
    }
}
