using Coverage.Core;

namespace Coverage.Analysis;

/// <summary>Severity of something the analysis has to say about its input.</summary>
public enum NoteLevel { Info, Warning, Error }

/// <summary>
/// A bilingual remark attached to a result: what could not be computed and why (unknown category, facility off the
/// network, settlement without population). Results carry notes instead of failing when part of the work is possible.
/// </summary>
public sealed record AnalysisNote(NoteLevel Level, string Code, string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";

    public static AnalysisNote Warning(string code, string zh, string en) => new(NoteLevel.Warning, code, zh, en);
    public static AnalysisNote Error(string code, string zh, string en) => new(NoteLevel.Error, code, zh, en);
    public static AnalysisNote Info(string code, string zh, string en) => new(NoteLevel.Info, code, zh, en);
}

/// <summary>Bad analysis input that stops a request (unknown circle id, unknown facility id, bad minutes).</summary>
public sealed class AnalysisInputException(string zh, string en) : InputException(zh, en);
