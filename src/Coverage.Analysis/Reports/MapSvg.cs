using System.Globalization;
using System.Text;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;

namespace Coverage.Analysis.Reports;

/// <summary>
/// Inline SVG maps for the printable report: the network once as a reusable &lt;g&gt;, then per circle the settlements
/// coloured covered / partly / uncovered and the circle's facilities. Equirectangular in the region's extent.
/// </summary>
sealed class MapSvg
{
    public const string NetworkId = "coverage-network";
    public const string Covered = "#2e7d32", Partly = "#f9a825", Uncovered = "#c62828", Facility = "#1565c0";
    readonly AnalysisRegion _region;
    readonly double _minLon, _maxLat, _scaleX, _scaleY;
    public readonly int Width, Height;

    public MapSvg(AnalysisRegion region, int width = 900)
    {
        _region = region;
        var g = region.Graph;
        double minLon = double.MaxValue, maxLon = double.MinValue, minLat = double.MaxValue, maxLat = double.MinValue;
        for (int n = 0; n < g.NodeCount; n++)
        {
            minLon = Math.Min(minLon, g.NodeLon(n)); maxLon = Math.Max(maxLon, g.NodeLon(n));
            minLat = Math.Min(minLat, g.NodeLat(n)); maxLat = Math.Max(maxLat, g.NodeLat(n));
        }
        if (g.NodeCount == 0) (minLon, maxLon, minLat, maxLat) = (0, 1, 0, 1);
        double cos = Math.Cos((minLat + maxLat) / 2 * Math.PI / 180);
        double w = Math.Max((maxLon - minLon) * cos, 1e-9), h = Math.Max(maxLat - minLat, 1e-9);
        Width = width;
        Height = (int)Math.Clamp(width * h / w, 200, 1400);
        _minLon = minLon; _maxLat = maxLat;
        _scaleX = Width / (maxLon - minLon + 1e-12);
        _scaleY = Height / (maxLat - minLat + 1e-12);
    }

    /// <summary>Map pixels of a point (x right, y down): the one projection of the SVG and the Word report's PNG maps.</summary>
    public (double X, double Y) Project(double lon, double lat) => ((lon - _minLon) * _scaleX, (_maxLat - lat) * _scaleY);

    /// <summary>The region this map draws.</summary>
    public AnalysisRegion Region => _region;

    /// <summary>A settlement's colour by its status.</summary>
    public static string StatusColour(CoverageStatus status) => status switch { CoverageStatus.Covered => Covered, CoverageStatus.Partly => Partly, _ => Uncovered };

    /// <summary>A settlement's dot radius: grows with its people, as on every map of the report.</summary>
    public static double DotRadius(double population) => 2.5 + Math.Min(5, Math.Sqrt(population) / 15);

    string X(double lon) => Project(lon, _maxLat).X.ToString("0.#", CultureInfo.InvariantCulture);
    string Y(double lat) => Project(_minLon, lat).Y.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The network as one path (drawn once, reused by every map).</summary>
    public string NetworkDefs()
    {
        var g = _region.Graph;
        var d = new StringBuilder();
        for (int e = 0; e < g.EdgeCount; e++)
        {
            int count = g.EdgePointCount(e);
            for (int i = 0; i < count; i++)
            {
                var (lon, lat) = g.EdgePoint(e, i);
                d.Append(i == 0 ? 'M' : 'L').Append(X(lon)).Append(',').Append(Y(lat));
            }
        }
        return $"<svg width=\"0\" height=\"0\" style=\"position:absolute\"><defs><path id=\"{NetworkId}\" d=\"{d}\" fill=\"none\" stroke=\"#9e9e9e\" stroke-width=\"0.6\"/></defs></svg>";
    }

    public string Map(CircleCoverage coverage)
    {
        var sb = new StringBuilder();
        sb.Append($"<svg class=\"map\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" role=\"img\" aria-label=\"{Html.Escape(coverage.Circle.NameZh)}\">");
        sb.Append($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"#fafafa\"/><use href=\"#{NetworkId}\"/>");
        for (int i = 0; i < _region.Facilities.Count; i++)
        {
            var f = _region.Facilities[i];
            if (!_region.IsCounted(i) || !coverage.Circle.Counts(f.Category, f.Kind)) continue;
            var c = f.Geometry.InteriorPoint;
            sb.Append($"<rect x=\"{X(c.X)}\" y=\"{Y(c.Y)}\" width=\"6\" height=\"6\" transform=\"translate(-3,-3)\" fill=\"{Facility}\"><title>{Html.Escape(f.Name)}</title></rect>");
        }
        foreach (var s in coverage.Settlements)
        {
            var c = s.Settlement.Geometry.InteriorPoint;
            string colour = StatusColour(s.Status);
            double r = DotRadius(s.Population);
            sb.Append($"<circle cx=\"{X(c.X)}\" cy=\"{Y(c.Y)}\" r=\"{r.ToString("0.#", CultureInfo.InvariantCulture)}\" fill=\"{colour}\" fill-opacity=\"0.85\" stroke=\"#fff\" stroke-width=\"0.5\">")
              .Append($"<title>{Html.Escape(s.Settlement.Name)} · {s.Status.NameZh()}</title></circle>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}
