using System.Globalization;
using Coverage.Analysis.Circles;
using SkiaSharp;

namespace Coverage.Analysis.Reports;

/// <summary>
/// PNG pictures for the Word report, drawn with SkiaSharp from the same projection, colours and dot sizes as the HTML
/// report's SVG (<see cref="MapSvg"/>): a circle's map (network, facilities, settlements by status) and its town bars.
/// </summary>
static class ReportImages
{
    /// <summary>Pixels per SVG unit: pictures print sharp at the report's width.</summary>
    internal const float Scale = 2f;

    /// <summary>CJK fonts tried in order (Debian's WenQuanYi, Noto CJK); SkiaSharp's default draws Latin text only.</summary>
    static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ];

    static readonly Lazy<SKTypeface> Typeface = new(() =>
        FontFiles.Where(File.Exists).Select(SKTypeface.FromFile).FirstOrDefault(t => t is not null)
        ?? SKFontManager.Default.MatchCharacter('中') ?? SKTypeface.Default);

    /// <summary>The circle's map as the HTML draws it: width × height in SVG units of <paramref name="map"/>.</summary>
    public static byte[] Map(MapSvg map, CircleCoverage coverage)
    {
        using var surface = SKSurface.Create(new SKImageInfo((int)(map.Width * Scale), (int)(map.Height * Scale)));
        var canvas = surface.Canvas;
        canvas.Scale(Scale);
        canvas.Clear(SKColor.Parse("#fafafa"));
        DrawNetwork(canvas, map);
        var region = map.Region;
        using var facility = new SKPaint { Color = SKColor.Parse(MapSvg.Facility), IsAntialias = true };
        for (int i = 0; i < region.Facilities.Count; i++)
        {
            var f = region.Facilities[i];
            if (!region.IsCounted(i) || !coverage.Circle.Counts(f.Category, f.Kind)) continue;
            var (x, y) = map.Project(f.Geometry.InteriorPoint.X, f.Geometry.InteriorPoint.Y);
            canvas.DrawRect((float)x - 3, (float)y - 3, 6, 6, facility);
        }
        using var fill = new SKPaint { IsAntialias = true };
        using var edge = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f, Color = SKColors.White };
        foreach (var s in coverage.Settlements)
        {
            var (x, y) = map.Project(s.Settlement.Geometry.InteriorPoint.X, s.Settlement.Geometry.InteriorPoint.Y);
            fill.Color = SKColor.Parse(MapSvg.StatusColour(s.Status)).WithAlpha((byte)(0.85 * 255));
            float r = (float)MapSvg.DotRadius(s.Population);
            canvas.DrawCircle((float)x, (float)y, r, fill);
            canvas.DrawCircle((float)x, (float)y, r, edge);
        }
        return Png(surface);
    }

    static void DrawNetwork(SKCanvas canvas, MapSvg map)
    {
        var g = map.Region.Graph;
        using var path = new SKPath();
        for (int e = 0; e < g.EdgeCount; e++)
            for (int i = 0, count = g.EdgePointCount(e); i < count; i++)
            {
                var (lon, lat) = g.EdgePoint(e, i);
                var (x, y) = map.Project(lon, lat);
                if (i == 0) path.MoveTo((float)x, (float)y); else path.LineTo((float)x, (float)y);
            }
        using var stroke = new SKPaint { Color = SKColor.Parse("#9e9e9e"), Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f, IsAntialias = true };
        canvas.DrawPath(path, stroke);
    }

    /// <summary>Each town's covered share of demand as a bar (green where the town meets the target), the target dashed.</summary>
    /// <summary>The bar chart's layout in SVG units (as the HTML's): label column, full bar, row pitch.</summary>
    internal const int BarLabel = 150, BarWidth = 600, BarRow = 22;

    public static (byte[] Png, int Width, int Height) TownBars(CircleCoverage c)
    {
        const int label = BarLabel, barWidth = BarWidth, row = BarRow, width = label + barWidth + 70;
        int height = row * Math.Max(1, c.Towns.Count) + 24;
        using var surface = SKSurface.Create(new SKImageInfo((int)(width * Scale), (int)(height * Scale)));
        var canvas = surface.Canvas;
        canvas.Scale(Scale);
        canvas.Clear(SKColors.White);
        using var text = new SKPaint { Color = SKColor.Parse("#222222"), IsAntialias = true };
        using var name = new SKFont(Typeface.Value, 12);
        using var small = new SKFont(Typeface.Value, 11);
        using var bar = new SKPaint { IsAntialias = true };
        for (int i = 0; i < c.Towns.Count; i++)
        {
            var t = c.Towns[i];
            double share = t.DemandShare ?? 0;
            int y = i * row + 4;
            bar.Color = SKColor.Parse(t.TargetMet ? MapSvg.Covered : MapSvg.Uncovered);
            canvas.DrawText(t.Name, label - 6, y + 14, SKTextAlign.Right, name, text);
            canvas.DrawRect(label, y, (float)(share * barWidth), row - 6, bar);
            canvas.DrawText(ReportCells.Pct(t.DemandShare), (float)(label + share * barWidth + 4), y + 14, SKTextAlign.Left, small, text);
        }
        float tx = (float)(label + c.Circle.TargetPercent / 100 * barWidth);
        using var dashed = new SKPaint
        {
            Color = SKColor.Parse("#333333"), Style = SKPaintStyle.Stroke, StrokeWidth = 1, PathEffect = SKPathEffect.CreateDash([4, 3], 0),
        };
        canvas.DrawLine(tx, 0, tx, height - 18, dashed);
        canvas.DrawText($"目标 target {c.Circle.TargetPercent.ToString("0.#", CultureInfo.InvariantCulture)}%", tx, height - 4, SKTextAlign.Center, small, text);
        return (Png(surface), width, height);
    }

    static byte[] Png(SKSurface surface)
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
