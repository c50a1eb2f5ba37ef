using System.Text;
using System.Text.Json;
using Coverage.Core;

namespace Coverage.Server.Api;

/// <summary>
/// Every string of a parsed body (member names too) must be real text: JSON may carry a lone UTF-16 surrogate
/// ("\udfff") or bytes that are not UTF-8 (a GBK body), which System.Text.Json parses but cannot turn into a .NET string.
/// Checked once after parsing, so no reader meets such a string later; the first one is named by its path.
/// </summary>
public static class JsonText
{
    public static void ThrowIfInvalid(JsonElement root)
    {
        if (FirstInvalid(root) is { } rest)
        {
            var path = "body" + rest;
            throw RequestProblem.Invalid(path, Field(path), $"{path} 中的文本无效（孤立的 UTF-16 代理项，或不是 UTF-8 的字节）；请以 UTF-8 编码发送正常文本",
                $"the text at {path} is invalid (a lone UTF-16 surrogate, or bytes that are not UTF-8); send ordinary text encoded as UTF-8");
        }
    }

    /// <summary>
    /// The path below <paramref name="e"/> to its first invalid string ("" for e itself), or null. Built on the way back,
    /// only for the one found: a path for every element of a 100,000-position line was tens of MB of strings per request.
    /// </summary>
    static string? FirstInvalid(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => e.GetString()) ? null : "";
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (FirstInvalid(item) is { } bad) return $"[{i}]{bad}";
                    i++;
                }
                return null;
            case JsonValueKind.Object:
                foreach (var member in e.EnumerateObject())
                {
                    string name = "";
                    if (!Readable(() => name = member.Name)) return ".<name>";
                    if (FirstInvalid(member.Value) is { } bad) return $".{Short(name)}{bad}";
                }
                return null;
            default:
                return null;
        }
    }

    static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or DecoderFallbackException or ArgumentException) { return false; }
    }

    /// <summary>A member name as a path names it: escaped and cut to 40 characters (<see cref="ShownValue"/>), so a huge name cannot make a huge answer.</summary>
    static string Short(string name) => ShownValue.Of(name, 40);

    /// <summary>"body.add[0].category" → "category": the member the problem is in.</summary>
    static string Field(string path)
    {
        var last = path[(path.LastIndexOf('.') + 1)..];
        int bracket = last.IndexOf('[');
        return bracket > 0 ? last[..bracket] : last;
    }
}
