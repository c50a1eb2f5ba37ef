using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>
/// A proposal is named by its nearest village and nearest road (with the OSM way), checked against brute force over every
/// settlement sample and every edge of the demo county; the answer's quality is said in plain words from bound and gap.
/// </summary>
public class SiteLabelTests
{
    const double EarthRadius = 6371008.8;

    /// <summary>Given sites at the centres of 30 villages (off the roads, so the nearest road is a real question), best 4.</summary>
    static SitingResult OffRoadProposals(AnalysisRegion region)
    {
        var given = region.Settlements.Where((s, i) => i % 25 == 3).Take(30)
            .Select(s => new GivenSite("g-" + s.Id, s.Name, s.Geometry.InteriorPoint)).ToList();
        return new SitingPlanner(new CoverageEngine(region)).MaximalCovering("elderly-15", 4, CandidateGenerator.Given(region, given),
            new SolverLimits(TimeLimitSeconds: 20));
    }

    [Fact]
    public void Each_proposal_is_named_by_the_settlement_with_the_nearest_sample_point()
    {
        var region = DemoCounty.Region;
        var r = OffRoadProposals(region);
        Assert.Equal(4, r.Optimal.Sites.Count);
        foreach (var p in r.Optimal.Sites.Concat(r.Greedy.Sites))
        {
            // Oracle: every sample of every settlement, haversine distance (Geodesy's model differs by ~0.2 %), nearest wins.
            var nearest = Enumerable.Range(0, region.Settlements.Count).Select(s => (Settlement: s, Metres: Enumerable
                    .Range(region.SettlementFirstSample[s], region.SettlementFirstSample[s + 1] - region.SettlementFirstSample[s])
                    .Select(k => Haversine(p.Site.Lon, p.Site.Lat, region.SampleLonLat[k].Lon, region.SampleLonLat[k].Lat))
                    .DefaultIfEmpty(double.PositiveInfinity).Min()))
                .OrderBy(x => x.Metres).ToList();
            double best = nearest[0].Metres;
            var labelled = nearest.Single(x => region.Settlements[x.Settlement].Id == p.Label.VillageId);
            Assert.InRange(labelled.Metres, best, best * 1.005 + 0.01);
            Assert.Equal(best, p.Label.VillageMetres, best * 0.005 + 0.01);
            // A clear winner (the runner-up 1 % farther) is the label's village, with its name and town.
            var expected = region.Settlements[nearest[0].Settlement];
            if (nearest[1].Metres > best * 1.01)
                Assert.Equal((expected.Id, expected.Name, expected.Town), (p.Label.VillageId, p.Label.Village, p.Label.Town));
            expected = region.Settlements[labelled.Settlement];
            Assert.Equal((expected.Name, expected.Town), (p.Label.Village, p.Label.Town));
            Assert.StartsWith($"{expected.Name}旁 · ", p.Label.NameZh);
            Assert.StartsWith($"near {expected.Name} · ", p.Label.NameEn);
        }
    }

    [Fact]
    public void Each_proposal_is_named_by_the_way_of_the_nearest_edge_with_its_id()
    {
        var region = DemoCounty.Region;
        var g = region.Graph;
        var r = OffRoadProposals(region);
        foreach (var p in r.Optimal.Sites.Concat(r.Greedy.Sites))
        {
            // Oracle: distance to every edge's polyline in a local plane at the site (sub-metre over these few hundred metres).
            var distances = Enumerable.Range(0, g.EdgeCount).Select(e => (Edge: e, Metres: EdgeMetres(g, e, p.Site.Lon, p.Site.Lat))).ToList();
            double min = distances.Min(x => x.Metres);
            Assert.Equal(min, p.Label.RoadMetres, 0.5);
            // Ties (a site beside a junction): the label's way is the way of one of the nearest edges.
            var nearestWays = distances.Where(x => x.Metres <= min + 0.5).Select(x => g.Ways.WayId[x.Edge]).ToHashSet();
            Assert.Contains(p.Label.WayId, nearestWays);
            Assert.NotEqual(0, p.Label.WayId);
            int edge = distances.First(x => x.Metres <= min + 0.5 && g.Ways.WayId[x.Edge] == p.Label.WayId).Edge;
            Assert.Equal(g.Ways.NameOf(edge), p.Label.Road);
            string? road = g.Ways.NameOf(edge);
            Assert.EndsWith($" · {road ?? "无名道路"}（way {p.Label.WayId}）", p.Label.NameZh);
            Assert.EndsWith($" · {road ?? "unnamed road"} (way {p.Label.WayId})", p.Label.NameEn);
        }
    }

    [Fact]
    public void The_sites_table_has_one_row_per_proposal_in_answer_order_with_its_label_and_people()
    {
        var r = OffRoadProposals(DemoCounty.Region);
        var table = SitingTable.Of(r);
        Assert.Equal(r.Optimal.Sites.Count, table.Rows.Count);
        int Col(string id) => table.Columns.Select(c => c.Id).ToList().IndexOf(id);
        for (int i = 0; i < table.Rows.Count; i++)
        {
            var p = r.Optimal.Sites[i];
            var row = table.Rows[i];
            Assert.Equal(i + 1, row[Col("rank")]);
            Assert.Equal((p.Label.NameZh, p.Label.Town, p.Label.WayId), ((string)row[Col("name")]!, (string)row[Col("town")]!, (long)row[Col("way_id")]!));
            Assert.Equal(p.Settlements.Sum(s => s.Elderly), (double)row[Col("new_elderly")]!, 2);
            // An elderly circle: what the site adds is its villages' older people.
            Assert.Equal(p.NewlyCoveredDemand, (double)row[Col("new_elderly")]!, 0);
            Assert.Equal(string.Join("、", p.Settlements.Select(s => s.Name)), row[Col("villages")]);
            Assert.Equal(new Point(p.Site.Lon, p.Site.Lat).Coordinate.X, ((Point)table.Geometries![i]!).X, 7);
        }
    }

    static SitingAnswer Answer(string method, SolveStatus status, double? gap) =>
        new(method, status, [], 0, 0, 100, gap is null ? null : 100 / (1 - gap.Value), gap, TimeSpan.Zero);

    [Theory]
    [InlineData("CP-SAT", SolveStatus.Optimal, 0.0, "proved-best", "已证明为最优", "proved best")]
    [InlineData("CP-SAT", SolveStatus.Feasible, 0.0123, "within", "与最优相差不超过 1.3%", "within 1.3 % of the best")]
    [InlineData("CP-SAT", SolveStatus.Feasible, 0.02, "within", "与最优相差不超过 2.0%", "within 2.0 % of the best")]
    [InlineData("CP-SAT", SolveStatus.Feasible, 0.00001, "within", "与最优相差不超过 0.1%", "within 0.1 % of the best")]
    [InlineData("greedy", SolveStatus.Feasible, null, "greedy", "逐个挑选（贪心法）的结果，未证明为最优", "picked one at a time (greedy); not proved best")]
    [InlineData("CP-SAT (no solution in time; greedy shown)", SolveStatus.Unknown, null, "greedy-fallback",
        "时限内未找到更优方案，以下为逐个挑选（贪心法）的结果，未证明为最优", "no better answer found in the time limit: this is the one-at-a-time (greedy) pick, not proved best")]
    public void Quality_is_said_in_plain_words_from_status_and_gap(string method, SolveStatus status, double? gap, string code, string zh, string en)
    {
        // "Within x %" rounds the gap up to 0.1 %, so the claim is never smaller than the proven gap.
        var q = Answer(method, status, gap).Quality;
        Assert.Equal((code, zh, en), (q.Code, q.Zh, q.En));
        if (code == "within") Assert.InRange(q.WithinPercent!.Value, gap!.Value * 100, gap.Value * 100 + 0.1);
    }

    static double Haversine(double lon1, double lat1, double lon2, double lat2)
    {
        double r = Math.PI / 180, dLat = (lat2 - lat1) * r, dLon = (lon2 - lon1) * r;
        double a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1 * r) * Math.Cos(lat2 * r) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    static double EdgeMetres(Network.Graph.WalkGraph g, int e, double lon, double lat)
    {
        double kx = Math.Cos(lat * Math.PI / 180) * EarthRadius * Math.PI / 180, ky = EarthRadius * Math.PI / 180;
        double best = double.PositiveInfinity;
        var (pLon, pLat) = g.EdgePoint(e, 0);
        double ax = (pLon - lon) * kx, ay = (pLat - lat) * ky;
        for (int i = 1; i < g.EdgePointCount(e); i++)
        {
            var (qLon, qLat) = g.EdgePoint(e, i);
            double bx = (qLon - lon) * kx, by = (qLat - lat) * ky, dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? Math.Clamp(-(ax * dx + ay * dy) / len2, 0, 1) : 0;
            best = Math.Min(best, Math.Sqrt(Math.Pow(ax + t * dx, 2) + Math.Pow(ay + t * dy, 2)));
            (ax, ay) = (bx, by);
        }
        return best;
    }
}
