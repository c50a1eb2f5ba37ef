using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Tests.Oracle;

/// <summary>A place scored at its own samples (a settlement, or an administrative village's remainder) under one circle.</summary>
/// <param name="Seconds">Its best-served sample's walk time (composite: that sample's slowest category); +∞ when none reaches one.</param>
public sealed record OraclePlaceRow(string SettlementId, bool IsRemainder, double Demand, double CoveredShare, CoverageStatus Status,
    double Seconds, bool FacilityInside)
{
    public double? Minutes => double.IsPositiveInfinity(Seconds) ? null : Seconds / 60;
    public double CoveredDemand => Demand * CoveredShare;
}

/// <summary>An administrative village rolled up from its natural villages and its remainder (the places that hold people).</summary>
public sealed record OracleRollUp(string SettlementId, IReadOnlyList<OraclePlaceRow> Places, double Demand, double CoveredDemand,
    CoverageStatus Status, double? Minutes);

/// <summary>One circle, recomputed: every place, every roll-up, and how close any sample came to the limit.</summary>
public sealed record OracleCircle(CircleStandard Circle, IReadOnlyList<OraclePlaceRow> Places, IReadOnlyList<OracleRollUp> RollUps,
    int BorderlineSamples);

/// <summary>
/// Per-settlement coverage recomputed by brute force on <see cref="OracleWalkGraph"/>. From the engine's region it takes
/// only definitions: the settlements and facilities as given, the sample points and their demand shares, the counted
/// statuses and the snap limit. Everything else is computed here: which facilities join the network, each sample's
/// snap, one unbounded Dijkstra per category group, and the counting rules of issue #10 (a place's minutes = its
/// best-served sample's time, no search limit; covered share = demand share of samples within the circle's minutes;
/// natural villages counted once, in their administrative village's roll-up; presence = a counted facility inside the
/// settlement polygon, or within the allowance of any sample).
/// </summary>
public sealed class CoverageOracle
{
    /// <summary>
    /// Samples this close (seconds) to a circle's limit are borderline: the engine keeps float seconds (on the demo its
    /// sample times are within 0.0006 s of the oracle's), so such a sample could fall either side of the limit.
    /// </summary>
    public const double BorderlineSeconds = 0.005;

    readonly AnalysisRegion _region;
    readonly OracleWalkGraph _g;
    readonly OraclePlace?[] _samples;
    readonly List<OracleSource>?[] _facilitySources;
    readonly Dictionary<string, double[]> _groupTimes = [];

    public CoverageOracle(AnalysisRegion region, OracleWalkGraph g)
    {
        _region = region; _g = g;
        double maxSnap = region.Options.MaxSnapMetres, slack = region.Snapper.Options.MainNetworkSlackMetres;
        var island = g.IslandSegments(region.Graph, region.Snapper);
        // Samples snapped in runs of 256, each run in order (its previous answer as the hint), runs in parallel.
        _samples = new OraclePlace?[region.SampleCount];
        Parallel.For(0, (region.SampleCount + 255) / 256, run =>
        {
            int hint = -1;
            for (int k = run * 256; k < Math.Min(region.SampleCount, run * 256 + 256); k++)
            {
                var at = g.Snap(region.SampleLonLat[k].Lon, region.SampleLonLat[k].Lat, ref hint, island, maxSnap, slack);
                _samples[k] = at.LegMetres <= maxSnap ? at : null;
            }
        });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        _facilitySources = region.Facilities.Select(f =>
        {
            // A facility counts when its status is counted, its id is the first of its kind and it joins the network.
            if (!seen.Add(f.Id) || !region.Options.CountedStatuses.Contains(f.Status)) return null;
            var sources = OracleSources.Of(g, f.Geometry, maxSnap, island, slack, out int gaps);
            TrailGaps += gaps;
            return sources.Count > 0 ? sources : null;
        }).ToArray();
    }

    /// <summary>Steps along counted trails that left network out (see <see cref="OracleSources.Of"/>); 0 on the demo.</summary>
    public int TrailGaps { get; private set; }
    public int CountedFacilities => _facilitySources.Count(s => s != null);
    public int SamplesOnNetwork => _samples.Count(s => s != null);

    public OracleCircle Evaluate(CircleStandard circle)
    {
        var profile = WalkProfile.Get(circle.Profile);
        var refs = circle.Categories.Select(CategoryReference.Parse).ToList();
        var groups = circle.Kind == CircleKind.Composite ? refs.Select(r => new[] { r }).ToList() : [refs.ToArray()];
        var times = groups.Select(g => SampleSeconds(g, profile)).ToList();
        double limit = circle.Minutes * 60;

        bool Applies(Settlement s) => circle.AppliesTo.Count == 0 || circle.AppliesTo.Contains(s.Kind);
        var settlements = _region.Settlements;
        var children = Children(settlements, Applies);
        var own = new OraclePlaceRow?[settlements.Count];
        var remainderPeople = new double[settlements.Count];
        int borderline = 0;
        for (int s = 0; s < settlements.Count; s++)
        {
            if (!Applies(settlements[s])) continue;
            var kids = children.GetValueOrDefault(s) ?? [];
            // An administrative village's own samples hold only the people in none of its natural villages.
            double population = Math.Max(0, Math.Max(0, settlements[s].Population) - kids.Sum(c => Math.Max(0, settlements[c].Population)));
            double elderly = Math.Max(0, Math.Max(0, settlements[s].Elderly) - kids.Sum(c => Math.Max(0, settlements[c].Elderly)));
            remainderPeople[s] = population;
            own[s] = Place(circle, s, kids.Count > 0, circle.Demand == DemandField.Elderly ? elderly : population, times, limit, ref borderline);
        }
        var rollUps = new List<OracleRollUp>();
        foreach (var (s, kids) in children)
        {
            // The remainder joins the roll-up only when it holds people (or demand).
            var held = kids.Select(c => own[c]!).ToList();
            if (remainderPeople[s] > 0 || own[s]!.Demand > 0) held.Add(own[s]!);
            double total = held.Sum(p => p.Demand), covered = held.Sum(p => p.CoveredDemand);
            double share = total > 0 ? covered / total : held.Average(p => p.CoveredShare);
            double best = held.Min(p => p.Seconds);
            rollUps.Add(new OracleRollUp(settlements[s].Id, held, total, covered, StatusOf(share), double.IsPositiveInfinity(best) ? null : best / 60));
        }
        var places = own.Where(p => p != null).Select(p => p!).ToList();
        return new OracleCircle(circle, places, rollUps, borderline);
    }

    /// <summary>Natural villages under each administrative village (or community) both included by the circle.</summary>
    static Dictionary<int, List<int>> Children(IReadOnlyList<Settlement> settlements, Func<Settlement, bool> applies)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int s = 0; s < settlements.Count; s++) index.TryAdd(settlements[s].Id, s);
        var children = new Dictionary<int, List<int>>();
        for (int s = 0; s < settlements.Count; s++)
        {
            var st = settlements[s];
            if (st.Kind != SettlementKind.NaturalVillage || !applies(st) || st.ParentId is not { } parentId || !index.TryGetValue(parentId, out int p)) continue;
            if (settlements[p].Kind == SettlementKind.NaturalVillage || !applies(settlements[p])) continue;
            (children.TryGetValue(p, out var list) ? list : children[p] = []).Add(s);
        }
        return children;
    }

    OraclePlaceRow Place(CircleStandard circle, int s, bool isRemainder, double demand, List<double[]> times, double limit, ref int borderline)
    {
        var st = _region.Settlements[s];
        int a = _region.SettlementFirstSample[s], b = _region.SettlementFirstSample[s + 1];
        double share = 0, best = double.PositiveInfinity;
        for (int k = a; k < b; k++)
        {
            double t = times.Max(g => g[k]);
            if (Math.Abs(t - limit) < BorderlineSeconds) borderline++;
            if (t <= limit) share += 1.0 / (b - a); // equal shares of the settlement's samples
            best = Math.Min(best, t);
        }
        bool inside = false;
        if (circle.Kind == CircleKind.Presence)
        {
            inside = Enumerable.Range(0, _region.Facilities.Count).Any(f =>
                _facilitySources[f] != null && circle.Counts(_region.Facilities[f].Category, _region.Facilities[f].Kind)
                && st.Geometry.Intersects(_region.Facilities[f].Geometry));
            if (inside) best = 0;
            share = inside || best <= limit ? 1 : 0;
        }
        if (b == a) share = 0;
        return new OraclePlaceRow(st.Id, isRemainder, demand, StatusOf(share) == CoverageStatus.Covered ? 1 : share, StatusOf(share), best, inside);
    }

    static CoverageStatus StatusOf(double share) =>
        share >= 1 - 1e-9 ? CoverageStatus.Covered : share > 1e-9 ? CoverageStatus.Partly : CoverageStatus.Uncovered;

    /// <summary>Seconds from every sample to the nearest counted facility of the references (+∞ off the network or unreachable).</summary>
    public double[] SampleSeconds(CategoryReference[] refs, WalkProfile profile)
    {
        string key = profile.Id + "|" + string.Join(",", refs.Select(r => r.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal));
        lock (_groupTimes)
        {
            if (!_groupTimes.TryGetValue(key, out var seconds)) _groupTimes[key] = seconds = Search(refs, profile);
            return seconds;
        }
    }

    double[] Search(CategoryReference[] refs, WalkProfile profile)
    {
        var sources = new List<OracleSource>();
        for (int f = 0; f < _region.Facilities.Count; f++)
            if (_facilitySources[f] is { } own && refs.Any(r => r.Matches(_region.Facilities[f].Category, _region.Facilities[f].Kind)))
                sources.AddRange(own);
        var search = new OracleSearch(_g, profile.SpeedMetresPerSecond, profile.StepsTimeFactor, sources);
        return _samples.Select(p => p is { } at ? search.To(at) : double.PositiveInfinity).ToArray();
    }
}
