using System.Security.Cryptography;
using System.Text;
using Coverage.Network.Graph;
using Coverage.Network.Osm;
using Coverage.Network.Roads;

namespace Coverage.Network.Cache;

/// <summary>A graph ready to use, and where it came from.</summary>
/// <param name="FromCache">True when read from <paramref name="CachePath"/>, false when built from the extract.</param>
/// <param name="Warning">One bilingual line when a cache was stale, corrupt or could not be written; null otherwise.</param>
public sealed record WalkGraphLoad(WalkGraph Graph, NetworkBuildStats Stats, bool FromCache, string CachePath, string? Warning)
{
    /// <summary>The build's report lines (road layers noded, merges with OSM), kept in the cache with the graph; empty for an extract alone.</summary>
    public IReadOnlyList<string> Report { get; init; } = [];
}

/// <summary>
/// Versioned binary cache of built graphs, keyed by the content of every input (<see cref="NetworkSources.ContentKey"/>:
/// the extract's SHA-256 when it is the only input). A cache for other inputs or another format version is rebuilt; a corrupt or truncated one is reported and rebuilt; nothing unverified is trusted.
/// Default location: $COVERAGE_CACHE_DIR, else $XDG_CACHE_HOME/coverage/graphs, else ~/.cache/coverage/graphs
/// (beside nothing the user owns, since extracts often sit on read-only shares).
/// </summary>
public static class WalkGraphCache
{
    /// <summary>Bump on any change to the file layout or to the build rules (access table, compression).
    /// 2: the edge way table (source way id and name of each edge).
    /// 3: country road rules (China trunk, sidewalk=*, ferry wait; <see cref="RoadRules"/>) and the build report lines.
    /// 4: the snapping index (segment grid and edge shape totals) after the report, so a cached graph snaps at once.
    /// 5: the snapping index's entry boxes bound the segment within its cell, a byte a side (were shorts).
    /// 6: nodes in Hilbert order (WalkGraphOrder).
    /// 7: the snapping index's cells hold ~4 segments each (were ~1): a smaller index, rebuilt once rather than kept.
    /// 8: entry boxes 6 bits a side in 3 bytes (were a byte a side in 4).</summary>
    public const int FormatVersion = 8;

    /// <param name="rules">Country rules; null chooses them from the extract's place (the file alone decides, so the
    /// file hash keys it). Explicit rules are part of the key: a graph built under other rules is rebuilt.</param>
    public static WalkGraphLoad LoadOrBuild(string extractPath, string? cachePath = null, IProgress<double>? progress = null,
        RoadRules? rules = null)
    {
        OsmNetworkReader.FormatOf(extractPath); // a missing or unknown file fails here, before any hashing
        return LoadOrBuild(NetworkSources.OfExtract(extractPath, rules), p =>
        {
            var (graph, stats) = OsmNetworkReader.Read(extractPath, p, rules);
            return new NetworkBuild(graph, stats, []);
        }, cachePath, progress);
    }

    /// <summary>
    /// The graph of <paramref name="sources"/> from the cache when its key matches, else from <paramref name="build"/>
    /// (which reads the inputs; the caller composes it, since reading layers lives above this project) and cached.
    /// </summary>
    public static WalkGraphLoad LoadOrBuild(NetworkSources sources, Func<IProgress<double>?, NetworkBuild> build,
        string? cachePath = null, IProgress<double>? progress = null)
    {
        if (sources.Extract != null) OsmNetworkReader.FormatOf(sources.Extract);
        foreach (var road in sources.Roads)
            foreach (var (label, path) in road.Files())
                if ((label is "layer" or "layer.shp" or "mapping") && !File.Exists(path)) throw NetworkInputException.NotFound(path);
        cachePath ??= DefaultPathFor(sources);
        var key = sources.ContentKey();
        string? warning = null;
        if (File.Exists(cachePath))
        {
            var state = TryRead(cachePath, key, out var loaded, out var detail);
            if (state == CacheFileState.Valid)
            {
                progress?.Report(1);
                return new WalkGraphLoad(loaded.Graph, loaded.Stats, true, cachePath, null) { Report = loaded.Report };
            }
            warning = state == CacheFileState.Stale
                ? $"缓存属于其他提取文件、道路图层、选项或版本，已重建：{cachePath} / Cache was built from another extract, road layer, option or format version; rebuilt: {cachePath}"
                : $"缓存文件已损坏，已重建：{cachePath} / Cache file is corrupt ({detail}); rebuilt: {cachePath}";
        }

        var built = build(progress);
        try { Write(cachePath, key, built.Graph, built.Stats, built.Report); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warning = (warning == null ? "" : warning + " ") +
                $"无法写入缓存：{cachePath} / Could not write the cache {cachePath} ({e.Message}); the graph is used without it.";
        }
        return new WalkGraphLoad(built.Graph, built.Stats, false, cachePath, warning) { Report = built.Report };
    }

    /// <summary>Where the graph of <paramref name="sources"/> is cached by default: beside the extract's own cache name,
    /// tagged with the inputs' paths when road layers or options are given, so each combination keeps its own file.</summary>
    public static string DefaultPathFor(NetworkSources sources)
    {
        var primary = DefaultPathFor(sources.PrimaryPath);
        if (sources.IsExtractOnly) return primary;
        var inputs = new List<string> { sources.Extract == null ? "" : Path.GetFullPath(sources.Extract), sources.Merge.KeyText() };
        inputs.AddRange(sources.Roads.Select(r => $"{Path.GetFullPath(r.Path)}|{r.Layer}|{r.MappingPath}"));
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', inputs))))[..8];
        return Path.ChangeExtension(primary, null) + $"+roads-{tag}.walkgraph";
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

    public static byte[] HashFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return SHA256.HashData(file);
    }

    /// <summary>Writes the cache atomically: a temp file renamed over the target, so no half-written cache is ever seen.</summary>
    public static void Write(string cachePath, byte[] extractHash, WalkGraph graph, NetworkBuildStats stats) =>
        Write(cachePath, extractHash, graph, stats, []);

    /// <summary>Writes the cache with the build's report lines, keyed by <paramref name="key"/> (see <see cref="NetworkSources.ContentKey"/>).</summary>
    public static void Write(string cachePath, byte[] key, WalkGraph graph, NetworkBuildStats stats, IReadOnlyList<string> report) =>
        CacheFile.Write(cachePath, WalkGraphFile.Magic, FormatVersion, key, w => WalkGraphFile.WritePayload(w, graph, stats, report));

    static CacheFileState TryRead(string cachePath, byte[] key, out (WalkGraph Graph, NetworkBuildStats Stats, string[] Report) loaded, out string detail)
    {
        var state = CacheFile.TryRead(cachePath, WalkGraphFile.Magic, FormatVersion, key, "Coverage graph cache", WalkGraphFile.ReadPayload,
            out var read, out detail);
        loaded = read;
        return state;
    }
}
