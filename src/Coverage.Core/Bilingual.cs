namespace Coverage.Core;

/// <summary>
/// A message for people in 简体中文 and English, kept as two parts so that no reader has to split a joined string by
/// guessing which half is which. problem+json answers carry both; the CLI prints <see cref="ToString"/>.
/// </summary>
public sealed record Bilingual(string Zh, string En)
{
    /// <summary>"中文 / English", Chinese first: one line for the CLI and logs.</summary>
    public override string ToString() => $"{Zh} / {En}";
}
