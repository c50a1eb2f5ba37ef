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
    readonly Lazy<ProjectedGraph> _projected;
    readonly GeometryFactory _factory;
    readonly VillageHierarchy _villages;

    public IsochroneBuilder(AnalysisRegion region)
    {
        _region = region;
        _villages = VillageHierarchy.Of(region.Settlements, _ => true); // a natural village's people are not counted again in its 行政村
        _projected = new Lazy<ProjectedGraph>(() => new ProjectedGraph(region.Graph, region.Projection));
        _factory = new GeometryFactory(new PrecisionModel(), region.Projection.Epsg);
    }

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
        try
        {
            scratch.Sources.Clear();
            addSources(scratch.Sources);
            var g = _region.Graph;
            BoundedDijkstra.Run(g, profile, scratch.Sources, limits[^1] * 60, scratch.Space, scratch.Times);
            var sampleSeconds = SampleSeconds(scratch.Times);
            var field = Field(scratch.Times, scratch.Sources, profile, limits, snap);
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
                bands.Add(new IsochroneBand
                {
                    FromMinutes = from,
                    ToMinutes = limits[i],
                    Ring = ToWgs84(ring),
                    Reach = ToWgs84(reach),
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
        finally { pool.Return(scratch); }
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
    /// or the longest band's walk if shorter. Null when nothing is reached.
    /// </summary>
    TimeField? Field(TravelTimes times, SourceSet sources, WalkProfile profile, double[] limits, SnapResult? snap)
    {
        var extent = new Envelope();
        foreach (var line in ReachedLines(times, sources, profile, limits[^1] * 60)) extent.ExpandToInclude(line.EnvelopeInternal);
        if (snap is { IsOnNetwork: true } s)
        {
            var (x, y) = _region.Projection.Forward(s.Lon, s.Lat);
            extent.ExpandToInclude(x, y);
        }
        if (extent.IsNull) return null;
        double speed = profile.SpeedMetresPerSecond;
        extent.ExpandBy(Math.Min(_region.Options.MaxSnapMetres, limits[^1] * 60 * speed) + 1);
        var projection = _region.Projection;
        return new TimeField(extent, _region.Options.IsochroneCellMetres, limits.Select(m => m * 60).ToArray(), speed, (x, y) =>
        {
            var at = projection.Inverse(x, y);
            var place = _region.SnapPlace(at.Lon, at.Lat);
            return place.IsOnNetwork ? times.SecondsTo(place) : float.PositiveInfinity;
        });
    }

    /// <summary>
    /// The stretches of ways reached within the limit, in projected coordinates: every edge from its reached ends (in
    /// allowed directions) and from sources on it, cut at the exact remaining time. Ferries are crossed, not walked along.
    /// </summary>
    List<Geometry> ReachedLines(TravelTimes times, SourceSet sources, WalkProfile profile, double limit)
    {
        var g = _region.Graph;
        var lines = new List<Geometry>();
        var seconds = times.Seconds;
        double perMetre = 1 / profile.SpeedMetresPerSecond;
        Span<(double A, double B)> spans = stackalloc (double, double)[8];
        for (int e = 0; e < g.EdgeCount; e++)
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
            AddPieces(lines, e, spans[..n], length);
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
            AddPieces(lines, e, [(a, b)], length);
        }
        return lines;
    }

    /// <summary>Adds the union of the reached spans of edge e (clamped, merged) as projected sub-polylines.</summary>
    void AddPieces(List<Geometry> lines, int e, ReadOnlySpan<(double A, double B)> spans, double length)
    {
        var arr = spans.ToArray();
        for (int i = 0; i < arr.Length; i++) arr[i] = (Math.Clamp(arr[i].A, 0, length), Math.Clamp(arr[i].B, 0, length));
        Array.Sort(arr);
        double curA = arr[0].A, curB = arr[0].B;
        for (int i = 1; i <= arr.Length; i++)
        {
            if (i < arr.Length && arr[i].A <= curB) { curB = Math.Max(curB, arr[i].B); continue; }
            lines.Add(Cut(e, curA / Math.Max(length, 1e-9), curB / Math.Max(length, 1e-9)));
            if (i < arr.Length) (curA, curB) = arr[i];
        }
    }

    /// <summary>The stretch of edge e between fractions f0 ≤ f1 of its length, in projected coordinates.</summary>
    LineString Cut(int e, double f0, double f1)
    {
        var g = _region.Graph;
        var p = _projected.Value;
        double total = p.EdgeProjectedLength[e], s0 = f0 * total, s1 = f1 * total;
        var coords = new List<Coordinate>();
        int first = g.ShapeFirst[e], last = g.ShapeFirst[e + 1];
        double px = p.NodeX[g.EdgeFrom[e]], py = p.NodeY[g.EdgeFrom[e]], along = 0;
        for (int i = first; i <= last; i++)
        {
            double qx = i < last ? p.ShapeX[i] : p.NodeX[g.EdgeTo[e]], qy = i < last ? p.ShapeY[i] : p.NodeY[g.EdgeTo[e]];
            double next = i < last ? p.ShapeAlong[i] : total, seg = next - along;
            if (next >= s0 && coords.Count == 0) coords.Add(Lerp(px, py, qx, qy, seg > 0 ? (s0 - along) / seg : 0));
            if (next >= s1) { coords.Add(Lerp(px, py, qx, qy, seg > 0 ? (s1 - along) / seg : 1)); break; }
            if (coords.Count > 0) coords.Add(new Coordinate(qx, qy));
            px = qx; py = qy; along = next;
        }
        if (coords.Count == 1) coords.Add(coords[0].Copy());
        return _factory.CreateLineString(coords.ToArray());
    }

    static Coordinate Lerp(double ax, double ay, double bx, double by, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new Coordinate(ax + (bx - ax) * t, ay + (by - ay) * t);
    }

    float[] SampleSeconds(TravelTimes times)
    {
        var snaps = _region.SampleSnaps;
        var result = new float[snaps.Length];
        for (int k = 0; k < snaps.Length; k++) result[k] = snaps[k].IsOnNetwork ? times.SecondsTo(snaps[k]) : float.PositiveInfinity;
        return result;
    }

    (double Population, double Elderly, IReadOnlyList<string> Ids) Demand(float[] sampleSeconds, double fromSeconds, double toSeconds)
    {
        double pop = 0, elderly = 0;
        var ids = new List<string>();
        for (int s = 0; s < _region.Settlements.Count; s++)
        {
            var st = _region.Settlements[s];
            float best = float.PositiveInfinity;
            for (int k = _region.SettlementFirstSample[s]; k < _region.SettlementFirstSample[s + 1]; k++)
            {
                float t = sampleSeconds[k];
                best = Math.Min(best, t);
                if (t > fromSeconds && t <= toSeconds)
                {
                    pop += _region.SampleShare[k] * _villages.OwnPopulation(s);
                    elderly += _region.SampleShare[k] * _villages.OwnElderly(s);
                }
            }
            if (best > fromSeconds && best <= toSeconds) ids.Add(st.Id);
        }
        return (pop, elderly, ids);
    }

    Geometry ToWgs84(Geometry projected) => projected.IsEmpty ? new GeometryFactory(new PrecisionModel(), 4326).CreatePolygon() : Valid(_region.Projection.Inverse(projected));

    static Geometry Valid(Geometry g) => g.IsValid ? g : GeometryFixer.Fix(g);
}
