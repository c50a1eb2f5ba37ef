namespace Coverage.Core.Rules;

/// <summary>
/// What a text value (a name, a town, a description) may be, wherever it arrives: the API, an imported file or a
/// store write. Trimmed by the caller; the field's name appears in the message as the caller spells it.
/// </summary>
public static class TextRules
{
    /// <summary>Names and short texts (facility and settlement names, towns): 200 characters, as ids.</summary>
    public const int MaxNameLength = 200;
    /// <summary>Free text such as a scenario's description.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>Why <paramref name="text"/> cannot be the value of <paramref name="field"/>, or null when it can.</summary>
    public static Bilingual? Check(string field, string? text, bool required, int maxLength = MaxNameLength)
    {
        if (string.IsNullOrWhiteSpace(text))
            return required ? new($"{field} 为空或缺失", $"{field} is missing or empty") : null;
        if (text.Length > maxLength)
            return new($"{field} 太长（{text.Length} 个字符，最多 {maxLength}）", $"{field} is too long ({text.Length} characters, at most {maxLength})");
        if (text.Any(char.IsControl))
            return new($"{field} 含有控制字符（如换行、制表符）", $"{field} contains control characters (e.g. newline, tab)");
        return null;
    }
}
