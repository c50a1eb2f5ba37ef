using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Core.Geo;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// The region's settlements as life-circle members: natural villages rolled into their administrative village (each
/// person counted once, by <see cref="VillageHierarchy"/>), with the demand samples each member's time is taken over
/// and the sample a centre at the member is walked from.
/// </summary>
sealed class MemberPlaces
{
    public required IReadOnlyList<LifeCircleMember> Members { get; init; }
    /// <summary>Region sample indices of all members, member by member.</summary>
    public required int[] Samples { get; init; }
    /// <summary>Member of each entry of <see cref="Samples"/>.</summary>
    public required int[] MemberOfSample { get; init; }
    public required int[] SampleCount { get; init; }
    /// <summary>Region sample a centre at the member starts from (-1 when it cannot be a centre).</summary>
    public required int[] CentreSample { get; init; }

    public IEnumerable<int> SamplesOf(int member) => Enumerable.Range(0, Samples.Length).Where(k => MemberOfSample[k] == member).Select(k => Samples[k]);

    public static MemberPlaces Of(AnalysisRegion region)
    {
        var settlements = region.Settlements;
        var villages = VillageHierarchy.Of(settlements, _ => true);
        var members = new List<LifeCircleMember>();
        var samples = new List<int>();
        var memberOfSample = new List<int>();
        var sampleCount = new List<int>();
        var centreSample = new List<int>();
        for (int s = 0; s < settlements.Count; s++)
        {
            if (villages.ParentOf(s) >= 0) continue;
            int m = members.Count;
            var places = villages.ChildrenOf(s).Prepend(s).ToList();
            int before = samples.Count;
            int centre = CentreSampleOf(region, s);
            foreach (int k in PlacesWalkedTo(region, villages, s, centre)) { samples.Add(k); memberOfSample.Add(m); }
            sampleCount.Add(samples.Count - before);
            centreSample.Add(centre);
            var st = settlements[s];
            members.Add(new LifeCircleMember(s, st.Id, st.Name, st.Town,
                places.Sum(villages.OwnPopulation), places.Sum(villages.OwnElderly),
                centre >= 0 ? region.SampleLonLat[centre] : LonLatOf(RegionScope.Representative(st.Geometry)), centre >= 0));
        }
        return new MemberPlaces
        {
            Members = members,
            Samples = samples.ToArray(),
            MemberOfSample = memberOfSample.ToArray(),
            SampleCount = sampleCount.ToArray(),
            CentreSample = centreSample.ToArray(),
        };
    }

    /// <summary>
    /// Where a member is walked to: its seat (the centre sample; every own sample when it has no seat on the network, so
    /// the member is judged off the network as coverage would) and every sample of its natural villages. Not the grid
    /// over an administrative village's whole area: the demo county's villages are 2–4 km across, wider than a
    /// 15-minute walk (1,080 m) in every direction from any point, so no village could ever be in a unit.
    /// </summary>
    static IEnumerable<int> PlacesWalkedTo(AnalysisRegion region, VillageHierarchy villages, int s, int centre)
    {
        var own = centre >= 0 ? [centre] : Enumerable.Range(region.SettlementFirstSample[s], region.SettlementFirstSample[s + 1] - region.SettlementFirstSample[s]);
        return own.Concat(villages.ChildrenOf(s).SelectMany(c => Enumerable.Range(region.SettlementFirstSample[c], region.SettlementFirstSample[c + 1] - region.SettlementFirstSample[c])));
    }

    /// <summary>The settlement's own on-network sample nearest its representative point (a point's only sample; a polygon's most central).</summary>
    static int CentreSampleOf(AnalysisRegion region, int s)
    {
        var st = region.Settlements[s];
        if (st.Geometry.IsEmpty) return -1;
        var at = LonLatOf(RegionScope.Representative(st.Geometry));
        int best = -1; double bestMetres = double.PositiveInfinity;
        for (int k = region.SettlementFirstSample[s]; k < region.SettlementFirstSample[s + 1]; k++)
        {
            if (!region.SampleSnaps[k].IsOnNetwork) continue;
            var p = region.SampleLonLat[k];
            double d = Geodesy.DistanceMeters(at.Lon, at.Lat, p.Lon, p.Lat);
            if (d < bestMetres) { bestMetres = d; best = k; }
        }
        return best;
    }

    static LonLat LonLatOf(NetTopologySuite.Geometries.Point p) => p.IsEmpty ? new LonLat(0, 0) : new LonLat(p.X, p.Y);
}
