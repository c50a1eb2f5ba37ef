using Coverage.Analysis;
using Coverage.Analysis.Circles;
using Coverage.Core.Domain;
using NetTopologySuite.Features;

namespace Coverage.Server.Api;

/// <summary>
/// What the page draws of a large region, per plan version: settlements and facilities in a <see cref="MapPointIndex"/>,
/// answered by viewport — every feature when few are in view, else grid clusters with counts. A settlement cluster counts
/// places (rows scored on their own, as the county's settlement counts do) by status under one circle, so every view shows
/// the circle result's one count.
/// </summary>
public sealed class MapView
{
    /// <summary>Settlements plus facilities above which the page reads the map by viewport instead of loading everything.</summary>
    public const int ViewportThreshold = 20_000;
    /// <summary>At most this many features in one answer; more in view are clustered.</summary>
    public const int MaxFeatures = 2_000;
    /// <summary>A cluster cell's side on screen (Leaflet's 256-pixel world at the view's whole zoom).</summary>
    public const int CellPixels = 64;

    public sealed record Extent(int Settlements, int Facilities, int Threshold, bool Viewport, int MaxFeatures);
    /// <summary>A grid cell's places: where they are on average, how many, and how many of them each status has.</summary>
    public sealed record SettlementCluster(double Lon, double Lat, int Count, int Covered, int Partly, int Uncovered);
    /// <summary>Mode "features" (Features filled) or "clusters"; Places..Uncovered count the places in view either way.</summary>
    public sealed record SettlementView(string Circle, int Zoom, string Mode, int Places, int Covered, int Partly, int Uncovered,
        IReadOnlyList<SettlementCluster> Clusters, FeatureCollection? Features);
    public sealed record FacilityCluster(double Lon, double Lat, int Count);
    public sealed record FacilityView(int Zoom, string Mode, int Count, IReadOnlyList<FacilityCluster> Clusters, FeatureCollection? Features);
    public sealed record SearchHit(string Id, string Name, string? Town, double Lon, double Lat);

    readonly IReadOnlyList<Settlement> _settlements;
    readonly IReadOnlyList<Facility> _facilities;
    readonly MapPointIndex _settlementIndex, _facilityIndex;
    readonly Dictionary<string, int> _settlementAt;

    /// <summary>Identifies this plan version in entity tags: a new plan version is a new index, so a cached view is never stale.</summary>
    public string Tag { get; } = Guid.NewGuid().ToString("N")[..16];

    public MapView(CoverageEngine engine)
    {
        _settlements = engine.Region.Settlements;
        _facilities = engine.Region.Facilities;
        _settlementIndex = new MapPointIndex(_settlements.Select(s => LonLatOf(s.Geometry)).ToList());
        _facilityIndex = new MapPointIndex(_facilities.Select(f => LonLatOf(f.Geometry)).ToList());
        _settlementAt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _settlements.Count; i++) _settlementAt.TryAdd(_settlements[i].Id, i);
    }

    static (double Lon, double Lat) LonLatOf(NetTopologySuite.Geometries.Geometry g)
    {
        var p = g.IsEmpty ? null : g.InteriorPoint;
        return p is null || p.IsEmpty ? (double.NaN, double.NaN) : (p.X, p.Y);
    }

    public Extent Size() => new(_settlements.Count, _facilities.Count, ViewportThreshold,
        _settlements.Count + _facilities.Count > ViewportThreshold, MaxFeatures);

    /// <summary>A circle's rows aligned with the region's settlements (null: not scored under it), built once per circle and version.</summary>
    public SettlementCoverage?[] RowsOf(CircleCoverage coverage)
    {
        var rows = new SettlementCoverage?[_settlements.Count];
        foreach (var r in coverage.Settlements)
            if (_settlementAt.TryGetValue(r.Settlement.Id, out int i)) rows[i] = r;
        return rows;
    }

    public SettlementView Settlements(string circle, SettlementCoverage?[] rows, Box box, int zoom, int maxFeatures = MaxFeatures)
    {
        var inView = _settlementIndex.Within(box.MinLon, box.MinLat, box.MaxLon, box.MaxLat).ToList();
        var counts = new int[4];
        foreach (int i in inView)
            if (rows[i] is { NaturalVillages: 0 } r) counts[(int)StatusSlot(r.Status)]++;
        int places = counts.Sum();
        if (inView.Count <= maxFeatures)
        {
            var features = new FeatureCollection();
            foreach (int i in inView.Order())
                features.Add(rows[i] is { } r ? CoverageJson.SettlementFeature(r) : SettlementsEndpoints.ToFeature(_settlements[i]));
            return new(circle, zoom, "features", places, counts[1], counts[2], counts[3], [], features);
        }
        var clusters = Cluster(_settlementIndex, inView.Where(i => rows[i] is { NaturalVillages: 0 }), zoom, i => StatusSlot(rows[i]!.Value.Status))
            .Select(c => new SettlementCluster(c.Lon, c.Lat, c.Count, c.Slots[1], c.Slots[2], c.Slots[3])).ToList();
        return new(circle, zoom, "clusters", places, counts[1], counts[2], counts[3], clusters, null);
    }

    public FacilityView Facilities(IReadOnlySet<string>? categories, Box box, int zoom, int maxFeatures = MaxFeatures)
    {
        var inView = _facilityIndex.Within(box.MinLon, box.MinLat, box.MaxLon, box.MaxLat)
            .Where(i => categories is null || categories.Contains(_facilities[i].Category)).ToList();
        if (inView.Count <= maxFeatures)
            return new(zoom, "features", inView.Count, [], FacilityFeature.ToCollection(inView.Order().Select(i => _facilities[i])));
        var clusters = Cluster(_facilityIndex, inView, zoom, _ => 0).Select(c => new FacilityCluster(c.Lon, c.Lat, c.Count)).ToList();
        return new(zoom, "clusters", inView.Count, clusters, null);
    }

    /// <summary>Settlements whose name holds the text (case-insensitive), top-level villages first, at most max.</summary>
    public IReadOnlyList<SearchHit> Search(string text, int max) => _settlements
        .Select((s, i) => (s, i))
        .Where(x => x.s.Name.Contains(text, StringComparison.OrdinalIgnoreCase) && double.IsFinite(_settlementIndex.X(x.i)))
        .OrderBy(x => x.s.ParentId is null ? 0 : 1).ThenBy(x => x.s.Name.Length).ThenBy(x => x.s.Id, StringComparer.Ordinal)
        .Take(max)
        .Select(x => new SearchHit(x.s.Id, x.s.Name, x.s.Town, Round(MapPointIndex.Lon(_settlementIndex.X(x.i))), Round(MapPointIndex.Lat(_settlementIndex.Y(x.i)))))
        .ToList();

    enum Slot { None = 0, Covered = 1, Partly = 2, Uncovered = 3 }

    static Slot StatusSlot(CoverageStatus s) => s switch
    {
        CoverageStatus.Covered => Slot.Covered,
        CoverageStatus.Partly => Slot.Partly,
        _ => Slot.Uncovered,
    };

    sealed class Cell
    {
        public double SumX, SumY;
        public int Count;
        public readonly int[] Slots = new int[4];
    }

    /// <summary>Points binned in fixed cells of <see cref="CellPixels"/> at the whole zoom (cells stay put as the map pans).</summary>
    static IEnumerable<(double Lon, double Lat, int Count, int[] Slots)> Cluster(MapPointIndex index, IEnumerable<int> points, int zoom,
        Func<int, Slot> slot)
    {
        double cellsPerWorld = Math.Pow(2, zoom) * 256 / CellPixels;
        var cells = new Dictionary<long, Cell>();
        foreach (int i in points)
        {
            long key = (long)Math.Floor(index.X(i) * cellsPerWorld) * (1L << 32) + (long)Math.Floor(index.Y(i) * cellsPerWorld);
            if (!cells.TryGetValue(key, out var cell)) cells[key] = cell = new Cell();
            cell.SumX += index.X(i);
            cell.SumY += index.Y(i);
            cell.Count++;
            cell.Slots[(int)slot(i)]++;
        }
        return cells.OrderBy(c => c.Key).Select(c => c.Value)
            .Select(c => (Round(MapPointIndex.Lon(c.SumX / c.Count)), Round(MapPointIndex.Lat(c.SumY / c.Count)), c.Count, c.Slots));
    }

    static double Round(double v) => Math.Round(v, 6);

    /// <summary>A viewport in WGS84.</summary>
    public readonly record struct Box(double MinLon, double MinLat, double MaxLon, double MaxLat);
}
