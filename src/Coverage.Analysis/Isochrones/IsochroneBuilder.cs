using Coverage.Analysis.Circles;
using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace Coverage.Analysis.Isochrones;

/// <summary>
/// Isochrones that mean the coverage: the N-minute area is the set of points the coverage rule counts as reached
/// within N minutes — snapped as a settlement sample is, timed by the same search (network seconds plus the
/// off-network leg at the profile's speed), never beyond the snap limit. The time is sampled on an adaptive grid of
/// the local metric projection over the reached ways widened by the snap limit (<see cref="TimeField"/>) and every
/// band is a level set of that one field (<see cref="Contours"/>), so bands nest and a river between two ways is not
/// jumped: a point beside the far bank snaps to the far way and takes its time. Bands are differences of the nested
/// reaches, returned in WGS84. Tolerance: a point is drawn on the wrong side only within a fine cell (its diagonal)
/// of a band's edge.
/// </summary>
sealed class IsochroneBuilder
{
    public const double MaxMinutes = 180;

    readonly AnalysisRegion _region;
    readonly Lazy<NetworkIndex> _network;
    readonly Lazy<ReachIndex> _index;
    readonly GeometryFactory _factory;
    readonly VillageHierarchy _villages;
    readonly Func<IEdgeProjection> _edges;
    readonly ThreadLocal<LocalProjection> _projections;

    public IsochroneBuilder(AnalysisRegion region) : this(region, null) { }

    /// <param name="edges">What each isochrone reads its projected edges from; null projects them on demand (a test
    /// passes the whole graph projected up front, the way it was done before, as the oracle).</param>
    internal IsochroneBuilder(AnalysisRegion region, Func<IEdgeProjection>? edges)
    {
        _region = region;
        _villages = VillageHierarchy.Of(region, _ => true); // a natural village's people are not counted again in its 行政村
        _network = new Lazy<NetworkIndex>(() => NetworkIndex.For(region.Graph));
        _edges = edges ?? (() => new EdgesOnDemand(_network.Value, region.Projection));
        _index = new Lazy<ReachIndex>(() => new ReachIndex(_network.Value, region.SampleSnaps, region.SampleSettlement));
        _factory = new GeometryFactory(new PrecisionModel(), region.Projection.Epsg);
        _projections = new ThreadLocal<LocalProjection>(region.Projection.Copy);
    }

    /// <summary>Threads an isochrone's field is sampled on: the region's parallelism, else every core.</summary>
    int Threads => _region.Options.Parallelism ?? Environment.ProcessorCount;

    public IsochroneResult FromPoint(LonLat origin, IReadOnlyList<double> minutes, WalkProfile profile, SearchScratchPool pool)
    {
        if (!origin.IsValid)
            throw new AnalysisInputException($"起点坐标无效：{origin.Lon},{origin.Lat}", $"Invalid origin {origin.Lon},{origin.Lat}: need lon in [-180,180], lat in [-90,90]");
        var snap = _region.Snapper.Snap(origin, _region.Options.MaxSnapMetres);
        if (!snap.IsOnNetwork)
            throw new AnalysisInputException($"起点距最近的步行道路 {snap.DistanceMetres:0} 米，超出吸附距离 {_region.Options.MaxSnapMetres:0} 米",
                $"The origin is {snap.DistanceMetres:0} m from the nearest walkable way, beyond the {_region.Options.MaxSnapMetres:0} m snap limit");
        return Build(origin, null, snap, minutes, profile, pool, set => set.AddPoint(snap, 0));
    }

    public IsochroneResult FromFacility(int facility, IReadOnlyList<double> minutes, WalkProfile profile, SearchScratchPool pool)
    {
        var f = _region.Facilities[facility];
        if (!_region.FacilityUsable[facility])
            throw new AnalysisInputException($"设施“{f.Name}”不在路网上，无法生成等时圈", $"Facility '{f.Name}' ({f.Id}) is not on the network: no isochrone");
        var at = f.Geometry is Point p ? p : f.Geometry.InteriorPoint;
        SnapResult? snap = f.Geometry is Point ? _region.FacilitySnaps[facility] : null; // a trail is seeded along its length
        return Build(new LonLat(at.X, at.Y), f.Id, snap, minutes, profile, pool,
            set => _region.AddSources(set, facility, 0));
    }

    IsochroneResult Build(LonLat origin, string? facilityId, SnapResult? snap, IReadOnlyList<double> minutes, WalkProfile profile,
        SearchScratchPool pool, Action<SourceSet> addSources)
    {
        var limits = CheckMinutes(minutes);
        var scratch = pool.Rent();
        TimeField? field = null;
        try
        {
            scratch.Sources.Clear();
            addSources(scratch.Sources);
            var g = _region.Graph;
            BoundedDijkstra.Run(g, profile, scratch.Sources, limits[^1] * 60, scratch.Space, scratch.Times, tree: false);
            var reachedEdges = _index.Value.ReachedEdges(scratch.Times, scratch.Sources);
            var sampleSeconds = SampleSeconds(scratch.Times, reachedEdges);
            using var edges = _edges();
            field = Field(edges, scratch.Times, scratch.Sources, reachedEdges, profile, limits, snap, pruned: true, Threads, out var places);
            var bands = new List<IsochroneBand>(limits.Length);
            List<Coordinate[]>? previousRings = null;
            for (int i = 0; i < limits.Length; i++)
            {
                var rings = field is null ? [] : Contours.Rings(field, (float)(limits[i] * 60));
                var reach = Valid(Contours.Polygons(_factory, rings));
                var ring = i == 0 ? reach : Valid(Contours.Polygons(_factory, rings.Concat(previousRings!.Select(Contours.Reversed))));
                previousRings = rings;
                double from = i == 0 ? 0 : limits[i - 1];
                var (pop, elderly, ids) = Demand(sampleSeconds, i == 0 ? -1 : from * 60, limits[i] * 60);
                var reachWgs84 = ToWgs84(reach, places);
                bands.Add(new IsochroneBand
                {
                    FromMinutes = from,
                    ToMinutes = limits[i],
                    Ring = i == 0 ? reachWgs84 : ToWgs84(ring, places), // the first band's ring is its reach
                    Reach = reachWgs84,
                    AreaKm2 = ring.Area / 1e6,
                    ReachAreaKm2 = reach.Area / 1e6,
                    Population = pop,
                    Elderly = elderly,
                    SettlementIds = ids,
                });
            }
            return new IsochroneResult
            {
                Origin = origin, FacilityId = facilityId, Profile = profile.Id, Snap = snap, Bands = bands,
                CellMetres = _region.Options.IsochroneCellMetres,
                ToleranceMetres = _region.Options.IsochroneCellMetres * Math.Sqrt(2),
                SampledPoints = field?.Evaluated ?? 0,
            };
        }
        finally
        {
            field?.Dispose();
            pool.Return(scratch);
        }
    }

    /// <summary>
    /// The time field a point origin's bands are contoured from, pruned to the live root cells as <see cref="FromPoint"/>
    /// draws it, or exhaustive (every root cell of the extent sampled): the oracle the pruning is tested against. The
    /// caller disposes it.
    /// </summary>
    internal TimeField? FieldFrom(LonLat origin, IReadOnlyList<double> minutes, WalkProfile profile, bool pruned, int threads = 1)
    {
        var limits = CheckMinutes(minutes);
        var snap = _region.Snapper.Snap(origin, _region.Options.MaxSnapMetres);
        var sources = new SourceSet();
        sources.AddPoint(snap, 0);
        var times = BoundedDijkstra.Run(_region.Graph, profile, sources, limits[^1] * 60);
        using var edges = _edges();
        return Field(edges, times, sources, _index.Value.ReachedEdges(times, sources), profile, limits, snap, pruned, threads, out _);
    }

    static double[] CheckMinutes(IReadOnlyList<double> minutes)
    {
        if (minutes.Count == 0 || minutes.Any(m => !(m > 0) || m > MaxMinutes))
            throw new AnalysisInputException($"等时圈分钟数须在 0 到 {MaxMinutes} 之间（大于 0）：{string.Join(",", minutes)}",
                $"Isochrone minutes must each be > 0 and ≤ {MaxMinutes}: got [{string.Join(", ", minutes)}]");
        return minutes.Distinct().Order().ToArray();
    }

    /// <summary>
    /// The coverage time sampled over the reached ways (and the origin) widened by what a leg may add: the snap limit,
    /// or the longest band's walk if shorter. The ways themselves are timed exactly every half cell (a place on a way
    /// snaps to itself), so a pocket reached along a way among unreached ground is refined even when the grid's
    /// corners around it snap elsewhere, and so is a pocket around an unreached way among reached ground. When
    /// <paramref name="pruned"/>, only the root cells near enough to a reached way to be timed within the last limit
    /// are sampled (<see cref="MarkLive"/>). Null when nothing is reached; <paramref name="places"/> (null then too)
    /// places the field's vertices and contours in WGS84.
    /// </summary>
    TimeField? Field(IEdgeProjection edges, TravelTimes times, SourceSet sources, List<int> reachedEdges, WalkProfile profile, double[] limits, SnapResult? snap,
        bool pruned, int threads, out VertexLonLat? places)
    {
        places = null;
        double cell = _region.Options.IsochroneCellMetres;
        var extent = new Envelope();
        foreach (var (e, a, b) in ReachedSpans(times, sources, reachedEdges, profile, limits[^1] * 60))
            AlongEdge(edges.Edge(e), e, a, b, cell * TimeField.RootCells, (x, y, _) => extent.ExpandToInclude(x, y));
        if (snap is { IsOnNetwork: true } s)
        {
            var (x, y) = _region.Projection.Forward(s.Lon, s.Lat);
            extent.ExpandToInclude(x, y);
        }
        if (extent.IsNull) return null;
        double speed = profile.SpeedMetresPerSecond;
        extent.ExpandBy(Math.Min(_region.Options.MaxSnapMetres, limits[^1] * 60 * speed) + 1);
        var ways = WaysIn(edges, extent, reachedEdges, out bool steps);
        double rate = steps ? profile.StepsTimeFactor : 1, secondsPerMetre = Math.Sqrt(rate * rate + 1) / speed;
        VertexLonLat vertices = null!;
        var field = new TimeField(extent, cell, limits.Select(m => m * 60).ToArray(), secondsPerMetre, () =>
        {
            var measured = new SegmentMetres(_region.Snapper); // one per sampling thread
            return (x, y) =>
            {
                var at = vertices.At(x, y);
                return PlaceSeconds(at.Lon, at.Lat, times, measured);
            };
        }, pruned);
        places = vertices = new VertexLonLat(_projections, field.X(1), field.Y(1), cell, field.RootsX, field.RootsY);
        if (pruned) MarkLive(edges, field, times, sources, reachedEdges, speed, limits[^1] * 60 + field.RootSlack);
        KnowWays(edges, field, times, reachedEdges, ways, cell / 2);
        field.Sample(threads);
        return field;
    }

    /// <summary>
    /// The coverage time of a place, as <see cref="AnalysisRegion.SnapPlace"/> and <see cref="TravelTimes.SecondsTo"/> give
    /// it, with the dear half of the snap (the geodesic measure and the offset along the way) skipped where the nearest way
    /// alone proves the place unreached: that way lies beyond the snap limit, or no place on it — then not the snap point
    /// itself (its offset needs no geodesic measure) — is timed within the search limit even with the shortest leg the
    /// tangent plane allows (<see cref="SnapCandidate.LowerBoundMetres"/>, <see cref="TravelTimes.EarliestOnEdge"/>,
    /// <see cref="TravelTimes.SecondsOnEdge"/>; float sums round monotonically, so the skip is exact). Most grid points
    /// beyond the last band are such places. The rest reuse the segment metres of their edge (<see cref="SegmentMetres"/>).
    /// </summary>
    internal float PlaceSeconds(double lon, double lat, TravelTimes times, SegmentMetres measured)
    {
        var snapper = _region.Snapper;
        if (!snapper.Nearest(lon, lat, out var candidate)) return float.PositiveInfinity;
        double limit = _region.Options.MaxSnapMetres;
        if (!candidate.IsOnIsland)
        {
            double leg = candidate.LowerBoundMetres;
            if (leg > Math.Max(limit, Snapper.ResolutionMetres)) return float.PositiveInfinity;
            float legSeconds = (float)(Math.Max(leg, 0) / times.Profile.SpeedMetresPerSecond);
            if (times.EarliestOnEdge(candidate.Edge) + legSeconds > times.LimitSeconds) return float.PositiveInfinity;
            if (times.SecondsOnEdge(candidate.Edge, snapper.OffsetOf(candidate, measured)) + legSeconds > times.LimitSeconds) return float.PositiveInfinity;
        }
        var place = snapper.Complete(candidate, limit, measured);
        return place.IsOnNetwork ? times.SecondsTo(place) : float.PositiveInfinity;
    }

    /// <summary>
    /// Marks live the root cells that may hold a place timed within <paramref name="seconds"/>: a place is timed through
    /// the way it snaps to, at most the snap limit away, and its time is at least that way's earliest end (0 on a
    /// source's way) plus the leg at the profile's speed, so it lies within min(snap limit, (seconds − earliest)·speed)
    /// of some reached way. Each reached way's box is widened by that much (2 % more and a metre for the projection's
    /// scale against geodesic metres); ferries take no snaps.
    /// </summary>
    void MarkLive(IEdgeProjection edges, TimeField field, TravelTimes times, SourceSet sources, List<int> reachedEdges, double speed, double seconds)
    {
        var g = _region.Graph;
        var t = times.Seconds;
        double snapLimit = _region.Options.MaxSnapMetres;
        void Mark(int e, double earliest)
        {
            if ((g.EdgeFlagsOf[e] & EdgeFlags.Ferry) != 0 || !(earliest <= seconds)) return;
            var box = edges.Edge(e).Box.Copy();
            box.ExpandBy(Math.Min(snapLimit, (seconds - earliest) * speed) * 1.02 + 1);
            field.MarkLive(box);
        }
        foreach (int e in reachedEdges) Mark(e, Math.Min(t[g.EdgeFrom[e]], t[g.EdgeTo[e]]));
        foreach (var s in sources.Edges) Mark(s.Edge, 0);
    }

    /// <summary>The ways (ferries aside) whose projected box meets the extent, ascending; whether any reached one of them
    /// is steps (slower along, so T may change faster where places snap to it; where they snap to a way not reached, T
    /// is the cap throughout).</summary>
    List<int> WaysIn(IEdgeProjection edges, Envelope extent, List<int> reachedEdges, out bool steps)
    {
        steps = false;
        var g = _region.Graph;
        var ways = edges.EdgesNear(extent);
        int w = 0;
        for (int i = 0; i < ways.Count; i++)
        {
            int e = ways[i];
            if ((g.EdgeFlagsOf[e] & EdgeFlags.Ferry) != 0 || !extent.Intersects(edges.Edge(e).Box)) continue;
            steps |= (g.EdgeFlagsOf[e] & EdgeFlags.Steps) != 0 && reachedEdges.BinarySearch(e) >= 0;
            ways[w++] = e;
        }
        ways.RemoveRange(w, ways.Count - w);
        return ways;
    }

    /// <summary>
    /// Files with the field the points of the ways at most <paramref name="step"/> apart, with their time: a place on a
    /// way snaps to it with no leg, so these are exact values of the coverage time, +∞ where not reached. A way not among
    /// the reached edges (ascending) is +∞ along its length without timing each point; a way meeting no live root cell
    /// is passed over (the field would drop its points).
    /// </summary>
    void KnowWays(IEdgeProjection edges, TimeField field, TravelTimes times, List<int> reachedEdges, List<int> ways, double step)
    {
        var g = _region.Graph;
        int edge = -1;
        Action<double, double, double> unreached = (x, y, _) => field.Know(x, y, float.PositiveInfinity);
        Action<double, double, double> reached = (x, y, offset) =>
            field.Know(x, y, times.SecondsTo(new SnapResult(SnapStatus.OnNetwork, 0, 0, edge, 0, offset, 0, 0, 0, 0, false)));
        foreach (int e in ways)
        {
            var projected = edges.Edge(e);
            if (!field.AnyLive(projected.Box)) continue;
            edge = e;
            AlongEdge(projected, e, 0, g.EdgeLength[e], step, reachedEdges.BinarySearch(e) < 0 ? unreached : reached);
        }
    }

    /// <summary>
    /// The stretches of ways reached within the limit as (edge, from, to) metres along it: every edge from its reached
    /// ends (in allowed directions) and from sources on it, cut at the exact remaining time. Ferries are crossed, not walked along.
    /// Only the edges at reached nodes are looked at (<see cref="ReachIndex.ReachedEdges"/>): no other has a reached end.
    /// </summary>
    List<(int Edge, double A, double B)> ReachedSpans(TravelTimes times, SourceSet sources, List<int> reachedEdges, WalkProfile profile, double limit)
    {
        var g = _region.Graph;
        var result = new List<(int, double, double)>();
        var seconds = times.Seconds;
        double perMetre = 1 / profile.SpeedMetresPerSecond;
        Span<(double A, double B)> spans = stackalloc (double, double)[8];
        foreach (int e in reachedEdges)
        {
            var flags = g.EdgeFlagsOf[e];
            if ((flags & EdgeFlags.Ferry) != 0) continue;
            int u = g.EdgeFrom[e], v = g.EdgeTo[e];
            bool fromU = seconds[u] <= limit, fromV = seconds[v] <= limit;
            if (!fromU && !fromV) continue;
            double length = g.EdgeLength[e], rate = perMetre * ((flags & EdgeFlags.Steps) != 0 ? profile.StepsTimeFactor : 1);
            int n = 0;
            if (fromU) spans[n++] = (0, (flags & EdgeFlags.Forward) != 0 ? (limit - seconds[u]) / rate : 0);
            if (fromV) spans[n++] = ((flags & EdgeFlags.Backward) != 0 ? length - (limit - seconds[v]) / rate : length, length);
            AddSpans(result, e, spans[..n], length);
        }
        foreach (var s in sources.Edges)
        {
            int e = s.Edge;
            var flags = g.EdgeFlagsOf[e];
            double length = g.EdgeLength[e], rate = perMetre * ((flags & EdgeFlags.Steps) != 0 ? profile.StepsTimeFactor : 1);
            double leftA = limit - s.LegAtFrom * perMetre, leftB = limit - s.LegAtTo * perMetre;
            if (leftA < 0 && leftB < 0) continue;
            double a = s.FromOffset - ((flags & EdgeFlags.Backward) != 0 && leftA > 0 ? leftA / rate : 0);
            double b = s.ToOffset + ((flags & EdgeFlags.Forward) != 0 && leftB > 0 ? leftB / rate : 0);
            AddSpans(result, e, [(a, b)], length);
        }
        return result;
    }

    /// <summary>Adds the union of the reached spans of edge e (clamped, merged).</summary>
    static void AddSpans(List<(int, double, double)> result, int e, ReadOnlySpan<(double A, double B)> spans, double length)
    {
        var arr = spans.ToArray();
        for (int i = 0; i < arr.Length; i++) arr[i] = (Math.Clamp(arr[i].A, 0, length), Math.Clamp(arr[i].B, 0, length));
        Array.Sort(arr);
        double curA = arr[0].A, curB = arr[0].B;
        for (int i = 1; i <= arr.Length; i++)
        {
            if (i < arr.Length && arr[i].A <= curB) { curB = Math.Max(curB, arr[i].B); continue; }
            result.Add((e, curA, curB));
            if (i < arr.Length) (curA, curB) = arr[i];
        }
    }

    /// <summary>
    /// Points of edge e from a to b metres along it, at most <paramref name="step"/> apart (ends included), in projected
    /// coordinates, each with its offset in the graph's metres.
    /// </summary>
    void AlongEdge(ProjectedEdge p, int e, double a, double b, double step, Action<double, double, double> visit)
    {
        double length = Math.Max(_region.Graph.EdgeLength[e], 1e-9), total = p.Length;
        ReadOnlySpan<double> xs = p.X, ys = p.Y, alongs = p.Along;
        int n = Math.Max(1, (int)Math.Ceiling((b - a) / step)), last = xs.Length - 1, i = 1;
        double px = xs[0], py = ys[0], along = 0;
        for (int k = 0; k <= n; k++)
        {
            double offset = a + (b - a) * k / n, target = offset / length * total;
            double qx = 0, qy = 0, next = 0;
            for (; i <= last; i++)
            {
                qx = xs[i]; qy = ys[i];
                next = alongs[i];
                if (next >= target || i == last) break;
                px = qx; py = qy; along = next;
            }
            double t = next > along ? Math.Clamp((target - along) / (next - along), 0, 1) : 0;
            visit(px + (qx - px) * t, py + (qy - py) * t, offset);
        }
    }

    /// <summary>
    /// The reached settlement samples and their coverage time, ascending by sample: those snapped onto the reached
    /// edges (a sample on any other edge is unreached), so a province's millions of samples are not each timed.
    /// </summary>
    List<(int Sample, float Seconds)> SampleSeconds(TravelTimes times, List<int> reachedEdges)
    {
        var snaps = _region.SampleSnaps;
        var result = new List<(int, float)>();
        foreach (int e in reachedEdges)
            foreach (int k in _index.Value.SamplesOn(e))
            {
                float t = times.SecondsTo(snaps[k]);
                if (float.IsFinite(t)) result.Add((k, t));
            }
        result.Sort();
        return result;
    }

    /// <summary>
    /// People and settlements of the band (from, to]: each reached sample's share of its settlement's own people, and
    /// the settlements whose best-served sample falls in the band (unreached samples are never the best), in settlement order.
    /// </summary>
    (double Population, double Elderly, IReadOnlyList<string> Ids) Demand(List<(int Sample, float Seconds)> sampleSeconds, double fromSeconds, double toSeconds)
    {
        double pop = 0, elderly = 0;
        var ids = new List<string>();
        var settlementOf = _index.Value.SampleSettlement;
        for (int i = 0; i < sampleSeconds.Count;)
        {
            int s = settlementOf[sampleSeconds[i].Sample];
            double share = _region.SampleShareOf(s);
            float best = float.PositiveInfinity;
            for (; i < sampleSeconds.Count && settlementOf[sampleSeconds[i].Sample] == s; i++)
            {
                var (k, t) = sampleSeconds[i];
                best = Math.Min(best, t);
                if (t > fromSeconds && t <= toSeconds)
                {
                    pop += share * _villages.OwnPopulation(s);
                    elderly += share * _villages.OwnElderly(s);
                }
            }
            if (best > fromSeconds && best <= toSeconds) ids.Add(_region.Settlements[s].Id);
        }
        return (pop, elderly, ids);
    }

    static Geometry ToWgs84(Geometry projected, VertexLonLat? places) =>
        projected.IsEmpty || places is null ? new GeometryFactory(new PrecisionModel(), 4326).CreatePolygon() : Valid(places.Inverse(projected));

    static Geometry Valid(Geometry g) => g.IsValid ? g : GeometryFixer.Fix(g);
}
