using System.Collections;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Circles;

/// <summary>
/// A circle's rows as <see cref="CircleScorer"/> made them, packed: per row 48 bytes and no reference (the settlement and
/// the facility by index, the figures a row only repeats — its own people and sample count, its village's name — read back from the circle's
/// <see cref="VillageHierarchy"/>), and per roll-up 88 bytes more (its summed people and samples, and its remainder). A row is made into
/// a <see cref="SettlementCoverage"/> when it is read.
/// </summary>
/// <remarks>
/// A province holds ~1.3 M rows for its eight circles. As an array of <see cref="SettlementCoverage"/> (120 bytes, four
/// references) and a boxed remainder per roll-up they took ~210 MB per engine, every row was copied through the GC's
/// write barrier, and each circle wrote a fresh 22 MB array (perf put that copying and its page faults at a quarter of
/// scoring). Packed they take ~100 MB (~110 MB at 56 bytes a row until 2026-12-03) and are written as plain memory. Reading a row costs a few field copies and, for a
/// roll-up, no allocation: its <see cref="SettlementCoverage.Remainder"/> is read from here too.
/// </remarks>
internal sealed class CoverageRows : IReadOnlyList<SettlementCoverage>
{
    /// <summary>
    /// <see cref="Packed.Facility"/> of a row whose facility is the nearest one at its best sample under the circle's times,
    /// looked up when the row is read (<see cref="CircleScorer.Slowest"/>, as scoring would have looked it up).
    /// </summary>
    internal const int FacilityAtBestSample = -2;

    /// <summary>Flags of a packed row.</summary>
    internal const byte HasMinutes = 1, HasOffNetworkMetres = 2, HasMeanMinutes = 4, OffNetwork = 8, NoPopulation = 16, FacilityInside = 32, IsRemainder = 64;

    /// <summary>
    /// One row without references: figures as <see cref="SettlementCoverage"/> holds them (a null figure is 0 with its bit
    /// clear). Its minutes are held as the seconds they come from (a sample's float time, or 0 inside) and its sample count
    /// not at all (its settlement's, or a roll-up's in <see cref="RollUpPart"/>): 48 bytes, where 56 held the same figures.
    /// </summary>
    internal struct Packed
    {
        public double OffNetworkMetres, MeanMinutes, CoveredShare;
        /// <summary>Seconds to the best-served sample (a float time as the search gave it; 0 with a facility inside).</summary>
        public float BestSeconds;
        /// <summary>The settlement (index into the region's), the facility (region's, then the what-if's added ones; -1 none), the best sample (-1 none).</summary>
        public int Settlement, Facility, BestSample;
        /// <summary>Index into the roll-ups, -1 for a row scored at its own samples.</summary>
        public int RollUp;
        public byte Flags, Status;
        public sbyte Unreachable;

        /// <summary>Minutes to the best-served sample: the same double as its seconds / 60 computed when it was scored.</summary>
        public readonly double Minutes => BestSeconds / 60.0;

        public readonly double? Get(double value, byte bit) => (Flags & bit) != 0 ? value : null;
        public readonly bool Is(byte bit) => (Flags & bit) != 0;
    }

    /// <summary>What a roll-up row holds beyond a plain one: its people summed over its places, and its remainder.</summary>
    internal struct RollUpPart
    {
        public double Population, Elderly, CoveredPopulation, CoveredElderly;
        public int NaturalVillages;
        /// <summary>Samples of the village and its natural villages.</summary>
        public int Samples;
        public Packed Remainder;
    }

    readonly AnalysisRegion _region;
    readonly IReadOnlyList<Facility> _added;
    readonly VillageHierarchy _villages;
    readonly bool _demandIsElderly;
    readonly Packed[] _rows;
    readonly RollUpPart[] _rollUps;
    readonly SampleTimes[] _times;

    /// <param name="times">The circle's times, which a row's facility is looked up in when it is <see cref="FacilityAtBestSample"/>.</param>
    internal CoverageRows(AnalysisRegion region, IReadOnlyList<Facility> added, VillageHierarchy villages, bool demandIsElderly,
        Packed[] rows, RollUpPart[] rollUps, SampleTimes[] times)
    {
        (_region, _added, _villages, _demandIsElderly, _rows, _rollUps, _times) = (region, added, villages, demandIsElderly, rows, rollUps, times);
    }

    public int Count => _rows.Length;

    /// <summary>The packed rows themselves, for the scorer that fills them.</summary>
    internal Packed[] PackedRows => _rows;

    public SettlementCoverage this[int index] => Row(in _rows[index]);

    /// <summary>The remainder of roll-up <paramref name="rollUp"/> (see <see cref="SettlementCoverage.Remainder"/>).</summary>
    internal SettlementCoverage RemainderOf(int rollUp) => Row(in _rollUps[rollUp].Remainder);

    public IEnumerator<SettlementCoverage> GetEnumerator()
    {
        for (int i = 0; i < _rows.Length; i++) yield return Row(in _rows[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A packed row's people and covered people, and its demand (the circle's field of them).</summary>
    internal readonly record struct People(double Population, double Elderly, double CoveredPopulation, double CoveredElderly, bool DemandIsElderly)
    {
        public double Demand => DemandIsElderly ? Elderly : Population;
        public double CoveredDemand => DemandIsElderly ? CoveredElderly : CoveredPopulation;
    }

    /// <summary>
    /// People of a packed row, read once: a roll-up's summed; else the settlement's own (everyone, or a village's remainder),
    /// covered as its people times its covered share (as it was scored).
    /// </summary>
    internal People PeopleOf(in Packed r)
    {
        if (r.RollUp >= 0)
        {
            ref readonly var u = ref _rollUps[r.RollUp];
            return new(u.Population, u.Elderly, u.CoveredPopulation, u.CoveredElderly, _demandIsElderly);
        }
        double population = _villages.OwnPopulation(r.Settlement), elderly = _villages.OwnElderly(r.Settlement);
        return new(population, elderly, population * r.CoveredShare, elderly * r.CoveredShare, _demandIsElderly);
    }
    /// <summary>The place a packed row counts as in sums over places (see <see cref="SettlementCoverage"/>'s Place): a roll-up's remainder, else itself.</summary>
    internal ref readonly Packed PlaceOf(in Packed r) => ref r.RollUp >= 0 ? ref _rollUps[r.RollUp].Remainder : ref r;
    /// <summary>A natural village whose people are also in its administrative village's roll-up (<see cref="SettlementCoverage.RolledUp"/>).</summary>
    internal bool RolledUp(in Packed r) => _villages.ParentOf(r.Settlement) >= 0;
    /// <summary>Samples of a packed row: a roll-up's over its places, else its settlement's own.</summary>
    internal int SamplesOf(in Packed r) => r.RollUp >= 0 ? _rollUps[r.RollUp].Samples
        : _region.SettlementFirstSample[r.Settlement + 1] - _region.SettlementFirstSample[r.Settlement];
    /// <summary>Whether a packed row's settlement is urban (<see cref="AnalysisRegion.SettlementUrban"/>).</summary>
    internal bool IsUrban(in Packed r) => _region.SettlementUrban[r.Settlement];

    SettlementCoverage Row(in Packed r)
    {
        int s = r.Settlement, f = r.Facility == FacilityAtBestSample ? CircleScorer.Slowest(_times, r.BestSample).Facility : r.Facility;
        var people = PeopleOf(r);
        return new SettlementCoverage
        {
            Settlement = _region.Settlements[s],
            Village = _villages.ParentOf(s) is int p and >= 0 ? _region.Settlements[p].Name : null,
            Status = (CoverageStatus)r.Status,
            Minutes = r.Get(r.Minutes, HasMinutes),
            Unreachable = r.Unreachable < 0 ? null : (Unreachable)r.Unreachable,
            OffNetworkMetres = r.Get(r.OffNetworkMetres, HasOffNetworkMetres),
            MeanMinutes = r.Get(r.MeanMinutes, HasMeanMinutes),
            BestSample = r.BestSample,
            NearestFacility = f < 0 ? null : f < _region.Facilities.Count ? _region.Facilities[f] : _added[f - _region.Facilities.Count],
            CoveredShare = r.CoveredShare,
            Population = people.Population,
            Elderly = people.Elderly,
            CoveredPopulation = people.CoveredPopulation,
            CoveredElderly = people.CoveredElderly,
            DemandIsElderly = _demandIsElderly,
            Samples = SamplesOf(r),
            OffNetwork = r.Is(OffNetwork),
            NoPopulation = r.Is(NoPopulation),
            FacilityInside = r.Is(FacilityInside),
            NaturalVillages = r.RollUp >= 0 ? _rollUps[r.RollUp].NaturalVillages : 0,
            IsRemainder = r.Is(IsRemainder),
            RollUpOf = r.RollUp >= 0 ? this : null,
            RollUpIndex = r.RollUp,
        };
    }
}
