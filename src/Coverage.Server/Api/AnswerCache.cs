using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Api;

/// <summary>
/// Serialized analysis answers per plan version (the engine instance): every visitor asks for the same coverage and the
/// same facility isochrones, and a new plan version starts a new cache, so nothing stale is served. Each version keeps at
/// most <see cref="MaxEntriesPerVersion"/> answers (point isochrones are unbounded keys); past that the least recently
/// asked go first, so the answers every visitor needs (the circles, the map index) stay, and their ETags keep matching.
/// </summary>
public sealed class AnswerCache(IOptions<JsonOptions> json, TimeProvider? clock = null)
{
    public const int MaxEntriesPerVersion = 2000;

    /// <summary>
    /// How long an answer nobody can improve on by asking again at once (an unsolved public life-circle grouping) is still
    /// given to whoever asks, before the next request tries again: visitors reloading the page must not start a 20-second solve each.
    /// </summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    readonly TimeProvider _clock = clock ?? TimeProvider.System;
    readonly ConditionalWeakTable<object, Entries<byte[]>> _byVersion = new();
    readonly ConditionalWeakTable<object, Entries<object>> _valuesByVersion = new();

    /// <summary>
    /// An answer object kept per plan version, for answers given in several forms (a siting result as JSON and as the
    /// files of its table): every form comes from the one computed answer. An answer <paramref name="keep"/> turns down
    /// (a solver that found nothing in its time) is given to the requests waiting for it and to those within
    /// <paramref name="turnedDownFor"/> (none by default: a planner's retry solves again), then computed again.
    /// </summary>
    public T Value<T>(object version, string key, Func<T> answer, Func<T, bool>? keep = null, TimeSpan turnedDownFor = default) where T : class
    {
        var entries = _valuesByVersion.GetValue(version, _ => new(_clock));
        var entry = entries.Get(key, () => answer());
        T value;
        try { value = (T)entry.Lazy.Value; }
        catch
        {
            entries.Remove(key, entry); // a failure is not remembered
            throw;
        }
        if (keep is not null && !keep(value))
        {
            if (turnedDownFor > TimeSpan.Zero) entries.ExpireSoon(entry, turnedDownFor);
            else entries.Remove(key, entry);
        }
        return value;
    }

    public IResult Json<T>(object version, string key, Func<T> answer)
    {
        var entries = _byVersion.GetValue(version, _ => new(_clock));
        var entry = entries.Get(key, () => JsonSerializer.SerializeToUtf8Bytes(answer(), json.Value.SerializerOptions));
        try { return TypedResults.Bytes(entry.Lazy.Value, key.StartsWith("iso", StringComparison.Ordinal) ? "application/geo+json" : "application/json"); }
        catch
        {
            entries.Remove(key, entry); // a failure is not remembered
            throw;
        }
    }

    /// <summary>One computation per key (concurrent askers wait for the same one), when it was last asked, and until when it holds.</summary>
    sealed class Entry<T>(Func<T> compute)
    {
        public readonly Lazy<T> Lazy = new(compute);
        public long LastUsed;
        public long ExpiresAt = long.MaxValue; // a timestamp of the cache's clock
    }

    /// <summary>The answers of one plan version, least recently used evicted past the bound.</summary>
    sealed class Entries<T>(TimeProvider clock)
    {
        readonly ConcurrentDictionary<string, Entry<T>> _map = new(StringComparer.Ordinal);
        long _uses;

        public Entry<T> Get(string key, Func<T> compute)
        {
            var entry = _map.GetOrAdd(key, _ => new Entry<T>(compute));
            long expiresAt = Volatile.Read(ref entry.ExpiresAt); // set by another request's ExpireSoon
            if (expiresAt != long.MaxValue && clock.GetTimestamp() >= expiresAt)
            {
                Remove(key, entry);
                entry = _map.GetOrAdd(key, _ => new Entry<T>(compute));
            }
            // Only a new entry can take the map past the bound: a hit does not pay for Count (it takes every lock of the map).
            bool added = entry.LastUsed == 0;
            entry.LastUsed = Interlocked.Increment(ref _uses);
            if (added && _map.Count > MaxEntriesPerVersion) Trim();
            return entry;
        }

        public void Remove(string key, Entry<T> entry) => _map.TryRemove(new KeyValuePair<string, Entry<T>>(key, entry));

        public void ExpireSoon(Entry<T> entry, TimeSpan after)
        {
            long at = clock.GetTimestamp() + (long)(after.TotalSeconds * clock.TimestampFrequency);
            // The earliest wins when two requests turn the same answer down at once.
            for (long seen = Volatile.Read(ref entry.ExpiresAt); at < seen;)
            {
                long was = Interlocked.CompareExchange(ref entry.ExpiresAt, at, seen);
                if (was == seen) break;
                seen = was;
            }
        }

        /// <summary>Down to three quarters of the bound, least recently asked first (one sort per quarter of the bound added).</summary>
        void Trim()
        {
            lock (_map)
            {
                int excess = _map.Count - MaxEntriesPerVersion * 3 / 4;
                if (_map.Count <= MaxEntriesPerVersion || excess <= 0) return;
                foreach (var old in _map.ToArray().OrderBy(e => e.Value.LastUsed).Take(excess))
                    _map.TryRemove(old);
            }
        }
    }
}
