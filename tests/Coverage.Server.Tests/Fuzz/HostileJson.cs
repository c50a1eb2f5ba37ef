using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Coverage.Server.Tests.Fuzz;

/// <summary>
/// Generators of JSON text for fuzzing: hostile scalars (NaN, 1e308, 1e400, lone surrogates, control characters, huge
/// strings), hostile values (deep nesting, huge arrays, wrong types, duplicate keys) and the "slot" mutation that turns a
/// valid-shaped body into a hostile one member at a time. JSON is built as text so that what no serializer would write
/// (NaN, duplicate keys, "\udfff") can be sent; <see cref="InvalidByte"/> marks where raw non-UTF-8 bytes go.
/// </summary>
public static class HostileJson
{
    /// <summary>A private-use character that <see cref="Encode"/> turns into the byte 0xFF (never valid UTF-8).</summary>
    public const char InvalidByte = '\uE000';
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static string Str(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
            b.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t",
                < ' ' => $"\\u{(int)c:x4}",
                _ when char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return b.Append('"').ToString();
    }

    public static string Num(double d) => d.ToString("R", Ci);

    /// <summary>{"a":1,...} from (name, JSON text) members, kept in order (duplicates included).</summary>
    public static string Obj(IEnumerable<(string Name, string Json)> members) =>
        "{" + string.Join(",", members.Select(m => Str(m.Name) + ":" + m.Json)) + "}";

    public static string Arr(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    /// <summary>Numbers JSON forbids (NaN, Infinity, hex, leading zeros) and numbers it allows but nobody means.</summary>
    public static readonly Gen<string> Number = Gen.Elements(
        "NaN", "-NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1e400", "-1e400", "1e-400", "4.9e-324", "-0", "0",
        "1.7976931348623157e308", "123456789012345678901234567890", "0x10", "01", "+1", ".5", "1.", "1e", "-", "2147483648",
        "-2147483649", "9007199254740993", "0.1", "-180.0000001", "90.5", "1E2");

    /// <summary>Strings no field expects: lone surrogates, control characters, overlong, non-UTF-8 bytes, bidi tricks.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Elements(
            "\"\\udfff\"", "\"\\ud800x\"", "\"x\\udc00\"", "\"\\ud83d\"", "\"a\\u0000b\"", "\"\\u0007\\u001b[31m\"", "\"\"", "\"   \"",
            "\"\\u202e\\u0645\"", "\"卫生室\"", "\"😀\"", "\"\\\\\"", "\"</script><script>alert(1)</script>\"", "\"' OR 1=1 --\"",
            "\"%00\"", "\"\\n\\r\"", "\"null\"", "\"NaN\"", "\"1e308\"", "\"Robert'); DROP TABLE facilities;--\"",
            "\"" + InvalidByte + "\"", "\"ab" + InvalidByte + InvalidByte + "cd\"", "\"\u00a0\"", "\"\ufeff\"", "\"\\uFFFF\"")),
        (1, Gen.Elements(199, 200, 201, 1000, 70_000).Select(n => Str(new string('长', n)))),
        (1, Gen.Elements(10_000, 300_000).Select(n => "\"" + new string('a', n) + "\\udfff\"")));

    /// <summary>Nesting around a value: 63 and 64 are at the parser's limit, 65 and more beyond it.</summary>
    public static Gen<string> Deep(Gen<string> inner) =>
        from depth in Gen.Elements(2, 63, 64, 65, 200, 5_000)
        from arrays in Gen.Elements(true, false)
        from v in inner
        select arrays ? new string('[', depth) + v + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + v + new string('}', depth);

    /// <summary>Arrays of many items: just over each limit (edits 500, candidates 5,000, vertices 20,000) and far over.</summary>
    /// Each under 1.4 MB, so that a body with three stays inside the server's 5 MB limit (a larger body is refused before it
    /// is read, and the client sees its connection closed while still sending: ApiWriteContract tests that case).
    public static Gen<string> Huge(Gen<string> item) =>
        from n in Gen.Elements(0, 1, 501, 5_001, 20_001, 100_000)
        from v in item
        select "[" + string.Join(",", Enumerable.Repeat(v, Math.Min(n, 1_400_000 / (System.Text.Encoding.UTF8.GetByteCount(v) + 1)))) + "]";

    /// <summary>Any hostile value: a wrong type, a bad number or string, nesting, a huge array, an object with duplicate keys.</summary>
    public static readonly Gen<string> Value = Gen.Frequency(
        (4, Number), (4, Text), (2, Gen.Elements("null", "true", "false", "[]", "{}", "[null]", "{\"\":null}", "[[]]")),
        (1, Deep(Gen.Elements("1", "null", "\"x\""))), (1, Huge(Gen.Elements("0", "null", "[0,0]", "{}", "\"x\""))),
        (1, Gen.Elements("{\"a\":1,\"a\":2}", "{\"type\":\"Point\",\"type\":\"LineString\",\"coordinates\":[1,2]}")));

    /// <summary>
    /// One member of a valid-shaped object: usually the valid value, else a hostile value, null, left out, or given twice
    /// (the valid value and a hostile one, in either order). <paramref name="keep"/>: never left out or null (a member whose
    /// absence means an expensive default, e.g. the solver's time limit).
    /// </summary>
    public static Gen<IEnumerable<(string, string)>> Slot(string name, Gen<string> valid, bool keep = false) => Gen.Frequency(
        (12, valid.Select(v => One(name, v))),
        (3, (keep ? Value.Where(v => v != "null") : Value).Select(v => One(name, v))),
        (keep ? 0 : 1, Gen.Constant(One(name, "null"))),
        (keep ? 0 : 1, Gen.Constant(Enumerable.Empty<(string, string)>())),
        (1, from v in valid from h in (keep ? Value.Where(v => v != "null") : Value) from first in Gen.Elements(true, false)
            select first ? new[] { (name, v), (name, h) } : new[] { (name, h), (name, v) }.AsEnumerable()));

    static IEnumerable<(string, string)> One(string name, string json) => [(name, json)];

    /// <summary>An object from slots, sometimes with an extra member (an unknown, odd or invalid name).</summary>
    public static Gen<string> ObjectOf(params Gen<IEnumerable<(string, string)>>[] slots) =>
        from members in Gen.CollectToArray(slots)
        from extra in Gen.Frequency((6, Gen.Constant(Array.Empty<(string, string)>())),
            (1, from v in Value from n in Gen.Elements("extra", "", "\udfff", "\u0000", new string('k', 5_000), "__proto__", "类别")
                select new[] { (n, v) }))
        select Obj(members.SelectMany(m => m).Concat(extra));

    /// <summary>A whole body: the valid-shaped one, or another top-level value, truncated text, or text in GBK.</summary>
    public static Gen<Body> Whole(Gen<string> shaped) => Gen.Frequency(
        (14, shaped.Select(Body.Utf8)),
        (2, Value.Select(Body.Utf8)),
        (1, from s in shaped from cut in Gen.Choose(0, 100) select Body.Utf8(s[..(int)((long)s.Length * cut / 100)])),
        (1, shaped.Select(Body.Gbk)),
        (1, shaped.Select(s => Body.Utf8("\ufeff" + s))),
        (1, shaped.Select(s => Body.Utf8(s + "garbage"))));

    /// <summary>Body bytes: the text in UTF-8 (each <see cref="InvalidByte"/> becoming 0xFF) or in GBK.</summary>
    public sealed record Body(byte[] Bytes, string Text, string Encoding)
    {
        public static Body Utf8(string text) => new(Encode(text), text, "utf-8");
        public static Body Gbk(string text) => new(Coverage.Storage.Import.InputText.Gb18030.GetBytes(text.Replace(InvalidByte, '?')), text, "gbk");
        public override string ToString() => $"{Encoding} {Bytes.Length} bytes: {(Text.Length > 400 ? Text[..400] + "…" : Text)}";
    }

    public static byte[] Encode(string text)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        if (text.IndexOf(InvalidByte) < 0) return utf8;
        var marker = System.Text.Encoding.UTF8.GetBytes(InvalidByte.ToString());
        var output = new List<byte>(utf8.Length);
        for (int i = 0; i < utf8.Length; i++)
        {
            if (i + 2 < utf8.Length && utf8[i] == marker[0] && utf8[i + 1] == marker[1] && utf8[i + 2] == marker[2])
            {
                output.Add(0xFF);
                i += 2;
            }
            else output.Add(utf8[i]);
        }
        return output.ToArray();
    }
}
