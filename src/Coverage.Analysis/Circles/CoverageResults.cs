using Coverage.Analysis.Region;
using Coverage.Core.Domain;

namespace Coverage.Analysis.Circles;

public enum CoverageStatus
{
    /// <summary>Every sample point of the settlement is within the limit.</summary>
    Covered,
    /// <summary>Some but not all sample points are within the limit.</summary>
    Partly,
    Uncovered,
}

public static class CoverageStatusIds
{
    /// <summary>The status as API answers and report files spell it: covered, partly, uncovered.</summary>
    public static string Id(this CoverageStatus s) => s switch { CoverageStatus.Covered => "covered", CoverageStatus.Partly => "partly", _ => "uncovered" };

    public static string NameZh(this CoverageStatus s) => s switch { CoverageStatus.Covered => "覆盖", CoverageStatus.Partly => "部分覆盖", _ => "未覆盖" };

    public static string NameEn(this CoverageStatus s) => s switch { CoverageStatus.Covered => "covered", CoverageStatus.Partly => "partly covered", _ => "not covered" };
}

/// <summary>Why a place has no walk time to the circle's facilities: it cannot reach one on foot at all.</summary>
public enum Unreachable
{
    /// <summary>The circle has no counted facility (of its categories and counted statuses) on the network.</summary>
    NoFacility,
    /// <summary>No part of the place is within the snap limit of a walkable way.</summary>
    OffNetwork,
    /// <summary>The place joins a part of the network from which no counted facility can be walked to (an island, a fragment).</summary>
    Isolated,
}

/// <summary>
/// One settlement under one circle. Minutes are to the nearest counted facility (composite: the slowest of the
/// categories' nearest) from the settlement's best-served sample, however far (差几分钟); null only when no facility can
/// be reached on foot, and then <see cref="Unreachable"/> says why.
/// </summary>
/// <remarks>
/// A value, not an object: a province holds ~1.3 M rows for its eight circles, and as objects each was allocated in the
/// young generation and copied twice on its way to the old one (perf put that allocation and copying at twice the
/// scoring's own arithmetic). A circle holds its rows packed (<see cref="CoverageRows"/>) and makes this value of one
/// when it is read; <see cref="Remainder"/>, a row inside a row, is read from there too.
/// A default row (<c>default(SettlementCoverage)</c>) has no <see cref="Settlement"/>: "no row" is a null
/// <c>SettlementCoverage?</c>, never a default one.
/// </remarks>
public record struct SettlementCoverage
{
    /// <summary>Creates a row with no figures set: every nullable figure null, no best sample.</summary>
    public SettlementCoverage() { }

    // The nullable figures as a value and a bit of one byte each, the reason as one byte (a double? takes 16 bytes where a
    // double takes 8), as the packed rows (CoverageRows) hold them too.
    const byte HasMinutes = 1, HasOffNetworkMetres = 2, HasMeanMinutes = 4;
    double _minutes, _offNetworkMetres, _meanMinutes;
    byte _has;
    sbyte _unreachable = -1;

    readonly double? Get(double value, byte bit) => (_has & bit) != 0 ? value : null;

    /// <summary>The field's value (0 for null, so that equal rows have equal fields), its bit set or cleared.</summary>
    double Set(double? value, byte bit)
    {
        _has = value is null ? (byte)(_has & ~bit) : (byte)(_has | bit);
        return value ?? 0;
    }

    public required Settlement Settlement { get; init; }
    public required CoverageStatus Status { get; init; }
    /// <summary>Minutes from the settlement's best-served sample (presence: 0 when a facility is inside).</summary>
    public double? Minutes { readonly get => Get(_minutes, HasMinutes); init => _minutes = Set(value, HasMinutes); }
    /// <summary>Why <see cref="Minutes"/> is null (no facility reachable on foot); null when it is known.</summary>
    public Unreachable? Unreachable { readonly get => _unreachable < 0 ? null : (Circles.Unreachable)_unreachable; init => _unreachable = value is { } u ? (sbyte)u : (sbyte)-1; }
    /// <summary>For <see cref="Circles.Unreachable.OffNetwork"/>: metres from the place's nearest sample to the nearest walkable way.</summary>
    public double? OffNetworkMetres { readonly get => Get(_offNetworkMetres, HasOffNetworkMetres); init => _offNetworkMetres = Set(value, HasOffNetworkMetres); }
    /// <summary>Demand-weighted mean minutes over the samples that can reach a facility; null when none can.</summary>
    public double? MeanMinutes { readonly get => Get(_meanMinutes, HasMeanMinutes); init => _meanMinutes = Set(value, HasMeanMinutes); }
    /// <summary>
    /// The sample (index into the region's samples) <see cref="Minutes"/> is timed from: the best-served one, of the best-served
    /// place for a roll-up; -1 when there is no walk (unreachable, or a presence facility inside the village).
    /// </summary>
    public int BestSample { get; init; } = -1;
    public readonly string? NearestFacilityId => NearestFacility?.Id;
    public readonly string? NearestFacilityName => NearestFacility?.Name;
    /// <summary>The facility <see cref="Minutes"/> is to (one reference, where its id and name were two per row).</summary>
    internal Facility? NearestFacility { get; init; }
    /// <summary>Share (0–1) of the settlement's samples within the limit.</summary>
    public double CoveredShare { get; init; }
    /// <summary>People of this row, each counted once: a roll-up's natural villages plus its remainder.</summary>
    public double Population { get; init; }
    public double Elderly { get; init; }
    public double CoveredPopulation { get; init; }
    public double CoveredElderly { get; init; }
    /// <summary>Demand of the circle's field (population or elderly).</summary>
    public readonly double Demand => DemandIsElderly ? Elderly : Population;
    public readonly double CoveredDemand => DemandIsElderly ? CoveredElderly : CoveredPopulation;
    /// <summary>
    /// The circle's demand is <see cref="DemandField.Elderly"/>. Demand is that field's figure, a roll-up's summed in the same
    /// order as the field itself, so it is read from the field rather than held twice per row.
    /// </summary>
    internal bool DemandIsElderly { get; init; }
    public int Samples { get; init; }
    /// <summary>No sample joined the network: the status is only what presence inside the polygon can give.</summary>
    public bool OffNetwork { get; init; }
    /// <summary>Population missing or zero: status reported, weight 0.</summary>
    public bool NoPopulation { get; init; }
    /// <summary>Presence circles: a counted facility lies inside the settlement polygon.</summary>
    public bool FacilityInside { get; init; }
    /// <summary>Natural villages rolled into this administrative village's row (0: scored at its own samples only).</summary>
    public int NaturalVillages { get; init; }
    /// <summary>For a roll-up: the people of the village in none of its natural villages, scored at the village's own samples.</summary>
    public readonly SettlementCoverage? Remainder => RollUpOf?.RemainderOf(RollUpIndex);
    /// <summary>For a roll-up: the packed rows holding its <see cref="Remainder"/> (a struct cannot hold its own type), at <see cref="RollUpIndex"/>.</summary>
    internal CoverageRows? RollUpOf { get; init; }
    internal int RollUpIndex { get; init; }
    /// <summary>
    /// The place this row counts as in sums over places (county, towns, equity, scenario gaps): a roll-up's
    /// <see cref="Remainder"/>, whose natural villages are rows of their own, else the row itself.
    /// </summary>
    internal readonly SettlementCoverage Place => RollUpOf is { } rows ? rows.RemainderOf(RollUpIndex) : this;
    /// <summary>This is a roll-up's <see cref="Remainder"/>, not a row of its own.</summary>
    public bool IsRemainder { get; init; }
    /// <summary>For a natural village rolled into its administrative village's row: that village's name (null otherwise).</summary>
    public string? Village { get; init; }
    /// <summary>A natural village whose people are also in its administrative village's roll-up row.</summary>
    public readonly bool RolledUp => Village is not null;

    /// <summary>
    /// Rows are equal when every figure is, their remainders included (compared as rows, wherever they are held): the rows of
    /// a circle scored alone and of the same circle scored with the others are equal.
    /// </summary>
    public readonly bool Equals(SettlementCoverage other) =>
        EqualityComparer<Settlement>.Default.Equals(Settlement, other.Settlement) && Status == other.Status
        && _minutes.Equals(other._minutes) && _offNetworkMetres.Equals(other._offNetworkMetres) && _meanMinutes.Equals(other._meanMinutes)
        && _has == other._has && _unreachable == other._unreachable && BestSample == other.BestSample
        && EqualityComparer<Facility?>.Default.Equals(NearestFacility, other.NearestFacility)
        && CoveredShare.Equals(other.CoveredShare) && Population.Equals(other.Population) && Elderly.Equals(other.Elderly)
        && CoveredPopulation.Equals(other.CoveredPopulation) && CoveredElderly.Equals(other.CoveredElderly)
        && DemandIsElderly == other.DemandIsElderly && Samples == other.Samples && OffNetwork == other.OffNetwork
        && NoPopulation == other.NoPopulation && FacilityInside == other.FacilityInside && NaturalVillages == other.NaturalVillages
        && IsRemainder == other.IsRemainder && Village == other.Village && Nullable.Equals(Remainder, other.Remainder);

    public override readonly int GetHashCode() => HashCode.Combine(Settlement, Status, _minutes, CoveredShare, Population, Elderly, NaturalVillages, IsRemainder);
}

/// <summary>How many of some rows are covered, partly covered and not covered.</summary>
public sealed record StatusCounts(int Total, int Covered, int Partly, int Uncovered)
{
    public static StatusCounts Of(IEnumerable<SettlementCoverage> rows)
    {
        int total = 0, covered = 0, partly = 0;
        foreach (var r in rows)
        {
            total++;
            if (r.Status == CoverageStatus.Covered) covered++;
            else if (r.Status == CoverageStatus.Partly) partly++;
        }
        return new StatusCounts(total, covered, partly, total - covered - partly);
    }
}

/// <summary>
/// A town (镇/街道) or the whole county against the circle's target. Two counts, because the map draws both levels:
/// <see cref="Settlements"/>.. count the places scored on their own (natural villages, communities, administrative
/// villages without natural villages: 个居民点); <see cref="Villages"/> counts the top-level villages the map draws as
/// areas (administrative villages — a roll-up of their natural villages —, communities, natural villages without one:
/// 个行政村/社区). People and demand are summed over places, each person once.
/// </summary>
public sealed record AreaCoverage
{
    public required string Name { get; init; }
    /// <summary>Top-level villages (administrative villages with their natural villages rolled up, communities).</summary>
    public StatusCounts Villages { get; init; } = new(0, 0, 0, 0);
    public int Settlements { get; init; }
    public int Covered { get; init; }
    public int Partly { get; init; }
    public int Uncovered { get; init; }
    public double Population { get; init; }
    public double Elderly { get; init; }
    public double CoveredPopulation { get; init; }
    public double CoveredElderly { get; init; }
    public double Demand { get; init; }
    public double CoveredDemand { get; init; }
    /// <summary>Share (0–1) of settlements fully covered; null when there are none.</summary>
    public double? SettlementShare { get; init; }
    /// <summary>Share (0–1) of demand covered; null when the demand is zero.</summary>
    public double? DemandShare { get; init; }
    public double TargetPercent { get; init; }
    public bool TargetMet { get; init; }
    /// <summary>Demand (people or older people, by the circle's demand field) still to cover to reach the target; 0 when met.</summary>
    public double GapPeople { get; init; }
    /// <summary>Demand of places that cannot reach any counted facility on foot (<see cref="SettlementCoverage.Unreachable"/>).</summary>
    public double UnreachableDemand { get; init; }
    /// <summary>Demand-weighted mean minutes over the samples that can reach a facility; null with no such demand.</summary>
    public double? MeanMinutes { get; init; }
}

/// <summary>
/// Equalisation (均等化) measures over the places that can reach a facility on foot (their true walk times); people who
/// cannot reach one at all are <see cref="AreaCoverage.UnreachableDemand"/>, not a made-up time.
/// </summary>
public sealed record EquityMeasures
{
    /// <summary>Covered share of urban demand (0–1); null without urban demand.</summary>
    public double? UrbanShare { get; init; }
    public double? RuralShare { get; init; }
    /// <summary>Urban minus rural covered share, in percentage points; null when either is missing.</summary>
    public double? UrbanRuralGapPoints { get; init; }
    /// <summary>Coefficient of variation of the towns' demand-weighted mean minutes (weighted by town demand).</summary>
    public double? TownMeanMinutesCv { get; init; }
    /// <summary>Gini of settlements' mean minutes, weighted by demand (0 = equal access everywhere).</summary>
    public double? Gini { get; init; }
    /// <summary>Theil T index of settlements' mean minutes, weighted by demand.</summary>
    public double? Theil { get; init; }
}

/// <summary>The answer to "who does this circle leave out?": rows per settlement, per town and for the county.</summary>
public sealed record CircleCoverage
{
    public required CircleStandard Circle { get; init; }
    /// <summary>False when nothing could be computed (no known category, bad minutes): see <see cref="Notes"/>.</summary>
    public bool Computed { get; init; } = true;
    public required IReadOnlyList<SettlementCoverage> Settlements { get; init; }
    public required IReadOnlyList<AreaCoverage> Towns { get; init; }
    public required AreaCoverage County { get; init; }
    public required EquityMeasures Equity { get; init; }
    /// <summary>Settlements and counted facilities of this circle that did not join the network.</summary>
    public required IReadOnlyList<SnapIssue> Unsnapped { get; init; }
    public required IReadOnlyList<AnalysisNote> Notes { get; init; }
    /// <summary>Facility statuses that counted as sources (<see cref="AnalysisOptions.CountedStatuses"/>): every view says which.</summary>
    public IReadOnlyList<FacilityStatus> CountedStatuses { get; init; } = [];

    /// <summary>
    /// The rows that partition the people, each person once: settlements scored on their own, and the remainders of
    /// administrative villages rolled up from their natural villages.
    /// </summary>
    public IEnumerable<SettlementCoverage> Places => PlacesOf(Settlements);

    internal static IEnumerable<SettlementCoverage> PlacesOf(IEnumerable<SettlementCoverage> rows) =>
        rows.Select(r => r.Place);

    /// <summary>Places not fully covered (natural villages rather than their roll-ups), worst first (most uncovered demand).</summary>
    public IEnumerable<SettlementCoverage> Uncovered =>
        Places.Where(s => s.Status != CoverageStatus.Covered && (!s.IsRemainder || s.Demand > 0)).OrderByDescending(s => s.Demand - s.CoveredDemand).ThenBy(s => s.Settlement.Name, StringComparer.Ordinal);
}
