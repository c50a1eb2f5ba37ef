namespace Coverage.Core;

/// <summary>
/// Bad input from a user or a file: the message says what is wrong, where, and what to do, in 简体中文 and English
/// (<see cref="Text"/>). The CLI prints <see cref="Exception.Message"/> ("中文 / English") as one line; the server puts
/// <see cref="Bilingual.Zh"/> and <see cref="Bilingual.En"/> into a 400 problem+json. Never a bug: bugs are other exceptions.
/// </summary>
public class InputException : Exception
{
    public InputException(Bilingual text, Exception? inner = null) : base(text.ToString(), inner) => Text = text;

    public InputException(string zh, string en, Exception? inner = null) : this(new Bilingual(zh, en), inner) { }

    /// <summary>The message in both languages.</summary>
    public Bilingual Text { get; }
}
