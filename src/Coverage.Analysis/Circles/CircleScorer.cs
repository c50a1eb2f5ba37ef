using System.Buffers;
using System.Runtime.CompilerServices;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Network.Snapping;

namespace Coverage.Analysis.Circles;

/// <summary>
/// Turns sample travel times into a circle's coverage: per settlement (status, minutes, covered demand), per town,
/// for the county, and the equity measures. Pure arithmetic over arrays; no search happens here.
/// </summary>
static class CircleScorer
{
    /// <param name="settlements">The circle's scored settlements (an engine's cached ones); built here when null.</param>
    /// <param name="facilityInside">Presence circles: <see cref="FacilitiesInside"/> (an engine's cached one); computed here when null.</param>
    /// <param name="unsnapped">The circle's <see cref="UnsnappedFor"/> (an engine's cached list); filtered here when null.</param>
    public static CircleCoverage Score(AnalysisRegion region, CirclePlan plan, SampleTimes[] times,
        IReadOnlyList<Facility> added, IReadOnlyList<AnalysisNote> extraNotes, CircleSettlements? settlements = null,
        int[]? facilityInside = null, IReadOnlyList<SnapIssue>? unsnapped = null) =>
        ScoreAll(region, [new CircleInput(plan, times, added, extraNotes, settlements, facilityInside, unsnapped)])[0];

    /// <summary>What scoring one circle reads: its plan and times, and what <see cref="Score"/> takes besides.</summary>
    internal sealed record CircleInput(CirclePlan Plan, SampleTimes[] Times, IReadOnlyList<Facility> Added, IReadOnlyList<AnalysisNote> ExtraNotes,
        CircleSettlements? Settlements = null, int[]? FacilityInside = null, IReadOnlyList<SnapIssue>? Unsnapped = null);

    /// <summary>
    /// Several circles scored together, each exactly as <see cref="Score"/> scores it alone (it is this with one circle):
    /// one pass over the settlements and their samples reads each sample once for every distinct group of times the
    /// circles use (<see cref="GroupSeconds"/>) and scores it for every circle that applies to its settlement; then each
    /// circle's roll-ups, towns, county and equity. Both steps run on <see cref="AnalysisOptions.Parallelism"/> threads,
    /// the first by blocks of settlements, the second by circle; every row and sum is computed as in turn.
    /// </summary>
    internal static CircleCoverage[] ScoreAll(AnalysisRegion region, IReadOnlyList<CircleInput> inputs)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = region.Options.Parallelism ?? Environment.ProcessorCount };
        var reader = new GroupSeconds(inputs.SelectMany(i => i.Times));
        var circles = inputs.Select(i => new Scored(region, i, reader)).ToArray();
        ScoreSettlements(region, circles, reader, options);
        var results = new CircleCoverage[circles.Length];
        if (circles.Length == 1) results[0] = circles[0].Finish(region);
        else Parallel.For(0, circles.Length, options, c => results[c] = circles[c].Finish(region));
        return results;
    }

    /// <summary>Settlements per block of <see cref="ScoreSettlements"/>' parallel pass: ~90 blocks on a province, enough to keep every thread busy to the end.</summary>
    const int Block = 2048;

    /// <summary>
    /// Every circle's rows scored at their settlements' own samples: each block of settlements in turn on one thread, each
    /// settlement's samples read once for the groups the circles applying to it use.
    /// </summary>
    static void ScoreSettlements(AnalysisRegion region, Scored[] circles, GroupSeconds reader, ParallelOptions options)
    {
        int count = region.Settlements.Count, blocks = (count + Block - 1) / Block;
        // Each block's first row per circle: the circle's scored settlements before it.
        var firstRow = new int[blocks * circles.Length];
        for (int c = 0; c < circles.Length; c++)
        {
            int j = 0;
            for (int s = 0; s < count; s++)
            {
                if (s % Block == 0) firstRow[s / Block * circles.Length + c] = j;
                if (circles[c].Settlements.Applies(s)) j++;
            }
        }
        Parallel.For(0, blocks, options, () => new BlockState(circles.Length, reader.Count), (block, _, state) =>
        {
            firstRow.AsSpan(block * circles.Length, circles.Length).CopyTo(state.Row);
            for (int s = block * Block, end = Math.Min(count, s + Block); s < end; s++) ScoreAt(region, circles, reader, s, state);
            return state;
        }, _ => { });
    }

    /// <summary>A thread's working arrays for <see cref="ScoreSettlements"/>: per circle its next row and whether it applies at a settlement, per group a flag, and the settlement's times.</summary>
    sealed class BlockState(int circles, int groups)
    {
        public readonly int[] Row = new int[circles];
        public readonly bool[] Applies = new bool[circles];
        public readonly bool[] Wanted = new bool[groups];
        float[] _buffer = new float[64 * groups];

        /// <summary>A buffer of at least this many seconds (the settlement's samples × the groups), grown as needed.</summary>
        public float[] Buffer(int length) => _buffer.Length >= length ? _buffer : _buffer = new float[Math.Max(length, 2 * _buffer.Length)];
    }

    /// <summary>A settlement's sums under one circle, over its samples.</summary>
    struct Sums
    {
        public double CoveredShare, BestSeconds, MeanSeconds, ReachedShare;
        public int BestSample;
    }

    /// <summary>Settlement s scored for every circle that applies to it, each row written at the circle's next row.</summary>
    /// <remarks>
    /// Optimized at once: an engine calls this for every settlement, a few times, so tiered compilation would otherwise
    /// run a province's first scoring (millions of samples) as tier-0 code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ScoreAt(AnalysisRegion region, Scored[] circles, GroupSeconds reader, int s, BlockState state)
    {
        var wanted = state.Wanted;
        Array.Clear(wanted);
        bool any = false;
        for (int c = 0; c < circles.Length; c++)
        {
            bool applies = state.Applies[c] = circles[c].Settlements.Applies(s);
            if (!applies) continue;
            any = true;
            foreach (int g in circles[c].Slots) wanted[g] = true;
        }
        if (!any) return;
        int a = region.SettlementFirstSample[s], b = region.SettlementFirstSample[s + 1];
        double share = region.SampleShareOf(s); // every sample of the settlement carries the same share
        // The settlement's samples read first, each once for every group wanted (a row of the buffer per sample), then each
        // circle's sums over them in sample order.
        int groups = reader.Count;
        var buffer = state.Buffer((b - a) * groups);
        for (int k = a; k < b; k++) reader.Read(k, wanted, buffer.AsSpan((k - a) * groups, groups));
        for (int c = 0; c < circles.Length; c++)
        {
            if (!state.Applies[c]) continue;
            var slots = circles[c].Slots;
            double limit = circles[c].LimitSeconds;
            double coveredShare = 0, bestSeconds = double.PositiveInfinity, meanSeconds = 0, reachedShare = 0;
            int bestSample = -1;
            for (int k = a, row = 0; k < b; k++, row += groups)
            {
                // A composite circle's sample is as far as its slowest group (the float maximum, then as a double).
                double t;
                if (slots.Length == 1) t = buffer[row + slots[0]];
                else if (slots.Length == 0) t = double.PositiveInfinity;
                else
                {
                    float slowest = float.NegativeInfinity;
                    foreach (int g in slots) slowest = Math.Max(slowest, buffer[row + g]);
                    t = slowest;
                }
                if (t <= limit) coveredShare += share;
                if (t < bestSeconds) { bestSeconds = t; bestSample = k; }
                if (double.IsPositiveInfinity(t)) continue;
                meanSeconds += share * t;
                reachedShare += share;
            }
            circles[c].Row(region, s, a, b,
                new Sums { CoveredShare = coveredShare, BestSeconds = bestSeconds, MeanSeconds = meanSeconds, ReachedShare = reachedShare, BestSample = bestSample },
                state.Row[c]++);
        }
    }

    /// <summary>One circle being scored: what it reads, and the rows it fills.</summary>
    sealed class Scored
    {
        public readonly CircleInput Input;
        public readonly CircleStandard Circle;
        public readonly double LimitSeconds;
        public readonly CircleSettlements Settlements;
        public readonly int[]? FacilityInside;
        /// <summary>The circle's groups' slots in <see cref="GroupSeconds"/>, in the order of its times.</summary>
        public readonly int[] Slots;
        /// <summary>
        /// One row per scored settlement, in settlement order: first as scored at its own samples, then an administrative
        /// village's replaced by its roll-up (its natural villages, never roll-ups themselves, are read from their slots).
        /// Not zeroed first (a province writes 110 MB of them per engine): every row and roll-up is written whole.
        /// </summary>
        public readonly CoverageRows.Packed[] Packed;

        public Scored(AnalysisRegion region, CircleInput input, GroupSeconds reader)
        {
            Input = input;
            Circle = input.Plan.Circle;
            LimitSeconds = input.Plan.LimitSeconds;
            Settlements = input.Settlements ?? CircleSettlements.Of(region, Circle);
            FacilityInside = input.FacilityInside ?? FacilitiesInside(region, Circle, Settlements);
            Slots = input.Times.Select(reader.SlotOf).ToArray();
            FacilityWhenRead = input.Times.All(t => !t.HeldAsArrays);
            Packed = GC.AllocateUninitializedArray<CoverageRows.Packed>(Settlements.Count);
        }

        /// <summary>Settlement s's row from its samples [a, b)' sums, at row j.</summary>
        public void Row(AnalysisRegion region, int s, int a, int b, in Sums sum, int j) =>
            ScoreSettlement(region, Circle, s, Input.Times, LimitSeconds, FacilityInside?[s] ?? -1,
                isRemainder: Settlements.Villages.ChildrenOf(s).Count > 0, a, b, sum, FacilityWhenRead, out Packed[j]);

        /// <summary>
        /// Whether a row's facility is looked up when the row is read (<see cref="CoverageRows.FacilityAtBestSample"/>) rather
        /// than as it is scored: where every group's times are read from a search the engine keeps (not per-sample arrays a
        /// what-if made, which the rows would then keep alive). A row is read far less often than a province's 1.3 M rows
        /// are scored, and the lookup reads the search's sources, which scoring does not otherwise touch.
        /// </summary>
        public readonly bool FacilityWhenRead;

        /// <summary>The circle's coverage from its rows: roll-ups, then towns and the county summed in the same pass, equity and notes.</summary>
        public CircleCoverage Finish(AnalysisRegion region)
        {
            var (plan, times, settlements, packed) = (Input.Plan, Input.Times, Settlements, Packed);
            var villages = settlements.Villages;
            int count = region.Settlements.Count;
            int rollUpCount = 0;
            for (int s = 0; s < count; s++)
                if (settlements.Applies(s) && villages.ChildrenOf(s).Count > 0) rollUpCount++;
            var rollUps = GC.AllocateUninitializedArray<CoverageRows.RollUpPart>(rollUpCount);
            var rows = new CoverageRows(region, Input.Added, villages, Circle.Demand == DemandField.Elderly, packed, rollUps, times);
            var slot = ArrayPool<int>.Shared.Rent(count);
            // Towns and the county summed in the same pass as the roll-ups are made, each sum in row order (as a town's rows
            // grouped by name and summed in turn would add them): no grouping by town name per circle.
            var townSums = new AreaSums[settlements.Towns.Count];
            var countySums = new AreaSums();
            int noPop = 0;
            try
            {
                int j = 0;
                for (int s = 0; s < count; s++)
                    if (settlements.Applies(s)) slot[s] = j++;
                j = 0;
                int k = 0;
                for (int s = 0; s < count; s++)
                    if (settlements.Applies(s))
                    {
                        ref var p = ref packed[j];
                        if (villages.ChildrenOf(s) is { Count: > 0 } children) RollUp(rows, ref p, ref rollUps[k], k++, slot, children);
                        townSums[settlements.TownIndexOf(s)].Add(rows, p);
                        countySums.Add(rows, p);
                        if (p.Is(CoverageRows.NoPopulation)) noPop++;
                        j++;
                    }
            }
            finally { ArrayPool<int>.Shared.Return(slot); }

            var towns = new List<AreaCoverage>(townSums.Length);
            for (int t = 0; t < townSums.Length; t++) towns.Add(townSums[t].ToArea(settlements.Towns[t], Circle.TargetPercent));
            var county = countySums.ToArea("全县 County", Circle.TargetPercent);

            var notes = new List<AnalysisNote>(plan.Notes);
            notes.AddRange(villages.Notes);
            notes.AddRange(Input.ExtraNotes);
            foreach (var t in times)
                if (t.SourceCount == 0)
                    notes.Add(AnalysisNote.Warning("no-facilities", $"类别“{t.Group}”没有可计入的设施（现状/在建且在路网上），该类别无人覆盖",
                        $"No counted facility of '{t.Group}' (existing/under construction, on the network): nobody is covered by it"));
            if (noPop > 0)
                notes.Add(AnalysisNote.Warning("no-population", $"{noPop} 个居民点没有人口数据：覆盖状态照常列出，人口权重为 0",
                    $"{noPop} settlements have no population: their status is listed, with zero weight"));

            return new CircleCoverage
            {
                Circle = Circle,
                Settlements = rows,
                Towns = towns,
                County = county,
                Equity = Equity.Measure(rows, towns),
                Unsnapped = Input.Unsnapped ?? UnsnappedFor(region, plan, settlements),
                Notes = notes,
                CountedStatuses = region.Options.CountedStatuses.Order().ToList(),
            };
        }
    }

    /// <summary>The town a row is summed under (a blank town is one town of its own, 「（未知）」).</summary>
    internal static string TownOf(SettlementCoverage row) => TownOf(row.Settlement);

    internal static string TownOf(Settlement settlement) => string.IsNullOrWhiteSpace(settlement.Town) ? "（未知）" : settlement.Town;

    /// <summary>
    /// For a presence circle, the first counted facility of its categories inside each scored settlement's polygon (-1 where
    /// none; null for other circles). It depends on the circle's categories and kinds only, not on any times, so an engine
    /// keeps it per circle; the polygons are tested in parallel (each settlement its own slot: the same answer as in turn).
    /// </summary>
    internal static int[]? FacilitiesInside(AnalysisRegion region, CircleStandard circle, CircleSettlements settlements)
    {
        if (circle.Kind != CircleKind.Presence) return null;
        var counts = Counted(region, circle, null);
        var inside = new int[region.Settlements.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = region.Options.Parallelism ?? Environment.ProcessorCount };
        Parallel.For(0, inside.Length, options, s =>
            inside[s] = settlements.Applies(s) ? region.FirstFacilityInside(region.Settlements[s].Geometry, i => counts[i]) : -1);
        return inside;
    }

    /// <summary>
    /// <see cref="FacilitiesInside"/> under a what-if: without the facilities it removes, and with its own (index past the
    /// region's, as <see cref="SampleTimes.Facility"/> numbers them) where no kept facility is inside. Only the villages the
    /// what-if can change are tested again: those whose facility inside it removes, and, when it adds, those with none.
    /// </summary>
    internal static int[] FacilitiesInside(AnalysisRegion region, CircleStandard circle, CircleSettlements settlements, int[] planInside,
        IReadOnlySet<int> removed, IReadOnlyList<Facility> added)
    {
        var counts = Counted(region, circle, removed);
        var addedCounted = added.Select((f, j) => (Facility: f, Index: region.Facilities.Count + j))
            .Where(a => circle.Counts(a.Facility.Category, a.Facility.Kind)).ToList();
        var inside = (int[])planInside.Clone();
        for (int s = 0; s < inside.Length; s++)
        {
            if (!settlements.Applies(s)) continue;
            // The facility found first before is still found first with fewer facilities counted, unless it is one removed.
            if (inside[s] >= 0 && removed.Contains(inside[s]))
                inside[s] = region.FirstFacilityInside(region.Settlements[s].Geometry, i => counts[i]);
            if (inside[s] >= 0) continue;
            var area = new AreaTouch(region.Settlements[s].Geometry);
            foreach (var (f, index) in addedCounted)
                if (area.Touches(f.Geometry)) { inside[s] = index; break; }
        }
        return inside;
    }

    /// <summary>Per facility of the region: does the circle count it (its categories and kinds), leaving out those removed.</summary>
    static bool[] Counted(AnalysisRegion region, CircleStandard circle, IReadOnlySet<int>? removed)
    {
        var counts = region.FacilitiesWhere(circle.Counts);
        if (removed is not null) foreach (int i in removed) counts[i] = false;
        return counts;
    }

    /// <summary>
    /// Settlement s's row, packed (<see cref="CoverageRows"/> reads back its people and village), from the sums over its
    /// samples [a, b): its facility is the one at its quickest sample (the first one that quick), looked up here or when
    /// the row is read (<paramref name="facilityWhenRead"/>).
    /// </summary>
    static void ScoreSettlement(AnalysisRegion region, CircleStandard circle, int s, SampleTimes[] times, double limit, int insideFacility,
        bool isRemainder, int a, int b, in Sums sum, bool facilityWhenRead, out CoverageRows.Packed row)
    {
        double coveredShare = sum.CoveredShare, bestSeconds = sum.BestSeconds, meanSeconds = sum.MeanSeconds, reachedShare = sum.ReachedShare;
        int bestSample = sum.BestSample, bestFacility = -1;
        if (bestSample >= 0) bestFacility = facilityWhenRead ? CoverageRows.FacilityAtBestSample : Slowest(times, bestSample).Facility;

        bool inside = false;
        if (circle.Kind == CircleKind.Presence)
        {
            inside = insideFacility >= 0;
            if (inside) { bestSeconds = 0; bestFacility = insideFacility; }
            // Presence is a property of the village: inside, or within the allowance of any of its samples.
            coveredShare = inside || bestSeconds <= limit ? 1 : 0;
        }
        if (b == a) coveredShare = 0;
        coveredShare = Math.Clamp(coveredShare, 0, 1);
        var status = coveredShare >= 1 - 1e-9 ? CoverageStatus.Covered : coveredShare > 1e-9 ? CoverageStatus.Partly : CoverageStatus.Uncovered;
        if (status == CoverageStatus.Covered) coveredShare = 1;
        bool reached = !double.IsPositiveInfinity(bestSeconds), onNetwork = region.SettlementOnNetwork[s];
        row = new CoverageRows.Packed
        {
            Settlement = s,
            Status = (byte)status,
            BestSeconds = reached ? (float)bestSeconds : 0, // a float time (or 0 inside) as read: its minutes are bestSeconds / 60
            Unreachable = reached ? (sbyte)-1 : (sbyte)WhyUnreachable(region, times, a, b),
            OffNetworkMetres = onNetwork || b == a ? 0 : NearestSnapMetres(region.SampleSnaps, a, b),
            MeanMinutes = reachedShare > 0 ? meanSeconds / reachedShare / 60 : 0,
            BestSample = !reached || inside ? -1 : bestSample,
            Facility = bestFacility,
            CoveredShare = coveredShare,
            RollUp = -1,
            Flags = (byte)((reached ? CoverageRows.HasMinutes : 0) | (onNetwork || b == a ? 0 : CoverageRows.HasOffNetworkMetres)
                | (reachedShare > 0 ? CoverageRows.HasMeanMinutes : 0) | (onNetwork ? 0 : CoverageRows.OffNetwork)
                | (region.SettlementWithoutPopulation[s] ? CoverageRows.NoPopulation : 0) | (inside ? CoverageRows.FacilityInside : 0)
                | (isRemainder ? CoverageRows.IsRemainder : 0)),
        };
    }

    /// <summary>
    /// The least snap distance of samples [a, b) (b &gt; a), NaN as soon as one is NaN: what LINQ's Min over them gives, without
    /// the closure over the region that a lambda here made the C# compiler allocate on every call of <see cref="ScoreSettlement"/>.
    /// </summary>
    static double NearestSnapMetres(SampleSnap[] snaps, int a, int b)
    {
        double least = snaps[a].DistanceMetres;
        if (double.IsNaN(least)) return least;
        for (int k = a + 1; k < b; k++)
        {
            double d = snaps[k].DistanceMetres;
            if (d < least) least = d;
            else if (double.IsNaN(d)) return d;
        }
        return least;
    }

    /// <summary>
    /// A sample's time under the circle: composite circles need every category, so a sample is as far as its slowest
    /// category's nearest facility (which facility, which group); +∞ with no group.
    /// </summary>
    internal static (double Seconds, int Facility, int Group) Slowest(SampleTimes[] times, int k)
    {
        if (times.Length == 1) return (times[0].At(k, out int only), only, 0); // nearest and presence circles: one group
        double t = double.NegativeInfinity; int f = -1, group = -1;
        for (int g = 0; g < times.Length; g++)
        {
            float seconds = times[g].At(k, out int facility);
            if (seconds > t) { t = seconds; f = facility; group = g; }
        }
        return times.Length == 0 ? (double.PositiveInfinity, -1, -1) : (t, f, group);
    }

    /// <summary>No counted facility at all, no sample on the network, or on a part of the network no facility can be walked to.</summary>
    static Unreachable WhyUnreachable(AnalysisRegion region, SampleTimes[] times, int a, int b)
    {
        if (times.Length == 0 || times.Any(t => t.SourceCount == 0)) return Unreachable.NoFacility;
        for (int k = a; k < b; k++)
            if (region.SampleSnaps[k].IsOnNetwork) return Unreachable.Isolated;
        return Unreachable.OffNetwork;
    }

    /// <summary>
    /// An administrative village's row from its natural villages and its own remainder: people and covered people summed,
    /// status from the covered share of its demand, minutes from the best-served place where its people live. <paramref name="row"/>
    /// is the village's row as scored at its own samples (its remainder) and becomes the roll-up, roll-up <paramref name="index"/>.
    /// </summary>
    static void RollUp(CoverageRows rows, ref CoverageRows.Packed row, ref CoverageRows.RollUpPart part, int index, int[] slot,
        IReadOnlyList<int> children)
    {
        var packed = rows.PackedRows;
        ref readonly var remainder = ref row;
        // One pass over the places (natural villages, then the remainder when it holds people), each sum in that order.
        var own = rows.PeopleOf(remainder);
        int count = children.Count + (own.Population > 0 || own.Demand > 0 ? 1 : 0), samples = rows.SamplesOf(remainder), timed = 0;
        double demand = 0, covered = 0, shares = 0, population = 0, elderly = 0, coveredPopulation = 0, coveredElderly = 0;
        double timedDemand = 0, timedWeighted = 0, timedMinutes = 0;
        double? offNetworkMetres = null;
        bool allOffNetwork = true, allHaveOffNetworkMetres = true;
        int best = -1; // the best-served place: a child's slot, or -2 for the remainder
        double bestMinutes = 0;
        sbyte unreachable = -1;
        for (int i = 0; i < count; i++)
        {
            ref readonly var p = ref i < children.Count ? ref packed[slot[children[i]]] : ref remainder;
            if (i < children.Count) samples += rows.SamplesOf(p);
            var people = i < children.Count ? rows.PeopleOf(p) : own; // the remainder's, read above
            double pDemand = people.Demand;
            demand += pDemand; covered += people.CoveredDemand; shares += p.CoveredShare;
            population += people.Population; elderly += people.Elderly;
            coveredPopulation += people.CoveredPopulation; coveredElderly += people.CoveredElderly;
            if (p.Is(CoverageRows.HasMinutes) && (best == -1 || p.Minutes < bestMinutes))
            {
                best = i < children.Count ? slot[children[i]] : -2;
                bestMinutes = p.Minutes;
            }
            if (unreachable < 0) unreachable = p.Unreachable;
            if (p.Is(CoverageRows.HasMeanMinutes)) { timed++; timedDemand += pDemand; timedWeighted += pDemand * p.MeanMinutes; timedMinutes += p.MeanMinutes; }
            if (!p.Is(CoverageRows.HasOffNetworkMetres)) allHaveOffNetworkMetres = false;
            else if (offNetworkMetres is null || p.OffNetworkMetres < offNetworkMetres) offNetworkMetres = p.OffNetworkMetres;
            allOffNetwork &= p.Is(CoverageRows.OffNetwork);
        }
        // Without any demand figure the places weigh the same.
        double share = demand > 0 ? covered / demand : shares / count;
        var status = share >= 1 - 1e-9 ? CoverageStatus.Covered : share > 1e-9 ? CoverageStatus.Partly : CoverageStatus.Uncovered;
        double? meanMinutes = timed == 0 ? null : timedDemand > 0 ? timedWeighted / timedDemand : timedMinutes / timed;
        part = new CoverageRows.RollUpPart
        {
            Population = population,
            Elderly = elderly,
            CoveredPopulation = coveredPopulation,
            CoveredElderly = coveredElderly,
            NaturalVillages = children.Count,
            Samples = samples,
            Remainder = remainder, // scored as a remainder already (IsRemainder)
        };
        // The best-served place's row (read only when there is one): a natural village's, or the remainder as kept above.
        ref readonly var bestRow = ref best >= 0 ? ref packed[best] : ref part.Remainder;
        bool hasBest = best != -1;
        // Every flag is the roll-up's own but FacilityInside, the village polygon's presence test (as its remainder has it).
        row = new CoverageRows.Packed
        {
            Settlement = part.Remainder.Settlement,
            Status = (byte)status,
            BestSeconds = hasBest ? bestRow.BestSeconds : 0,
            Unreachable = hasBest ? (sbyte)-1 : unreachable >= 0 ? unreachable : part.Remainder.Unreachable,
            OffNetworkMetres = allHaveOffNetworkMetres && offNetworkMetres is { } off ? off : 0,
            MeanMinutes = meanMinutes ?? 0,
            BestSample = hasBest ? bestRow.BestSample : -1,
            Facility = hasBest ? bestRow.Facility : -1,
            CoveredShare = status == CoverageStatus.Covered ? 1 : share,
            RollUp = index,
            Flags = (byte)((hasBest ? CoverageRows.HasMinutes : 0) | (allHaveOffNetworkMetres && offNetworkMetres is not null ? CoverageRows.HasOffNetworkMetres : 0)
                | (meanMinutes is not null ? CoverageRows.HasMeanMinutes : 0) | (allOffNetwork ? CoverageRows.OffNetwork : 0)
                | (population <= 0 ? CoverageRows.NoPopulation : 0) | (part.Remainder.Is(CoverageRows.FacilityInside) ? CoverageRows.FacilityInside : 0)),
        };
    }

    /// <summary>
    /// A town's or the county's running sums, so that both are added in one pass over the rows: people summed over places
    /// (natural villages, not again in their administrative village's roll-up; a roll-up's remainder in its place);
    /// settlements counted where people are scored on their own (roll-ups are not counted a second time). Read from the
    /// packed rows, as <see cref="SettlementCoverage"/>'s <c>Place</c>, <c>Demand</c> and the rest would give them.
    /// </summary>
    internal struct AreaSums
    {
        double _demand, _covered, _population, _elderly, _coveredPopulation, _coveredElderly, _unreachableDemand, _timedDemand, _timedWeighted;
        int _settled, _full, _partly, _villages, _villagesCovered, _villagesPartly;

        public void Add(CoverageRows rows, in CoverageRows.Packed r)
        {
            ref readonly var place = ref rows.PlaceOf(r);
            var people = rows.PeopleOf(place);
            double demand = people.Demand;
            _demand += demand; _covered += people.CoveredDemand;
            _population += people.Population; _elderly += people.Elderly;
            _coveredPopulation += people.CoveredPopulation; _coveredElderly += people.CoveredElderly;
            if (!place.Is(CoverageRows.HasMinutes)) _unreachableDemand += demand;
            if (place.Is(CoverageRows.HasMeanMinutes) && demand > 0) { _timedDemand += demand; _timedWeighted += demand * place.MeanMinutes; }
            var status = (CoverageStatus)r.Status;
            if (r.RollUp < 0)
            {
                _settled++;
                if (status == CoverageStatus.Covered) _full++;
                else if (status == CoverageStatus.Partly) _partly++;
            }
            if (!rows.RolledUp(r))
            {
                _villages++;
                if (status == CoverageStatus.Covered) _villagesCovered++;
                else if (status == CoverageStatus.Partly) _villagesPartly++;
            }
        }

        public readonly AreaCoverage ToArea(string name, double targetPercent)
        {
            double? demandShare = _demand > 0 ? _covered / _demand : null;
            double? settlementShare = _settled > 0 ? (double)_full / _settled : null;
            double achieved = (demandShare ?? settlementShare ?? 1) * 100;
            return new AreaCoverage
            {
                Name = name,
                Villages = new StatusCounts(_villages, _villagesCovered, _villagesPartly, _villages - _villagesCovered - _villagesPartly),
                Settlements = _settled,
                Covered = _full,
                Partly = _partly,
                Uncovered = _settled - _full - _partly,
                Population = _population,
                Elderly = _elderly,
                CoveredPopulation = _coveredPopulation,
                CoveredElderly = _coveredElderly,
                Demand = _demand,
                CoveredDemand = _covered,
                SettlementShare = settlementShare,
                DemandShare = demandShare,
                TargetPercent = targetPercent,
                TargetMet = achieved >= targetPercent - 1e-9,
                GapPeople = Math.Max(0, Math.Ceiling(targetPercent / 100 * _demand - _covered - 1e-6)),
                UnreachableDemand = _unreachableDemand,
                MeanMinutes = _timedDemand > 0 ? _timedWeighted / _timedDemand : null,
            };
        }
    }

    /// <summary>The region's snap issues of this circle: its scored settlements and its counted facilities (the same for every evaluation of the circle).</summary>
    internal static IReadOnlyList<SnapIssue> UnsnappedFor(AnalysisRegion region, CirclePlan plan, CircleSettlements settlements)
    {
        var issues = region.SnapIssues;
        var scored = settlements.SettlementIssues;
        var list = new List<SnapIssue>();
        for (int k = 0; k < issues.Count; k++)
        {
            var i = issues[k];
            if (i.Kind == PlaceKind.Settlement
                    ? scored[k]
                    : region.FacilityIndexOf(i.Id) is int f && f >= 0 && region.Options.CountedStatuses.Contains(region.Facilities[f].Status)
                      && plan.Groups.Any(g => g.Matches(region.Facilities[f])))
                list.Add(i);
        }
        return list;
    }
}
