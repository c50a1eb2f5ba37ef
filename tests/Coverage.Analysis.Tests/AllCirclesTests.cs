using Coverage.Analysis.Circles;
using Coverage.Analysis.Tests.Siting;

namespace Coverage.Analysis.Tests;

/// <summary>
/// Issue 14 (all circles on a province): <see cref="CoverageEngine.EvaluateAll"/> runs the searches and the circles in
/// parallel and sums towns, the county and roll-ups in one pass each. Checked on the demo county against a plain
/// computation: each circle alone on a fresh engine, and every town, county and roll-up figure summed again here from
/// the rows with LINQ (as the scorer did before), to the last bit.
/// </summary>
public class AllCirclesTests
{
    static readonly IReadOnlyList<CircleCoverage> All = new CoverageEngine(DemoCounty.Region).EvaluateAll();

    [Fact]
    public void Every_circle_of_the_parallel_run_equals_the_circle_evaluated_alone()
    {
        Assert.Equal(DemoCounty.Region.Seeds.Circles.Select(c => c.Id), All.Select(c => c.Circle.Id));
        foreach (var circle in All)
        {
            var alone = new CoverageEngine(DemoCounty.Region).Evaluate(circle.Circle);
            Assert.Equal(alone.Settlements, circle.Settlements);
            Assert.Equal(alone.Towns, circle.Towns);
            Assert.Equal(alone.County, circle.County);
            Assert.Equal(alone.Equity, circle.Equity);
            Assert.Equal(alone.Unsnapped, circle.Unsnapped);
            Assert.Equal(alone.Notes.Select(n => n.Code), circle.Notes.Select(n => n.Code));
        }
    }

    /// <summary>
    /// Rows are held packed and made when read (<see cref="CoverageRows"/>): equal rows are equal by their figures wherever
    /// they are held (the test above compares two engines' rows), a row read twice is the same value, and a roll-up whose
    /// remainder differs is a different row even when all its own figures agree.
    /// </summary>
    [Fact]
    public void Rows_read_from_the_packed_store_compare_by_their_figures_and_remainders()
    {
        var circle = All.First(c => c.Computed && c.Settlements.Count(r => r.NaturalVillages > 0) >= 2);
        var rollUps = circle.Settlements.Where(r => r.NaturalVillages > 0).Take(2).ToList();
        Assert.Equal(circle.Settlements[5], circle.Settlements[5]);
        Assert.Equal(circle.Settlements[5].GetHashCode(), circle.Settlements[5].GetHashCode());
        var row = rollUps[0];
        Assert.NotNull(row.Remainder);
        Assert.True(row.Remainder!.Value.IsRemainder);
        Assert.Null(row.Remainder.Value.Remainder);
        Assert.Equal(row.Settlement, row.Remainder.Value.Settlement);
        // The same figures with the other roll-up's remainder: not the same row.
        var swapped = row with { RollUpIndex = rollUps[1].RollUpIndex };
        Assert.NotEqual(row.Remainder, swapped.Remainder);
        Assert.NotEqual(row, swapped);
        Assert.Equal(row, row with { });
    }

    [Fact]
    public void Towns_and_the_county_equal_their_rows_summed_again()
    {
        foreach (var circle in All.Where(c => c.Computed))
        {
            var expectedTowns = circle.Settlements.GroupBy(CircleScorer.TownOf).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Summed(g.Key, g.ToList(), circle.Circle.TargetPercent)).ToList();
            Assert.Equal(expectedTowns, circle.Towns);
            Assert.Equal(Summed("全县 County", circle.Settlements, circle.Circle.TargetPercent), circle.County);
            Assert.True(circle.County.Settlements > 100, $"{circle.Circle.Id}: {circle.County.Settlements} settlements");
        }
    }

    [Fact]
    public void Every_roll_up_equals_its_natural_villages_and_remainder_summed_again()
    {
        int checkedRollUps = 0;
        foreach (var circle in All.Where(c => c.Computed))
        {
            var byVillage = circle.Settlements.Where(r => r.RolledUp).ToLookup(r => r.Village!);
            foreach (var row in circle.Settlements.Where(r => r.NaturalVillages > 0))
            {
                var children = byVillage[row.Settlement.Name].Where(c => c.Settlement.ParentId == row.Settlement.Id).ToList();
                Assert.Equal(row.NaturalVillages, children.Count);
                var remainder = row.Remainder!.Value;
                var places = remainder.Population > 0 || remainder.Demand > 0 ? children.Append(remainder).ToList() : children;
                double demand = places.Sum(p => p.Demand), covered = places.Sum(p => p.CoveredDemand);
                Assert.Equal(demand, row.Demand);
                Assert.Equal(covered, row.CoveredDemand);
                Assert.Equal(places.Sum(p => p.Population), row.Population);
                Assert.Equal(places.Sum(p => p.CoveredPopulation), row.CoveredPopulation);
                Assert.Equal(places.Sum(p => p.CoveredElderly), row.CoveredElderly);
                Assert.Equal(remainder.Samples + children.Sum(c => c.Samples), row.Samples);
                // The first of the quickest (as MinBy would give), or none: rows are values, so "none" is a null SettlementCoverage?.
                var best = places.Where(p => p.Minutes is not null).OrderBy(p => p.Minutes).Cast<SettlementCoverage?>().FirstOrDefault();
                Assert.Equal(best?.Minutes, row.Minutes);
                Assert.Equal(best?.BestSample ?? -1, row.BestSample);
                var timed = places.Where(p => p.MeanMinutes is not null).ToList();
                double timedDemand = timed.Sum(p => p.Demand);
                double? mean = timed.Count == 0 ? null
                    : timedDemand > 0 ? timed.Sum(p => p.Demand * p.MeanMinutes!.Value) / timedDemand : timed.Average(p => p.MeanMinutes!.Value);
                Assert.Equal(mean, row.MeanMinutes);
                double share = demand > 0 ? covered / demand : places.Average(p => p.CoveredShare);
                Assert.Equal(share >= 1 - 1e-9 ? 1 : share, row.CoveredShare);
                Assert.Equal(places.All(p => p.OffNetworkMetres is not null) ? places.Min(p => p.OffNetworkMetres) : null, row.OffNetworkMetres);
                Assert.Equal(places.All(p => p.OffNetwork), row.OffNetwork);
                checkedRollUps++;
            }
        }
        Assert.True(checkedRollUps > 100, $"only {checkedRollUps} roll-ups checked");
    }

    /// <summary>
    /// A row's facility is looked up when the row is read where the circle's times are read from searches the engine keeps,
    /// and as it is scored where they are per-sample arrays (a what-if's). Both ways give every row of every circle the same
    /// facility, and every other figure the same: each circle scored again here from its times copied into arrays.
    /// </summary>
    [Fact]
    public void Rows_scored_from_times_held_as_arrays_equal_rows_whose_facility_is_looked_up_when_read()
    {
        var region = DemoCounty.Region;
        var engine = new CoverageEngine(region);
        int withFacility = 0;
        foreach (var circle in region.Seeds.Circles)
        {
            var plan = CirclePlan.For(circle, region.Seeds);
            if (!plan.Computable) continue;
            var searched = plan.Groups.Select(engine.Times).ToArray();
            Assert.All(searched, t => Assert.False(t.HeldAsArrays));
            var arrays = searched.Select(t => { var (seconds, facility) = t.ToArrays(); return SampleTimes.OfArrays(t.Group, seconds, facility, t.SourceCount); }).ToArray();
            var eager = CircleScorer.Score(region, plan, arrays, [], []);
            var whenRead = engine.Evaluate(circle);
            Assert.Equal(eager.Settlements, whenRead.Settlements);
            Assert.Equal(eager.County, whenRead.County);
            withFacility += whenRead.Settlements.Count(r => r.NearestFacility is not null && !r.FacilityInside);
        }
        Assert.True(withFacility > 1000, $"only {withFacility} rows name a facility at their best sample");
    }

    /// <summary>
    /// The scorer's per-settlement buffer is pooled: a circle scored on the same thread right after one that scores more
    /// settlement kinds must get no row of it. Each circle's rows are exactly its kinds' settlements, in region order,
    /// counted here from the region (a buffer returned dirty would add the earlier circle's other settlements).
    /// </summary>
    [Fact]
    public void A_circle_scored_after_a_wider_one_has_exactly_its_own_settlements()
    {
        var region = DemoCounty.Region;
        var circles = region.Seeds.Circles;
        var narrow = circles.Where(c => c.AppliesTo.Count > 0).ToList();
        Assert.NotEmpty(narrow);
        var wide = circles.First(c => c.AppliesTo.Count == 0);
        var engine = new CoverageEngine(region);
        foreach (var circle in narrow)
        {
            engine.Evaluate(wide);
            var rows = engine.Evaluate(circle).Settlements;
            var expected = region.Settlements.Where(s => circle.AppliesToKind(s.Kind)).Select(s => s.Id).ToList();
            Assert.True(expected.Count < region.Settlements.Count, $"{circle.Id} scores every settlement: not narrower than {wide.Id}");
            Assert.Equal(expected, rows.Select(r => r.Settlement.Id));
        }
    }

    /// <summary>
    /// The equity measures equal the plain computation over the places with LINQ (as the scorer did before its loops): shares
    /// of urban and rural demand, and Gini and Theil over the places' mean minutes in place order.
    /// </summary>
    [Fact]
    public void Equity_equals_the_measures_computed_again_over_the_places()
    {
        foreach (var circle in All.Where(c => c.Computed))
        {
            var places = circle.Settlements.Select(r => r.Remainder ?? r).ToList();
            double? Share(bool urban)
            {
                var of = places.Where(p => p.Settlement.Urban == urban).ToList();
                double d = of.Sum(p => p.Demand);
                return d > 0 ? of.Sum(p => p.CoveredDemand) / d : null;
            }
            var timed = places.Where(p => p.Demand > 0 && p.MeanMinutes is not null).ToList();
            double[] x = timed.Select(p => p.MeanMinutes!.Value).ToArray(), w = timed.Select(p => p.Demand).ToArray();
            Assert.Equal(Share(true), circle.Equity.UrbanShare);
            Assert.Equal(Share(false), circle.Equity.RuralShare);
            Assert.Equal(Equity.Theil(x, w), circle.Equity.Theil);
            Assert.Equal(GiniInStableOrder(x, w), circle.Equity.Gini);
            Assert.True(timed.Count > 100, $"{circle.Circle.Id}: {timed.Count} timed places");
        }
    }

    /// <summary>The Lorenz-curve Gini with the places sorted by LINQ's stable OrderBy (ties in place order).</summary>
    static double? GiniInStableOrder(double[] x, double[] w)
    {
        double W = w.Sum();
        if (x.Length == 0 || W <= 0) return null;
        var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToList();
        double total = order.Sum(i => w[i] * x[i]);
        if (total <= 0) return null;
        double running = 0, area = 0;
        foreach (int i in order)
        {
            double next = running + w[i] * x[i];
            area += w[i] * (running + next);
            running = next;
        }
        return 1 - area / (W * total);
    }

    /// <summary>
    /// A row holds its demand as its field's figure (population, or older people for an elderly circle) and its nullable
    /// figures as a value and a flag: a settlement scored on its own has the demand of its own figure, and a row with one
    /// nullable figure changed keeps the others.
    /// </summary>
    [Fact]
    public void Rows_hold_their_demand_field_and_each_nullable_figure_on_its_own()
    {
        int checkedRows = 0;
        foreach (var circle in All.Where(c => c.Computed))
        {
            bool elderly = circle.Circle.Demand == Core.Domain.DemandField.Elderly;
            foreach (var row in circle.Settlements.Where(r => r.NaturalVillages == 0))
            {
                Assert.Equal(Math.Max(0, elderly ? row.Settlement.Elderly : row.Settlement.Population), row.Demand);
                Assert.Equal(row.Demand * row.CoveredShare, row.CoveredDemand);
                checkedRows++;
            }
        }
        Assert.True(checkedRows > 1000, $"only {checkedRows} rows checked");
        Assert.Contains(All, c => c.Circle.Demand == Core.Domain.DemandField.Elderly);
        var timedRow = All.SelectMany(c => c.Settlements).First(r => r.Minutes is not null && r.MeanMinutes is not null);
        var changed = timedRow with { Minutes = null, OffNetworkMetres = 12.5, Unreachable = Unreachable.Isolated };
        Assert.Null(changed.Minutes);
        Assert.Equal(timedRow.MeanMinutes, changed.MeanMinutes);
        Assert.Equal(12.5, changed.OffNetworkMetres);
        Assert.Equal(Unreachable.Isolated, changed.Unreachable);
        Assert.Null(timedRow.Unreachable);
        Assert.NotEqual(timedRow, changed);
        Assert.Equal(timedRow, changed with { Minutes = timedRow.Minutes, OffNetworkMetres = timedRow.OffNetworkMetres, Unreachable = null });
    }

    /// <summary>A town or the county summed figure by figure with LINQ, as the scorer did before its one-pass sums.</summary>
    static AreaCoverage Summed(string name, IReadOnlyList<SettlementCoverage> rows, double targetPercent)
    {
        var places = rows.Select(r => r.Remainder ?? r).ToList();
        var settled = rows.Where(r => r.NaturalVillages == 0).ToList();
        double demand = places.Sum(r => r.Demand), covered = places.Sum(r => r.CoveredDemand);
        int full = settled.Count(r => r.Status == CoverageStatus.Covered);
        double? demandShare = demand > 0 ? covered / demand : null;
        double? settlementShare = settled.Count > 0 ? (double)full / settled.Count : null;
        var timed = places.Where(r => r.MeanMinutes is not null && r.Demand > 0).ToList();
        double timedDemand = timed.Sum(r => r.Demand);
        var villages = rows.Where(r => !r.RolledUp).ToList();
        return new AreaCoverage
        {
            Name = name,
            Villages = new StatusCounts(villages.Count, villages.Count(r => r.Status == CoverageStatus.Covered),
                villages.Count(r => r.Status == CoverageStatus.Partly), villages.Count(r => r.Status == CoverageStatus.Uncovered)),
            Settlements = settled.Count,
            Covered = full,
            Partly = settled.Count(r => r.Status == CoverageStatus.Partly),
            Uncovered = settled.Count(r => r.Status == CoverageStatus.Uncovered),
            Population = places.Sum(r => r.Population),
            Elderly = places.Sum(r => r.Elderly),
            CoveredPopulation = places.Sum(r => r.CoveredPopulation),
            CoveredElderly = places.Sum(r => r.CoveredElderly),
            Demand = demand,
            CoveredDemand = covered,
            SettlementShare = settlementShare,
            DemandShare = demandShare,
            TargetPercent = targetPercent,
            TargetMet = (demandShare ?? settlementShare ?? 1) * 100 >= targetPercent - 1e-9,
            GapPeople = Math.Max(0, Math.Ceiling(targetPercent / 100 * demand - covered - 1e-6)),
            UnreachableDemand = places.Where(r => r.Minutes is null).Sum(r => r.Demand),
            MeanMinutes = timedDemand > 0 ? timed.Sum(r => r.Demand * r.MeanMinutes!.Value) / timedDemand : null,
        };
    }
}
