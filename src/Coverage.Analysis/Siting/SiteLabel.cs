using Coverage.Analysis.Region;
using Coverage.Core.Geo;

namespace Coverage.Analysis.Siting;

/// <summary>
/// How a planner finds a proposed site on the ground: the nearest village (the settlement with the nearest sample point,
/// and its town) and the nearest walkable road with its OSM way id, e.g. "白庄村旁 · 环湖路（way 12345）".
/// </summary>
/// <param name="VillageMetres">Geodesic distance from the site to the village's nearest sample point.</param>
/// <param name="WayId">OSM way of the nearest edge; 0 when the network has no source ways (hand-built).</param>
/// <param name="Road">The way's name (name, else name:zh, else ref), or null when it has none.</param>
/// <param name="RoadMetres">Distance from the site to that edge.</param>
public sealed record SiteLabel(string VillageId, string Village, string Town, double VillageMetres, long WayId, string? Road, double RoadMetres)
{
    /// <summary>The road as a planner reads it: its name, or "无名道路", with the way id when there is one.</summary>
    public string RoadZh => (Road ?? "无名道路") + (WayId != 0 ? $"（way {WayId}）" : "");
    public string RoadEn => (Road ?? "unnamed road") + (WayId != 0 ? $" (way {WayId})" : "");

    public string NameZh => $"{Village}旁 · {RoadZh}";
    public string NameEn => $"near {Village} · {RoadEn}";

    /// <summary>Labels a point of the region: nearest sample of any settlement, nearest walkable edge (islands included).</summary>
    public static SiteLabel Of(AnalysisRegion region, double lon, double lat)
    {
        int nearest = -1;
        double best = double.PositiveInfinity;
        for (int k = 0; k < region.SampleCount; k++)
        {
            var p = region.SampleLonLat[k];
            double d = Geodesy.DistanceMeters(lon, lat, p.Lon, p.Lat);
            if (d < best) { best = d; nearest = k; }
        }
        var settlement = nearest >= 0 ? region.Settlements[region.SampleSettlement[nearest]] : null;
        var snap = region.Snapper.SnapNearest(lon, lat, region.Options.MaxSnapMetres);
        var ways = region.Graph.Ways;
        long wayId = snap.Edge >= 0 ? ways.WayId[snap.Edge] : 0;
        string? road = snap.Edge >= 0 ? ways.NameOf(snap.Edge) : null;
        return new SiteLabel(settlement?.Id ?? "", settlement?.Name ?? "—", settlement?.Town ?? "", best, wayId, road,
            snap.Edge >= 0 ? snap.DistanceMetres : double.NaN);
    }
}
