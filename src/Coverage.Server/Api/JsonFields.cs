using System.Text.Json;
using Coverage.Core;
using Coverage.Core.Rules;

namespace Coverage.Server.Api;

/// <summary>
/// Typed reads of JSON members that collect the problems (wrong type, missing, too long, control characters) instead
/// of stopping at the first, so a client fixes a request in one go; text values follow <see cref="TextRules"/>, the
/// same rules as imported files. An answer lists at most <see cref="MaxErrors"/> and counts the rest, so a huge bad
/// body cannot make a huge answer.
/// </summary>
public sealed class JsonFields
{
    /// <summary>Errors listed in one answer; the rest are counted.</summary>
    public const int MaxErrors = 20;
    readonly List<FieldError> _errors = [];
    int _omitted;

    public IReadOnlyList<FieldError> Errors => _errors;
    /// <summary>Every error found, listed or not: compare before and after a read to see whether it found one.</summary>
    public int Count => _errors.Count + _omitted;
    public bool HasErrors => Count > 0;

    public void Add(string where, string field, string zh, string en)
    {
        if (_errors.Count < MaxErrors) _errors.Add(new FieldError(where, field, zh, en));
        else _omitted++;
    }

    public void Add(string where, string field, Bilingual message) => Add(where, field, message.Zh, message.En);

    public void ThrowIfAny()
    {
        if (HasErrors) throw RequestProblem.Invalid(_errors, _omitted);
    }

    /// <summary>The member when obj is an object and has it (null/absent → default); a non-object is reported.</summary>
    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        if (obj.ValueKind != JsonValueKind.Object) return false;
        return obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public JsonElement? Object(JsonElement obj, string where, string name, bool required)
    {
        if (!TryGet(obj, name, out var v))
        {
            if (required) Add(where, name, $"缺少 {name}（应为对象）", $"{name} is missing (an object is expected)");
            return null;
        }
        if (v.ValueKind == JsonValueKind.Object) return v;
        Add(where, name, $"{name} 应为对象，而不是 {Zh(v.ValueKind)}", $"{name} must be an object, not {En(v.ValueKind)}");
        return null;
    }

    public string? Text(JsonElement obj, string where, string name, bool required, int maxLength = TextRules.MaxNameLength)
    {
        if (!TryGet(obj, name, out var v))
        {
            if (TextRules.Check(name, null, required) is { } missing) Add(where, name, missing);
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            Add(where, name, $"{name} 应为字符串，而不是 {Zh(v.ValueKind)}", $"{name} must be a string, not {En(v.ValueKind)}");
            return null;
        }
        var text = v.GetString()!.Trim();
        if (TextRules.Check(name, text, required, maxLength) is { } problem)
        {
            Add(where, name, problem);
            return null;
        }
        return text.Length == 0 ? null : text;
    }

    public int? Integer(JsonElement obj, string where, string name, int min, int max)
    {
        if (!TryGet(obj, name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min && n <= max) return n;
        Add(where, name, $"{name} 应为 {min} 到 {max} 之间的整数，而不是 {Show(v)}", $"{name} must be a whole number from {min} to {max}, not {Show(v)}");
        return null;
    }

    public double? Number(JsonElement obj, string where, string name, double min, double max)
    {
        if (!TryGet(obj, name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var n) && n >= min && n <= max) return n;
        Add(where, name, $"{name} 应为 {min} 到 {max} 之间的数，而不是 {Show(v)}", $"{name} must be a number from {min} to {max}, not {Show(v)}");
        return null;
    }

    /// <summary>An array of ids (strings); each checked like a route id.</summary>
    public IReadOnlyList<string> Ids(JsonElement obj, string where, string name)
    {
        if (!TryGet(obj, name, out var v)) return [];
        if (v.ValueKind != JsonValueKind.Array)
        {
            Add(where, name, $"{name} 应为编号数组", $"{name} must be an array of ids");
            return [];
        }
        var ids = new List<string>();
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && IdRules.IsValid(item.GetString()!)) ids.Add(item.GetString()!);
            else Add($"{where}.{name}[{i}]", name, $"编号无效：{Show(item)}", $"invalid id: {Show(item)}");
            i++;
        }
        return ids;
    }

    public static string Show(JsonElement v)
    {
        var raw = v.GetRawText();
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    public static string En(JsonValueKind k) => k switch
    {
        JsonValueKind.String => "a string", JsonValueKind.Number => "a number", JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null",
    };

    public static string Zh(JsonValueKind k) => k switch
    {
        JsonValueKind.String => "字符串", JsonValueKind.Number => "数字", JsonValueKind.Array => "数组",
        JsonValueKind.Object => "对象", JsonValueKind.True or JsonValueKind.False => "布尔值", _ => "null",
    };
}

/// <summary>What an id in a path or body may be: 1–200 printable characters.</summary>
public static class IdRules
{
    public const int MaxLength = TextRules.MaxNameLength;

    public static bool IsValid(string id) => id.Length is > 0 and <= MaxLength && !id.Any(char.IsControl) && id.Trim() == id;

    /// <summary>The route's id, decoded (ids such as "node/123" arrive as node%2F123); 400 when it cannot be an id.</summary>
    public static string FromRoute(string raw, string name = "id")
    {
        var id = Uri.UnescapeDataString(raw);
        if (!IsValid(id))
            throw RequestProblem.Invalid("path", name, $"编号无效（1–{MaxLength} 个可见字符）", $"invalid id (1–{MaxLength} printable characters)");
        return id;
    }
}
