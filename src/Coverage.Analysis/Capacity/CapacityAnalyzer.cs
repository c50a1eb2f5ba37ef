using System.Diagnostics;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Capacity;

/// <summary>
/// A nearest circle's capacity figures from per-facility catchments (<see cref="FacilityReach"/>), demand at the
/// settlement samples as the coverage figures count it (each person once: natural villages, and their administrative
/// village's remainder; a settlement's demand shared equally among its samples):
/// <list type="bullet">
/// <item>Two-step floating catchment: R_j = capacity_j / Σ_k demand_k·w(t_kj), then A_k = Σ_j R_j·w(t_kj) at each sample;
/// a settlement's A is the mean over its samples (each sample carries an equal share of its people).</item>
/// <item>Capacitated coverage: the most demand that can be assigned to facilities within the circle's minutes without any
/// facility taking more than its capacity, a max-flow problem (source → samples (their demand) → facilities in reach (∞) → sink (capacities)).</item>
/// </list>
/// Facilities without a capacity are listed and excluded from both; the uncapacitated covered figure counts them, as the
/// coverage figures do.
/// </summary>
static class CapacityAnalyzer
{
    public static CapacityAnalysis Analyze(AnalysisRegion region, CirclePlan plan, CatchmentMethod method,
        Func<CategoryGroup, IReadOnlyList<int>, FacilityReach> reachOf)
    {
        var circle = plan.Circle;
        Check(plan);
        var group = plan.Groups[0];
        double limit = plan.LimitSeconds;
        var counted = region.CountedFacilities(group);
        var clock = Stopwatch.StartNew();
        var reach = reachOf(group, counted);
        double searchMs = clock.Elapsed.TotalMilliseconds;

        bool Applies(Settlement st) => circle.AppliesToKind(st.Kind);
        var villages = VillageHierarchy.Of(region, Applies);
        double OwnDemand(int s) => circle.Demand == DemandField.Elderly ? villages.OwnElderly(s) : villages.OwnPopulation(s);
        var demand = SampleDemand(region, circle, villages);

        var capacity = reach.Facility.Select(i => region.Facilities[i].Capacity is int c && c >= 0 ? c : (int?)null).ToArray();
        var (ratio, weighted) = Ratios(reach, capacity, demand, method, limit);
        var access = SampleAccessibility(reach, ratio, method, limit, region.SampleCount);
        var (served, assigned) = Assign(reach, capacity, demand);
        var covered = new bool[region.SampleCount];
        foreach (int k in reach.Samples) covered[k] = true;

        var inReach = CapacitatedInReach(region, reach, capacity);
        var places = new Place?[region.Settlements.Count];
        for (int s = 0; s < places.Length; s++)
            if (Applies(region.Settlements[s])) places[s] = PlaceOf(region, s, OwnDemand(s), demand, access, served, covered, inReach[s]);
        var rows = new List<SettlementAccessibility>();
        for (int s = 0; s < places.Length; s++)
        {
            if (places[s] is not { } own) continue;
            var children = villages.ChildrenOf(s);
            var all = children.Count == 0 ? [own] : children.Select(c => places[c]!).Append(own).ToList();
            rows.Add(Row(region.Settlements[s], all, children.Count) with
            {
                Village = villages.ParentOf(s) is int p and >= 0 ? region.Settlements[p].Name : null,
            });
        }

        var ownPlaces = Enumerable.Range(0, places.Length).Where(s => places[s] is not null).Select(s => (Settlement: region.Settlements[s], Place: places[s]!)).ToList();
        // A facility's town by the rule the indicator sheet uses, so its capacity sits in the same town in both.
        var facilityTowns = FacilityTowns.Place(region.Facilities, region.Settlements);
        var facilities = FacilityRows(region, reach, capacity, ratio, weighted, assigned, facilityTowns);
        var towns = ownPlaces.GroupBy(p => TownOf(p.Settlement.Town))
            .Select(g => Area(g.Key, g.Select(p => p.Place).ToList(), rows.Count(r => r.NaturalVillages == 0 && TownOf(r.Settlement.Town) == g.Key),
                facilities.Where(f => TownOf(f.Town) == g.Key).Sum(f => (double)f.Capacity)))
            .OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var county = Area("全县 County", ownPlaces.Select(p => p.Place).ToList(), rows.Count(r => r.NaturalVillages == 0), facilities.Sum(f => (double)f.Capacity));

        var without = Enumerable.Range(0, reach.Count).Where(j => capacity[j] is null).Select(j => region.Facilities[reach.Facility[j]].Id).ToList();
        var notes = new List<AnalysisNote>(plan.Notes);
        notes.AddRange(villages.Notes);
        if (facilityTowns.NoteFor(Enumerable.Range(0, reach.Count).Where(j => capacity[j] is not null).Select(j => reach.Facility[j])) is { } placed) notes.Add(placed);
        if (without.Count > 0)
            notes.Add(AnalysisNote.Warning("no-capacity",
                $"{without.Count} 处设施没有容量数据，未计入可达性与容量覆盖：{string.Join("、", without)}",
                $"{without.Count} facilities have no capacity and are left out of accessibility and capacitated coverage: {string.Join(", ", without)}"));
        int onlyUnknown = rows.Count(r => r.OnlyUnknownCapacity);
        if (onlyUnknown > 0)
            notes.Add(AnalysisNote.Warning("only-unknown-capacity",
                $"{onlyUnknown} 个居民点步行范围内只有无容量数据的设施：可达性记为 0，但其覆盖并非真的为 0",
                $"{onlyUnknown} settlements reach only facilities without a capacity: accessibility shows 0, which is a data gap, not a true zero"));

        return new CapacityAnalysis
        {
            Circle = circle,
            Method = method,
            Unit = CapacityUnit.For(circle.Categories),
            Settlements = rows,
            Facilities = facilities,
            WithoutCapacity = without,
            Towns = towns,
            County = county,
            Notes = notes,
            SearchMilliseconds = searchMs,
        };
    }

    /// <summary>The circle's demand at each sample: its settlement's own demand (each person once) times the sample's share; 0 where the circle does not apply.</summary>
    internal static double[] SampleDemand(AnalysisRegion region, CircleStandard circle, VillageHierarchy villages)
    {
        var demand = new double[region.SampleCount];
        for (int k = 0; k < demand.Length; k++)
        {
            int s = region.SampleSettlement[k];
            if (!circle.AppliesToKind(region.Settlements[s].Kind)) continue;
            double own = circle.Demand == DemandField.Elderly ? villages.OwnElderly(s) : villages.OwnPopulation(s);
            demand[k] = own * region.SampleShareOf(s);
        }
        return demand;
    }

    /// <summary>The plan of a nearest circle, or bad input (bilingual) for another kind or one that cannot be computed.</summary>
    internal static void Check(CirclePlan plan)
    {
        var circle = plan.Circle;
        if (circle.Kind != CircleKind.Nearest)
            throw new AnalysisInputException(
                $"服务圈“{circle.NameZh}”是{(circle.Kind == CircleKind.Composite ? "综合" : "有无")}类服务圈，容量分析只适用于“最近设施”类服务圈（如养老、文化）",
                $"Circle '{circle.Id}' is a {circle.Kind.ToString().ToLowerInvariant()} circle: capacity analysis needs a nearest-facility circle (e.g. elderly-15, culture-10)");
        if (!plan.Computable)
            throw new AnalysisInputException($"服务圈“{circle.NameZh}”无法计算：{string.Join("；", plan.Notes.Select(n => n.Zh))}",
                $"Circle '{circle.Id}' cannot be computed: {string.Join("; ", plan.Notes.Select(n => n.En))}");
    }

    static string TownOf(string? town) => string.IsNullOrWhiteSpace(town) ? "（未知）" : town;

    /// <summary>Step 1: R_j = capacity_j / Σ_k demand_k·w(t_kj) (NaN where the capacity is unknown or no demand is in reach), and the sums.</summary>
    static (double[] Ratio, double[] Weighted) Ratios(FacilityReach reach, int?[] capacity, double[] demand, CatchmentMethod method, double limit)
    {
        var ratio = new double[reach.Count];
        var weighted = new double[reach.Count];
        for (int j = 0; j < reach.Count; j++)
        {
            weighted[j] = WeightedDemand(reach, j, demand, method, limit);
            ratio[j] = capacity[j] is int c && weighted[j] > 0 ? c / weighted[j] : double.NaN;
        }
        return (ratio, weighted);
    }

    static double WeightedDemand(FacilityReach reach, int j, double[] demand, CatchmentMethod method, double limit)
    {
        double sum = 0;
        for (int e = reach.First[j]; e < reach.First[j + 1]; e++)
            sum += demand[reach.Samples[e]] * Catchment.Weight(method, reach.Seconds[e], limit);
        return sum;
    }

    /// <summary>Step 2: A_k = Σ_j R_j·w(t_kj) at every sample (facilities with no ratio add nothing).</summary>
    static double[] SampleAccessibility(FacilityReach reach, double[] ratio, CatchmentMethod method, double limit, int samples)
    {
        var access = new double[samples];
        for (int j = 0; j < reach.Count; j++)
        {
            if (double.IsNaN(ratio[j])) continue;
            for (int e = reach.First[j]; e < reach.First[j + 1]; e++)
                access[reach.Samples[e]] += ratio[j] * Catchment.Weight(method, reach.Seconds[e], limit);
        }
        return access;
    }

    /// <summary>Capacitated coverage by max flow: served demand per sample and demand assigned per facility.</summary>
    internal static (double[] Served, double[] Assigned) Assign(FacilityReach reach, int?[] capacity, double[] demand)
    {
        int samples = demand.Length, source = samples + reach.Count, sink = source + 1;
        var flow = new MaxFlow(sink + 1);
        var sampleArc = new int[samples];
        Array.Fill(sampleArc, -1);
        var facilityArc = new int[reach.Count];
        for (int j = 0; j < reach.Count; j++)
        {
            facilityArc[j] = -1;
            if (capacity[j] is not int c || c == 0) continue;
            facilityArc[j] = flow.AddArc(samples + j, sink, c);
            for (int e = reach.First[j]; e < reach.First[j + 1]; e++)
            {
                int k = reach.Samples[e];
                if (demand[k] <= 0) continue;
                if (sampleArc[k] < 0) sampleArc[k] = flow.AddArc(source, k, demand[k]);
                flow.AddArc(k, samples + j, double.PositiveInfinity);
            }
        }
        flow.Solve(source, sink);
        var served = new double[samples];
        for (int k = 0; k < samples; k++) if (sampleArc[k] >= 0) served[k] = flow.Flow(sampleArc[k]);
        var assigned = new double[reach.Count];
        for (int j = 0; j < reach.Count; j++) if (facilityArc[j] >= 0) assigned[j] = flow.Flow(facilityArc[j]);
        return (served, assigned);
    }

    /// <summary>A settlement's own samples: its own demand, sample-mean accessibility, covered and served demand, capacitated facilities in reach.</summary>
    sealed record Place(double Demand, double PerThousand, double Covered, double Served, HashSet<int> Facilities, bool AnyCovered);

    static Place PlaceOf(AnalysisRegion region, int s, double ownDemand, double[] demand, double[] access, double[] served, bool[] covered,
        HashSet<int> facilities)
    {
        int a = region.SettlementFirstSample[s], b = region.SettlementFirstSample[s + 1];
        double share = region.SampleShareOf(s), perThousand = 0, coveredDemand = 0, servedDemand = 0;
        bool any = false;
        for (int k = a; k < b; k++)
        {
            perThousand += share * access[k] * 1000;
            servedDemand += served[k];
            if (covered[k]) { coveredDemand += demand[k]; any = true; }
        }
        return new Place(ownDemand, perThousand, coveredDemand, servedDemand, facilities, any);
    }

    /// <summary>Per settlement, the facilities with a known capacity that reach one of its samples.</summary>
    static HashSet<int>[] CapacitatedInReach(AnalysisRegion region, FacilityReach reach, int?[] capacity)
    {
        var sets = new HashSet<int>[region.Settlements.Count];
        for (int s = 0; s < sets.Length; s++) sets[s] = [];
        for (int j = 0; j < reach.Count; j++)
            if (capacity[j] is not null)
                foreach (int k in SamplesOf(reach, j)) sets[region.SampleSettlement[k]].Add(j);
        return sets;
    }

    static IEnumerable<int> SamplesOf(FacilityReach reach, int j)
    {
        for (int e = reach.First[j]; e < reach.First[j + 1]; e++) yield return reach.Samples[e];
    }

    /// <summary>A settlement's row from its places (itself, or its natural villages and its remainder): sums, and demand-weighted accessibility.</summary>
    static SettlementAccessibility Row(Settlement settlement, IReadOnlyList<Place> places, int naturalVillages)
    {
        var facilities = places.SelectMany(p => p.Facilities).ToHashSet();
        return new SettlementAccessibility
        {
            Settlement = settlement,
            Demand = places.Sum(p => p.Demand),
            PerThousand = WeightedMean(places) ?? 0,
            CoveredDemand = places.Sum(p => p.Covered),
            ServedDemand = places.Sum(p => p.Served),
            FacilitiesInReach = facilities.Count,
            OnlyUnknownCapacity = places.Any(p => p.AnyCovered) && facilities.Count == 0,
            NaturalVillages = naturalVillages,
        };
    }

    /// <summary>Demand-weighted mean accessibility of places; their plain mean when none has demand; null for none.</summary>
    static double? WeightedMean(IReadOnlyList<Place> places)
    {
        if (places.Count == 0) return null;
        double demand = places.Sum(p => p.Demand);
        return demand > 0 ? places.Sum(p => p.Demand * p.PerThousand) / demand : places.Average(p => p.PerThousand);
    }

    static AreaAccessibility Area(string name, IReadOnlyList<Place> places, int settlements, double capacity)
    {
        double demand = places.Sum(p => p.Demand);
        return new AreaAccessibility
        {
            Name = name,
            Settlements = settlements,
            Demand = demand,
            CoveredDemand = places.Sum(p => p.Covered),
            ServedDemand = places.Sum(p => p.Served),
            PerThousand = demand > 0 ? places.Sum(p => p.Demand * p.PerThousand) / demand : null,
            Capacity = capacity,
        };
    }

    static IReadOnlyList<FacilityCapacity> FacilityRows(AnalysisRegion region, FacilityReach reach, int?[] capacity, double[] ratio,
        double[] weighted, double[] assigned, FacilityTowns towns)
    {
        var rows = new List<FacilityCapacity>();
        for (int j = 0; j < reach.Count; j++)
        {
            if (capacity[j] is not int c) continue;
            double r = ratio[j];
            rows.Add(new FacilityCapacity
            {
                Facility = region.Facilities[reach.Facility[j]],
                Town = towns[reach.Facility[j]],
                Capacity = c,
                WeightedDemand = weighted[j],
                RatioPerThousand = double.IsNaN(r) ? null : r * 1000,
                Settlements = SamplesOf(reach, j).Select(k => region.SampleSettlement[k]).Distinct().Count(),
                Assigned = assigned[j],
            });
        }
        return rows;
    }
}
