using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Coverage.TestSupport;

/// <summary>
/// The file-reader fuzz harness (issue 15): draws cases from an FsCheck generator with a fixed seed (so a run is
/// reproducible: case i of a reader is always the same file), feeds each to a reader, and checks the invariants every
/// reader owes a planner: it reads the file, or refuses it with a user-facing error (<c>InputException</c> and its
/// subclasses, <c>PlanStoreException</c>) whose message is one line, bilingual and free of stack traces; and it
/// allocates at most a bounded multiple of the input's size. Any other exception type is a defect.
/// <para>COVERAGE_FUZZ_SCALE multiplies every reader's case count (e.g. 20 for a long run); COVERAGE_FUZZ_SEED
/// replaces the seed.</para>
/// </summary>
public static class FileFuzz
{
    /// <summary>The exception types a reader may end with: the ones the CLI and server print as a user's error.</summary>
    static readonly string[] UserFacing = ["InputException", "PlanStoreException"];

    public static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("COVERAGE_FUZZ_SEED"), out var s) ? s : 15;

    /// <summary>The case count for a reader: <paramref name="ci"/> (sized for the CI budget) × COVERAGE_FUZZ_SCALE.</summary>
    public static int Cases(int ci) => Math.Max(1, (int)Math.Round(ci * Scale));

    /// <summary>
    /// COVERAGE_FUZZ_SCALE as a positive number (1 when unset or not a positive number; "0.1" runs a tenth of the cases):
    /// the one parser every fuzz suite uses, file readers and HTTP alike.
    /// </summary>
    public static double Scale =>
        double.TryParse(Environment.GetEnvironmentVariable("COVERAGE_FUZZ_SCALE"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var k) && k > 0 && double.IsFinite(k) ? k : 1;

    /// <summary>
    /// What the case about to be read is (its label and total input bytes), declared by the case before it calls the reader:
    /// the memory cap then applies also when the reader refuses the file by throwing.
    /// </summary>
    [ThreadStatic] static Input? declared;

    /// <summary>Declares the input of the case being run; call it after building the file(s) and before reading them.</summary>
    public static Input Feeding(string label, long bytes) => declared = new Input(label, bytes);

    /// <summary>Bytes any case may allocate whatever its size (reader setup, encodings, SQLite's page cache): the fixed part of the cap.</summary>
    public const long FixedAllowance = 8 << 20;

    /// <summary>What one case fed to a reader: the bytes' total size (for the memory cap) and a label for reports.</summary>
    public sealed record Input(string Label, long Bytes);

    /// <summary>How a run went: cases read, refused (with a user-facing error) and the worst allocation per input byte.</summary>
    public sealed record Report(string Reader, int Cases, int Read, int Refused, double WorstBytesPerInputByte, long WorstAllocated)
    {
        public override string ToString() =>
            $"fuzz {Reader}: {Cases} cases (seed {Seed}) in {Took.TotalSeconds:0.0} s: {Read} read, {Refused} refused with a user-facing error; " +
            $"worst allocation {WorstAllocated / 1e6:0.0} MB, {WorstBytesPerInputByte:0} B per input byte, " +
            $"{WorstBeyondFixed:0} B per input byte beyond the fixed {FixedAllowance >> 20} MB; slowest {Slowest}";

        public string Slowest { get; init; } = "";

        /// <summary>The largest (allocated − <see cref="FixedAllowance"/>) / input bytes over the run: the per-byte factor the cap must allow.</summary>
        public double WorstBeyondFixed { get; init; }

        public TimeSpan Took { get; init; }
    }

    /// <summary>
    /// Runs <paramref name="cases"/> cases of <paramref name="gen"/> through <paramref name="run"/>, which builds the case's
    /// file(s), reads them and returns what it fed (and null from a result that carries errors, or the list of error
    /// messages a result holds, via <paramref name="messages"/>). Throws listing the first failing cases.
    /// </summary>
    /// <remarks>
    /// The case must call <see cref="Feeding"/> before the reader: a case that throws without having declared its input is a
    /// failure (its allocation could not be checked).
    /// </remarks>
    /// <param name="perByte">Bytes a case may allocate per input byte beyond the fixed allowance.</param>
    /// <param name="fixedAllowance">The fixed part of the cap (default <see cref="FixedAllowance"/>), for a reader whose library
    /// allocates a set amount whatever the input (MiniExcel's buffers).</param>
    public static Report Run<T>(string reader, Gen<T> gen, int cases, Func<T, (Input Input, IEnumerable<string> Messages)> run,
        Action<string>? log = null, int perByte = 200, int size = 50, long fixedAllowance = FixedAllowance)
    {
        long allowance = fixedAllowance;
        var runStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        double worstBeyond = 0;
        var failures = new List<string>();
        int read = 0, refused = 0;
        double worstRatio = 0;
        TimeSpan slowest = TimeSpan.Zero;
        int slowestCase = -1;
        long worstAllocated = 0;
        for (int i = 0; i < cases && failures.Count < 5; i++)
        {
            var value = gen.Sample(size, new Rnd(Seed * 1_000_003UL + (ulong)i, 0x9E3779B97F4A7C15UL), 1)[0];
            // Each case runs on its own thread (the default stack size, as a server's pool thread has) so that a reader
            // that never returns fails the run naming its case, instead of hanging the whole test run until CI's limit.
            CaseResult? result = null;
            var worker = new Thread(() => result = RunCase(value, run, allowance, perByte)) { IsBackground = true, Name = $"fuzz {reader} case {i}" };
            worker.Start();
            if (!worker.Join(CaseLimit))
            {
                failures.Add($"case {i}: did not finish within {CaseLimit.TotalSeconds:0} s: a hostile file must not tie up a reader " +
                             $"(the thread is left running; no further case is run)\n    input: {Cut(value?.ToString() ?? "")}");
                break;
            }
            var r = result!;
            if (r.Read) read++; else if (r.Refused) refused++;
            if (r.Took > slowest) (slowest, slowestCase) = (r.Took, i);
            long bytes = r.Input?.Bytes ?? 0;
            worstAllocated = Math.Max(worstAllocated, r.Allocated);
            if (bytes > 0) (worstRatio, worstBeyond) = (Math.Max(worstRatio, (double)r.Allocated / bytes), Math.Max(worstBeyond, (double)(r.Allocated - allowance) / bytes));
            if (r.Problem is not null) failures.Add($"case {i}: {r.Problem}\n    input: {Cut(r.Input?.Label ?? value?.ToString() ?? "")}");
        }
        var report = new Report(reader, cases, read, refused, worstRatio, worstAllocated)
        {
            Slowest = $"case {slowestCase}, {slowest.TotalMilliseconds:0} ms", WorstBeyondFixed = worstBeyond,
            Took = System.Diagnostics.Stopwatch.GetElapsedTime(runStarted),
        };
        log?.Invoke(report.ToString());
        Console.WriteLine(report);
        if (failures.Count > 0)
            throw new Xunit.Sdk.XunitException($"fuzz {reader} (seed {Seed}): {failures.Count} failing case(s):\n" + string.Join("\n", failures));
        return report;
    }

    /// <summary>
    /// How long one case may run before the run calls it a hang: far beyond any case's time (the slowest, a 10⁶-vertex
    /// polygon, takes about 3 s on a loaded 2-core machine), so it never decides a pass, only names a reader that loops.
    /// </summary>
    public static readonly TimeSpan CaseLimit = TimeSpan.FromMinutes(2);

    sealed record CaseResult(Input? Input, bool Read, bool Refused, string? Problem, long Allocated, TimeSpan Took);

    static CaseResult RunCase<T>(T value, Func<T, (Input Input, IEnumerable<string> Messages)> run, long allowance, int perByte)
    {
        long before = GC.GetAllocatedBytesForCurrentThread(), started = System.Diagnostics.Stopwatch.GetTimestamp();
        Input? input = null;
        string? problem = null;
        bool read = false, refused = false;
        declared = null;
        try
        {
            var (fed, messages) = run(value);
            input = fed;
            var list = messages.ToList();
            problem = list.Select(MessageProblem).FirstOrDefault(p => p is not null);
            (read, refused) = (list.Count == 0, list.Count > 0);
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            refused = true;
            input = declared;
            problem = MessageProblem(e.Message) ?? (input is null ? "the case threw before declaring its input (FileFuzz.Feeding): its allocation is unchecked" : null);
        }
        catch (Exception e)
        {
            input = declared;
            problem = $"{e.GetType().FullName}: {e.Message}\n{e.StackTrace}";
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var took = System.Diagnostics.Stopwatch.GetElapsedTime(started); // reported, never asserted
        long bytes = input?.Bytes ?? 0;
        if (problem is null && input is not null && allocated > allowance + perByte * bytes)
            problem = $"allocated {allocated / 1e6:0.0} MB for {bytes:N0} input bytes (cap {(allowance + perByte * bytes) / 1e6:0.0} MB)";
        return new CaseResult(input, read, refused, problem, allocated, took);
    }

    /// <summary>An exception type the CLI and server show as the user's error (by name: the harness serves projects that do not see both types).</summary>
    public static bool IsUserFacing(Exception e)
    {
        for (var t = e.GetType(); t is not null; t = t.BaseType)
            if (UserFacing.Contains(t.Name)) return true;
        return false;
    }

    /// <summary>Why a message shown to a planner is not acceptable (null: it is): empty, several lines, a stack trace, or not bilingual.</summary>
    public static string? MessageProblem(string message)
    {
        if (string.IsNullOrWhiteSpace(message)) return "empty message";
        if (message.Contains("   at ") || message.Contains(" at Coverage.") || message.Contains("System.") && message.Contains("Exception"))
            return $"message carries a stack trace or exception type: {Cut(message)}";
        if (message.Contains('\n')) return $"message is several lines: {Cut(message)}";
        if (!message.Any(c => c is >= '\u4e00' and <= '\u9fff')) return $"message has no Chinese: {Cut(message)}";
        if (!message.Any(char.IsAsciiLetter)) return $"message has no English: {Cut(message)}";
        return null;
    }

    static string Cut(string s) => s.Length <= 300 ? s : s[..300] + "…";

    // ---- Generators shared by the readers ----

    /// <summary>Raw byte mutations of a seed file: flips, overwrites with boundary values, insertions, deletions, truncation, splices.</summary>
    public static Gen<Func<byte[], byte[]>> ByteMutation { get; } = Gen.OneOf(
        from n in Gen.Choose(1, 8)
        from picks in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 255)), n)
        select (Func<byte[], byte[]>)(b => Flip(b, picks)),
        from at in Gen.Choose(0, int.MaxValue)
        from v in Gen.Elements(0x00, 0x7F, 0x80, 0xFF)
        from width in Gen.Choose(1, 4)
        select (Func<byte[], byte[]>)(b => Fill(b, at, (byte)v, width)),
        from at in Gen.Choose(0, int.MaxValue)
        select (Func<byte[], byte[]>)(b => b.Length == 0 ? b : b[..(at % b.Length)]),
        from at in Gen.Choose(0, int.MaxValue)
        from len in Gen.Choose(1, 64)
        select (Func<byte[], byte[]>)(b => Delete(b, at, len)),
        from at in Gen.Choose(0, int.MaxValue)
        from from2 in Gen.Choose(0, int.MaxValue)
        from len in Gen.Choose(1, 256)
        select (Func<byte[], byte[]>)(b => Splice(b, at, from2, len)));

    static byte[] Flip(byte[] b, (int At, int Value)[] picks)
    {
        var copy = (byte[])b.Clone();
        if (copy.Length > 0) foreach (var (at, v) in picks) copy[at % copy.Length] = (byte)v;
        return copy;
    }

    static byte[] Fill(byte[] b, int at, byte v, int width)
    {
        var copy = (byte[])b.Clone();
        if (copy.Length == 0) return copy;
        int start = at % copy.Length;
        for (int i = start; i < Math.Min(copy.Length, start + width); i++) copy[i] = v;
        return copy;
    }

    static byte[] Delete(byte[] b, int at, int len)
    {
        if (b.Length == 0) return b;
        int start = at % b.Length, end = Math.Min(b.Length, start + len);
        return [.. b[..start], .. b[end..]];
    }

    /// <summary>A copy of a run of the file's own bytes inserted elsewhere: duplicated records, headers, elements.</summary>
    static byte[] Splice(byte[] b, int at, int from, int len)
    {
        if (b.Length == 0) return b;
        int start = from % b.Length, end = Math.Min(b.Length, start + len), where = at % b.Length;
        return [.. b[..where], .. b[start..end], .. b[where..]];
    }

    /// <summary>Numbers that break readers: zero, negatives, int/long extremes, NaN, infinities, huge and tiny values.</summary>
    public static Gen<string> HostileNumber { get; } = Gen.Elements(
        "0", "-0", "-1", "1e308", "-1e308", "1e309", "NaN", "nan", "Infinity", "-Infinity", "2147483647", "2147483648", "-2147483649",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e-320", "4.9e-324", "180.0000001", "-90.5", "91",
        "120.6", "31.0", "0x10", "1,5", "１２０．６", "", " ", "1e", "--1", "120.6.1", "99999999999999999999999999999999999");

    public static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
}
