using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Api;

/// <summary>
/// Serialized analysis answers per plan version (the engine instance): every visitor asks for the same coverage and the
/// same facility isochrones, and a new plan version starts a new cache, so nothing stale is served.
/// </summary>
public sealed class AnswerCache(IOptions<JsonOptions> json)
{
    public const int MaxEntriesPerVersion = 2000;
    readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Lazy<byte[]>>> _byVersion = new();
    readonly ConditionalWeakTable<object, ConcurrentDictionary<string, Lazy<object>>> _valuesByVersion = new();

    /// <summary>
    /// An answer object kept per plan version, for answers given in several forms (a siting result as JSON and as the
    /// files of its table): every form comes from the one computed answer. An answer <paramref name="keep"/> turns down
    /// (a solver that found nothing in its time) is given to the requests waiting for it but not kept: the next one retries.
    /// </summary>
    public T Value<T>(object version, string key, Func<T> answer, Func<T, bool>? keep = null) where T : class
    {
        var entries = _valuesByVersion.GetValue(version, _ => new());
        if (entries.Count > MaxEntriesPerVersion) entries.Clear();
        var lazy = entries.GetOrAdd(key, _ => new Lazy<object>(answer));
        T value;
        try { value = (T)lazy.Value; }
        catch
        {
            entries.TryRemove(key, out _);
            throw;
        }
        if (keep is not null && !keep(value)) entries.TryRemove(new KeyValuePair<string, Lazy<object>>(key, lazy));
        return value;
    }

    public IResult Json<T>(object version, string key, Func<T> answer)
    {
        var entries = _byVersion.GetValue(version, _ => new());
        if (entries.Count > MaxEntriesPerVersion) entries.Clear(); // bounded: point isochrones are unbounded keys
        var lazy = entries.GetOrAdd(key, _ => new Lazy<byte[]>(() => JsonSerializer.SerializeToUtf8Bytes(answer(), json.Value.SerializerOptions)));
        try { return TypedResults.Bytes(lazy.Value, key.StartsWith("iso", StringComparison.Ordinal) ? "application/geo+json" : "application/json"); }
        catch
        {
            entries.TryRemove(key, out _); // a failure is not remembered
            throw;
        }
    }
}
