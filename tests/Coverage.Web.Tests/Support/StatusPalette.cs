namespace Coverage.Web.Tests.Support;

/// <summary>The page's colour-blind-safe status colours (web/js/palette.js), as the tests expect to find them drawn.</summary>
public static class StatusPalette
{
    public const string Covered = "#2166ac";
    public const string Partly = "#f4a582";
    public const string Uncovered = "#67001f";
    /// <summary>A settlement the circle does not score (palette.js NO_STATUS_COLOUR).</summary>
    public const string None = "#9e9e9e";

    public static readonly IReadOnlyDictionary<string, string> Fill = new Dictionary<string, string>
    {
        ["covered"] = Covered, ["partly"] = Partly, ["uncovered"] = Uncovered,
    };
}
