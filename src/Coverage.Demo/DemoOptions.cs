using Coverage.Core;

namespace Coverage.Demo;

/// <summary>What to generate: the seed fixes every draw; the scale multiplies the county's area.</summary>
public sealed record DemoOptions
{
    /// <summary>The seed of the committed demo county (geodata/demo/).</summary>
    public const ulong DefaultSeed = 20261125;

    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>
    /// Area multiplier: 1 is a ~30×30 km county (~100k OSM nodes); 100 is a ~300×300 km province-sized stress case.
    /// Town, village and water counts grow with the area; their density stays the same.
    /// </summary>
    public double Scale { get; init; } = 1;

    /// <summary>Largest gap between consecutive OSM nodes along a way, in metres (shape points, like a real extract).</summary>
    public double NodeSpacingMetres { get; init; } = 25;

    /// <summary>Why these options cannot make a county (简体中文 and English), or null when they can.</summary>
    public Bilingual? Problem() =>
        !(Scale >= 0.25 && Scale <= 400) ? new("规模必须在 0.25 到 400 之间", "Scale must be between 0.25 and 400 (1 = one ~30×30 km county).")
        : !(NodeSpacingMetres >= 5 && NodeSpacingMetres <= 500) ? new("节点间距必须在 5 到 500 米之间", "Node spacing must be between 5 and 500 metres.")
        : null;

    /// <summary>Throws with a bilingual one-line message when an option is out of range.</summary>
    public void Validate()
    {
        if (Problem() is { } p)
            throw new ArgumentOutOfRangeException(!(Scale >= 0.25 && Scale <= 400) ? nameof(Scale) : nameof(NodeSpacingMetres), p.ToString());
    }
}
