using System.Globalization;
using System.Security.Cryptography;
using NetTopologySuite.IO;

namespace Coverage.Analysis.Siting;

/// <summary>
/// Prepared siting instances (<see cref="SitingInstance"/>: demand, candidates, reach sets, model) of the current plan
/// version, by circle and candidate set. The reach sets are nearly all of a siting request's time and do not depend on k
/// or the target, so asking k = 3, 4, … 20 of one circle searches the network once. Keyed by the engine instance: a plan
/// edit builds a new engine, and the first request on it drops every entry of the old one (per-version replacement), so
/// nothing stale is served and at most one version is held. Within a version, at most <see cref="Capacity"/> instances are
/// kept, least recently used evicted first. A failed preparation is not remembered.
/// </summary>
public sealed class SitingInstanceCache(int capacity = SitingInstanceCache.DefaultCapacity)
{
    /// <summary>Eight circle × candidate-set instances: about 10 MB each on the demo county at the default spacing.</summary>
    public const int DefaultCapacity = 8;

    readonly object _lock = new();
    readonly LinkedList<(string Key, Lazy<SitingInstance> Value)> _recent = new();
    readonly Dictionary<string, LinkedListNode<(string Key, Lazy<SitingInstance> Value)>> _byKey = new(StringComparer.Ordinal);
    CoverageEngine? _version;
    long _hits, _misses;

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "At least one entry.");

    /// <summary>Requests answered from the cache and requests that prepared an instance (for tests and the bench).</summary>
    public (long Hits, long Misses) Counts { get { lock (_lock) return (_hits, _misses); } }

    /// <summary>Instances held now.</summary>
    public int Count { get { lock (_lock) return _byKey.Count; } }

    /// <summary>The instance for candidates generated along the ways every <paramref name="spacingMetres"/> (the API's default candidates).</summary>
    public SitingInstance Along(CoverageEngine engine, string circleId, double spacingMetres) =>
        Get(engine, string.Create(CultureInfo.InvariantCulture, $"{circleId}\u001falong:{spacingMetres:R}"),
            () => new SitingPlanner(engine).Prepare(circleId, CandidateGenerator.Along(engine.Region, spacingMetres)));

    /// <summary>The instance for planner-given sites, keyed by their content (ids, names, geometries in order).</summary>
    public SitingInstance Given(CoverageEngine engine, string circleId, IReadOnlyList<GivenSite> sites) =>
        Get(engine, $"{circleId}\u001fgiven:{Fingerprint(sites)}",
            () => new SitingPlanner(engine).Prepare(circleId, CandidateGenerator.Given(engine.Region, sites)));

    SitingInstance Get(CoverageEngine engine, string key, Func<SitingInstance> prepare)
    {
        Lazy<SitingInstance> lazy;
        lock (_lock)
        {
            if (!ReferenceEquals(_version, engine))
            {
                // A new plan version: every instance of the old one is stale.
                _recent.Clear();
                _byKey.Clear();
                _version = engine;
            }
            if (_byKey.TryGetValue(key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                _hits++;
                lazy = node.Value.Value;
            }
            else
            {
                lazy = new Lazy<SitingInstance>(prepare);
                _byKey[key] = _recent.AddFirst((key, lazy));
                _misses++;
                while (_byKey.Count > Capacity)
                {
                    _byKey.Remove(_recent.Last!.Value.Key);
                    _recent.RemoveLast();
                }
            }
        }
        try { return lazy.Value; }
        catch
        {
            Forget(key, lazy); // a bad request (no usable candidates, an unknown circle) is asked again, not replayed
            throw;
        }
    }

    void Forget(string key, Lazy<SitingInstance> lazy)
    {
        lock (_lock)
        {
            if (_byKey.TryGetValue(key, out var node) && ReferenceEquals(node.Value.Value, lazy))
            {
                _byKey.Remove(key);
                _recent.Remove(node);
            }
        }
    }

    /// <summary>SHA-256 of the given sites' ids, names and geometries (WKB), in order: equal content, equal key.</summary>
    static string Fingerprint(IReadOnlyList<GivenSite> sites)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var wkb = new WKBWriter();
        foreach (var s in sites)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(s.Id + "\u001f" + s.Name + "\u001f"));
            hash.AppendData(s.Geometry is null ? [] : wkb.Write(s.Geometry));
            hash.AppendData([0x1e]);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
