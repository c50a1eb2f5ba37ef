namespace Coverage.Web.Tests.Support;

/// <summary>The page's colour-blind-safe status colours (web/js/palette.js), as the tests expect to find them drawn.</summary>
public static class StatusPalette
{
    public const string Covered = "#2166ac";
    public const string Partly = "#f4a582";
    public const string Uncovered = "#67001f";

    public static readonly IReadOnlyDictionary<string, string> Fill = new Dictionary<string, string>
    {
        ["covered"] = Covered, ["partly"] = Partly, ["uncovered"] = Uncovered,
    };
}
