namespace Coverage.Core;

/// <summary>
/// Bad input from a user or a file: the message says what is wrong, where, and what to do (简体中文 / English).
/// The CLI prints it as one line; the server turns it into a 400 problem+json. Never a bug: bugs are other exceptions.
/// </summary>
public class InputException : Exception
{
    public InputException(string message, Exception? inner = null) : base(message, inner) { }
}
