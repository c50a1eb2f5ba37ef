namespace Coverage.Core.Tests;

/// <summary>The one truncation helper behind every quoted value in a message (importers, JSON paths, query values).</summary>
public class ShownValueTests
{
    [Theory]
    // Short values pass unchanged; control characters and line separators become visible escapes.
    [InlineData("卫生室", 60, "卫生室")]
    [InlineData("a\nb\tc\r", 60, "a\\nb\\tc\\r")]
    [InlineData("x\u0000y\u001fz\u2028", 60, "x\\u0000y\\u001fz\\u2028")]
    // Cut after maxChars characters with "…".
    [InlineData("abcdef", 3, "abc…")]
    [InlineData("abc", 3, "abc")]
    // A surrogate pair counts as one character and is never split: "a😀😀" cut at 2 keeps the whole first emoji.
    [InlineData("a\ud83d\ude00\ud83d\ude00", 2, "a\ud83d\ude00…")]
    [InlineData("\ud83d\ude00\ud83d\ude00", 1, "\ud83d\ude00…")]
    public void Escapes_and_cuts_without_splitting_a_surrogate_pair(string text, int max, string expected) =>
        Assert.Equal(expected, ShownValue.Of(text, max));

    /// <summary>Lone surrogates (from a hostile body or query) are shown as escapes, never echoed as invalid UTF-16 (in a Fact: xUnit's theory data would turn them into U+FFFD).</summary>
    [Fact]
    public void Lone_surrogates_are_shown_as_escapes()
    {
        Assert.Equal("x\\udfffy", ShownValue.Of("x" + (char)0xDFFF + "y"));
        Assert.Equal("\\ud800", ShownValue.Of(((char)0xD800).ToString()));
        Assert.Equal("a\\ud83d", ShownValue.Of("a" + (char)0xD83D));
        // A low surrogate first is alone (escaped); the high one after it pairs with the next and is kept whole, then cut.
        Assert.Equal("\\udc00\ud800\udc00…", ShownValue.Of(new string([(char)0xDC00, (char)0xD800, (char)0xDC00, 'x']), 2));
    }

    [Fact]
    public void Every_cut_of_a_text_of_pairs_is_valid_utf16()
    {
        var text = string.Concat(Enumerable.Repeat("名\ud840\udc00\n", 40)); // CJK, an astral CJK character (U+20000), a line break
        for (int max = 1; max < 130; max++)
        {
            var shown = ShownValue.Of(text, max);
            for (int i = 0; i < shown.Length; i++)
            {
                if (char.IsHighSurrogate(shown[i])) Assert.True(i + 1 < shown.Length && char.IsLowSurrogate(shown[++i]), $"split pair at {max}: {shown}");
                else Assert.False(char.IsLowSurrogate(shown[i]), $"lone low surrogate at {max}");
            }
            Assert.DoesNotContain('\n', shown);
        }
    }
}
