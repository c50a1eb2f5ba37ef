using System.Globalization;
using Coverage.Analysis.Region;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Siting;

/// <summary>
/// Where new facilities could go: points along walkable edges at a spacing (not on ferries, bridges or small
/// islands; one per grid cell of the spacing), and planner-given sites snapped like any facility.
/// </summary>
public static class CandidateGenerator
{
    public const double DefaultSpacingMetres = 200;

    /// <summary>Points every <paramref name="spacingMetres"/> along the walkable edges, deduplicated on a grid of that size.</summary>
    public static CandidateSet Along(AnalysisRegion region, double spacingMetres = DefaultSpacingMetres)
    {
        if (!(spacingMetres >= 10) || double.IsInfinity(spacingMetres))
            throw new AnalysisInputException($"候选点间距 {spacingMetres} 米无效，须不小于 10 米",
                $"Candidate spacing {spacingMetres} m is invalid: use at least 10 m");
        var g = region.Graph;
        var cells = new HashSet<(long, long)>();
        var sites = new List<CandidateSite>();
        var pts = new List<(double Lon, double Lat, double At)>();
        for (int e = 0; e < g.EdgeCount; e++)
        {
            // A site is built on land on the main network: ferries and bridges cross water, islands reach little.
            if ((g.EdgeFlagsOf[e] & (EdgeFlags.Ferry | EdgeFlags.Bridge)) != 0) continue;
            if (region.Snapper.IsIsland(g.NodeComponent[g.EdgeFrom[e]])) continue;
            Polyline(g, e, pts);
            double length = pts[^1].At;
            if (length <= 0) continue;
            int n = Math.Max(1, (int)Math.Round(length / spacingMetres));
            for (int i = 0; i < n; i++)
            {
                double at = (i + 0.5) * length / n;
                var (lon, lat) = PointAt(pts, at);
                // Local equirectangular grid: cells of the spacing need no projection accuracy.
                var (mLat, mLon) = Geodesy.MetresPerDegree(lat);
                if (!cells.Add(((long)Math.Floor(lon * mLon / spacingMetres), (long)Math.Floor(lat * mLat / spacingMetres)))) continue;
                double offset = Math.Clamp(at / length * g.EdgeLength[e], 0, g.EdgeLength[e]);
                var snap = new SnapResult(SnapStatus.OnNetwork, lon, lat, e, 0, offset, lon, lat, 0, g.NodeComponent[g.EdgeFrom[e]], false);
                string id = "cand-" + (sites.Count + 1).ToString("D5", CultureInfo.InvariantCulture);
                sites.Add(new CandidateSite(id, id, CandidateOrigin.Generated, lon, lat, snap));
            }
        }
        return new CandidateSet(sites, []);
    }

    /// <summary>Planner-given sites: each snapped to the network; too far, on an island or without geometry → rejected with the reason.</summary>
    public static CandidateSet Given(AnalysisRegion region, IEnumerable<GivenSite> given)
    {
        var sites = new List<CandidateSite>();
        var rejected = new List<RejectedSite>();
        foreach (var s in given)
        {
            if (s.Geometry is null || s.Geometry.IsEmpty)
            {
                rejected.Add(new RejectedSite(s.Id, s.Name, $"候选点“{s.Name}”没有几何，已跳过", $"Candidate '{s.Name}' ({s.Id}) has no geometry: skipped"));
                continue;
            }
            var p = s.Geometry is Point pt ? pt : s.Geometry.InteriorPoint;
            var snap = region.Snapper.Snap(p.X, p.Y, region.Options.MaxSnapMetres);
            if (!snap.IsOnNetwork)
                rejected.Add(new RejectedSite(s.Id, s.Name,
                    string.Create(CultureInfo.InvariantCulture, $"候选点“{s.Name}”距最近步行道路 {snap.DistanceMetres:0} 米，超过 {region.Options.MaxSnapMetres:0} 米，已跳过"),
                    string.Create(CultureInfo.InvariantCulture, $"Candidate '{s.Name}' ({s.Id}) is {snap.DistanceMetres:0} m from the nearest walkable way (limit {region.Options.MaxSnapMetres:0} m): skipped")));
            else if (snap.IsOnIsland)
                rejected.Add(new RejectedSite(s.Id, s.Name, $"候选点“{s.Name}”位于与主路网不连通的孤立小路网上，已跳过",
                    $"Candidate '{s.Name}' ({s.Id}) joins a small isolated piece of network: skipped"));
            else sites.Add(new CandidateSite(s.Id, s.Name, CandidateOrigin.Given, p.X, p.Y, snap));
        }
        return new CandidateSet(sites, rejected);
    }

    static void Polyline(WalkGraph g, int e, List<(double Lon, double Lat, double At)> pts)
    {
        pts.Clear();
        double at = 0;
        var prev = g.EdgePoint(e, 0);
        pts.Add((prev.Lon, prev.Lat, 0));
        for (int i = 1, n = g.EdgePointCount(e); i < n; i++)
        {
            var q = g.EdgePoint(e, i);
            at += Geodesy.DistanceMeters(prev.Lon, prev.Lat, q.Lon, q.Lat);
            pts.Add((q.Lon, q.Lat, at));
            prev = q;
        }
    }

    static (double Lon, double Lat) PointAt(List<(double Lon, double Lat, double At)> pts, double at)
    {
        for (int i = 1; i < pts.Count; i++)
        {
            if (pts[i].At < at && i < pts.Count - 1) continue;
            var (a, b) = (pts[i - 1], pts[i]);
            double t = b.At > a.At ? Math.Clamp((at - a.At) / (b.At - a.At), 0, 1) : 0;
            return (a.Lon + (b.Lon - a.Lon) * t, a.Lat + (b.Lat - a.Lat) * t);
        }
        return (pts[0].Lon, pts[0].Lat);
    }
}
