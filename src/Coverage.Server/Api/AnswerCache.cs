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
