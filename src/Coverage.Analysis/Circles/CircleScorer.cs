using Coverage.Analysis.Region;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Circles;

/// <summary>
/// Turns sample travel times into a circle's coverage: per settlement (status, minutes, covered demand), per town,
/// for the county, and the equity measures. Pure arithmetic over arrays; no search happens here.
/// </summary>
static class CircleScorer
{
    public static CircleCoverage Score(AnalysisRegion region, CirclePlan plan, IReadOnlyList<SampleTimes> times,
        IReadOnlyList<Facility> added, IReadOnlyList<AnalysisNote> extraNotes)
    {
        var circle = plan.Circle;
        double limit = plan.LimitSeconds, cap = times.Count > 0 ? times.Max(t => t.Group.LimitSeconds) : limit;
        var rows = new List<SettlementCoverage>();
        for (int s = 0; s < region.Settlements.Count; s++)
        {
            var st = region.Settlements[s];
            if (circle.AppliesTo.Count > 0 && !circle.AppliesTo.Contains(st.Kind)) continue;
            rows.Add(ScoreSettlement(region, circle, s, times, added, limit, cap));
        }

        var towns = rows.GroupBy(r => string.IsNullOrWhiteSpace(r.Settlement.Town) ? "（未知）" : r.Settlement.Town)
            .Select(g => Aggregate(g.Key, g.ToList(), circle.TargetPercent))
            .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var county = Aggregate("全县 County", rows, circle.TargetPercent);

        var notes = new List<AnalysisNote>(plan.Notes);
        notes.AddRange(extraNotes);
        foreach (var t in times)
            if (t.SourceCount == 0)
                notes.Add(AnalysisNote.Warning("no-facilities", $"类别“{t.Group}”没有可计入的设施（现状/在建且在路网上），该类别无人覆盖",
                    $"No counted facility of '{t.Group}' (existing/under construction, on the network): nobody is covered by it"));
        var noPop = rows.Count(r => r.NoPopulation);
        if (noPop > 0)
            notes.Add(AnalysisNote.Warning("no-population", $"{noPop} 个居民点没有人口数据：覆盖状态照常列出，人口权重为 0",
                $"{noPop} settlements have no population: their status is listed, with zero weight"));

        return new CircleCoverage
        {
            Circle = circle,
            Settlements = rows,
            Towns = towns,
            County = county,
            Equity = Equity.Measure(rows, towns, cap / 60),
            Unsnapped = UnsnappedFor(region, plan, rows),
            Notes = notes,
            SearchLimitMinutes = cap / 60,
        };
    }

    static SettlementCoverage ScoreSettlement(AnalysisRegion region, CircleStandard circle, int s, IReadOnlyList<SampleTimes> times,
        IReadOnlyList<Facility> added, double limit, double cap)
    {
        var st = region.Settlements[s];
        int a = region.SettlementFirstSample[s], b = region.SettlementFirstSample[s + 1];
        double coveredShare = 0, bestSeconds = double.PositiveInfinity, meanSeconds = 0;
        int bestFacility = -1;
        bool anyReached = false;
        for (int k = a; k < b; k++)
        {
            // Composite: a sample is as far as its slowest category's nearest facility.
            double t = double.NegativeInfinity; int f = -1;
            foreach (var g in times)
                if (g.Seconds[k] > t) { t = g.Seconds[k]; f = g.Facility[k]; }
            if (times.Count == 0) t = double.PositiveInfinity;
            if (t <= limit) coveredShare += region.SampleShare[k];
            if (t < bestSeconds) { bestSeconds = t; bestFacility = f; }
            if (!double.IsPositiveInfinity(t)) anyReached = true;
            meanSeconds += region.SampleShare[k] * Math.Min(t, cap);
        }

        bool inside = false;
        if (circle.Kind == CircleKind.Presence)
        {
            int insideFacility = region.FacilitiesInside(st.Geometry).Where(i => circle.Counts(region.Facilities[i].Category, region.Facilities[i].Kind))
                .DefaultIfEmpty(-1).First();
            inside = insideFacility >= 0;
            if (inside) { bestSeconds = 0; bestFacility = insideFacility; }
            // Presence is a property of the village: inside, or within the allowance of any of its samples.
            coveredShare = inside || bestSeconds <= limit ? 1 : 0;
        }
        if (b == a) coveredShare = 0;
        coveredShare = Math.Clamp(coveredShare, 0, 1);
        var status = coveredShare >= 1 - 1e-9 ? CoverageStatus.Covered : coveredShare > 1e-9 ? CoverageStatus.Partly : CoverageStatus.Uncovered;
        if (status == CoverageStatus.Covered) coveredShare = 1;
        double demand = circle.Demand == DemandField.Elderly ? st.Elderly : st.Population;
        var facility = FacilityAt(region, added, bestFacility);
        return new SettlementCoverage
        {
            Settlement = st,
            Status = status,
            Minutes = double.IsPositiveInfinity(bestSeconds) ? null : bestSeconds / 60,
            MeanMinutes = anyReached ? meanSeconds / 60 : null,
            NearestFacilityId = facility?.Id,
            NearestFacilityName = facility?.Name,
            CoveredShare = coveredShare,
            CoveredPopulation = Math.Max(0, st.Population) * coveredShare,
            CoveredElderly = Math.Max(0, st.Elderly) * coveredShare,
            Demand = Math.Max(0, demand),
            CoveredDemand = Math.Max(0, demand) * coveredShare,
            Samples = b - a,
            OffNetwork = !region.SettlementOnNetwork[s],
            NoPopulation = st.Population <= 0,
            FacilityInside = inside,
        };
    }

    static Facility? FacilityAt(AnalysisRegion region, IReadOnlyList<Facility> added, int index) =>
        index < 0 ? null : index < region.Facilities.Count ? region.Facilities[index] : added[index - region.Facilities.Count];

    internal static AreaCoverage Aggregate(string name, IReadOnlyList<SettlementCoverage> rows, double targetPercent)
    {
        double demand = rows.Sum(r => r.Demand), covered = rows.Sum(r => r.CoveredDemand);
        int full = rows.Count(r => r.Status == CoverageStatus.Covered);
        double? demandShare = demand > 0 ? covered / demand : null;
        double? settlementShare = rows.Count > 0 ? (double)full / rows.Count : null;
        double achieved = (demandShare ?? settlementShare ?? 1) * 100;
        var timed = rows.Where(r => r.MeanMinutes is not null && r.Demand > 0).ToList();
        double timedDemand = timed.Sum(r => r.Demand);
        return new AreaCoverage
        {
            Name = name,
            Settlements = rows.Count,
            Covered = full,
            Partly = rows.Count(r => r.Status == CoverageStatus.Partly),
            Uncovered = rows.Count(r => r.Status == CoverageStatus.Uncovered),
            Population = rows.Sum(r => Math.Max(0, r.Settlement.Population)),
            Elderly = rows.Sum(r => Math.Max(0, r.Settlement.Elderly)),
            CoveredPopulation = rows.Sum(r => r.CoveredPopulation),
            CoveredElderly = rows.Sum(r => r.CoveredElderly),
            Demand = demand,
            CoveredDemand = covered,
            SettlementShare = settlementShare,
            DemandShare = demandShare,
            TargetPercent = targetPercent,
            TargetMet = achieved >= targetPercent - 1e-9,
            GapPeople = Math.Max(0, Math.Ceiling(targetPercent / 100 * demand - covered - 1e-6)),
            MeanMinutes = timedDemand > 0 ? timed.Sum(r => r.Demand * r.MeanMinutes!.Value) / timedDemand : null,
        };
    }

    static IReadOnlyList<SnapIssue> UnsnappedFor(AnalysisRegion region, CirclePlan plan, IReadOnlyList<SettlementCoverage> rows)
    {
        var ids = rows.Select(r => r.Settlement.Id).ToHashSet(StringComparer.Ordinal);
        return region.SnapIssues.Where(i => i.Kind == PlaceKind.Settlement
                ? ids.Contains(i.Id)
                : region.FacilityIndexOf(i.Id) is int f && f >= 0 && region.Options.CountedStatuses.Contains(region.Facilities[f].Status)
                  && plan.Groups.Any(g => g.Matches(region.Facilities[f])))
            .ToList();
    }
}
