using System.Collections.Concurrent;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Core.Seeds;
using Coverage.Network.Graph;
using Coverage.Network.Search;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coverage.Analysis.Region;

/// <summary>
/// Everything an analysis reads, joined to the network once: the graph and its snapper, the seed catalogue, the
/// facilities (each snapped, or its trail seeded, once) and the settlements' demand samples (each snapped once).
/// Places that cannot join the network are listed in <see cref="SnapIssues"/> with their distances. Immutable.
/// </summary>
public sealed class AnalysisRegion
{
    readonly SourceSet?[] _lineSeeds;
    /// <summary>Trails that join the network nowhere: their first point's metres to the nearest way (what their snap issue says).</summary>
    readonly Dictionary<int, double> _trailsOff = [];
    /// <summary>Some settlements were sampled at building points: a later version cannot take their samples over.</summary>
    internal bool BuiltWithBuildings { get; }
    readonly Dictionary<string, int> _facilityIndex = new(StringComparer.Ordinal);
    /// <summary>Facilities by envelope, for presence circles; built on first use (on a province ~0.5 s that a restart need not wait for).</summary>
    readonly Lazy<STRtree<int>> _facilityTree;
    readonly Lazy<(int[] Of, (string Category, string? Kind)[] Pairs)> _facilityKinds;
    readonly Lazy<Dictionary<string, int>> _settlementIndex;
    readonly Lazy<int[]> _settlementParents;
    readonly Lazy<(int[] Of, string[] Names)> _towns;

    /// <param name="previous">The previous plan version's region on the same graph and snapper, if any: a settlement it holds
    /// unchanged keeps its samples and snaps from there (see <see cref="FromPrevious"/>); the result is the same.</param>
    /// <param name="placesCache">Where samples, snaps and facility joins are kept on disk (see <see cref="PlacesCache"/>): read when
    /// there is no previous version to take samples from, and written afresh unless every place was read; the result is the same.</param>
    public AnalysisRegion(WalkGraph graph, SeedCatalog seeds, IEnumerable<Facility> facilities, IEnumerable<Settlement> settlements,
        AnalysisOptions? options = null, IReadOnlyDictionary<string, IReadOnlyList<LonLat>>? buildingsBySettlement = null,
        Snapper? snapper = null, AnalysisRegion? previous = null, PlacesCache? placesCache = null)
    {
        Graph = graph;
        Seeds = seeds;
        Options = options ?? AnalysisOptions.Default;
        Snapper = snapper ?? new Snapper(graph);
        Facilities = facilities.ToArray();
        Settlements = settlements.ToArray();
        Projection = ProjectionFor(graph, Settlements);
        var issues = new List<SnapIssue>();
        var notes = new List<AnalysisNote>();

        FacilitySnaps = new SnapResult[Facilities.Count];
        FacilityUsable = new bool[Facilities.Count];
        _lineSeeds = new SourceSet?[Facilities.Count];
        var firstOfId = new bool[Facilities.Count];
        for (int i = 0; i < Facilities.Count; i++)
        {
            var f = Facilities[i];
            if (_facilityIndex.TryAdd(f.Id, i)) firstOfId[i] = true;
            else notes.Add(AnalysisNote.Warning("duplicate-facility", $"设施编号 {f.Id} 重复，仅用第一条", $"Facility id {f.Id} appears twice; the first is used"));
        }
        BuiltWithBuildings = buildingsBySettlement is { Count: > 0 };
        var (earlier, reused) = FromPrevious(previous, buildingsBySettlement) ?? default;
        SettlementsTakenOver = reused?.Count(p => p >= 0) ?? 0;
        // Every settlement taken over at its own place: the same samples and snaps, slot for slot, as the previous version.
        SamplesToken = reused is not null && IsIdentity(reused, previous!.Settlements.Count) ? previous.SamplesToken : new object();
        byte[]? cacheKey = null;
        UInt128[]? geometryHashes = null, facilityHashes = null;
        FacilityJoin?[]? cachedJoins = null;
        string? cacheWarning = null;
        if (earlier is null && placesCache is not null && !BuiltWithBuildings)
        {
            cacheKey = PlacesCache.KeyOf(Graph, Snapper, Projection, Options);
            geometryHashes = PlacesCache.GeometryHashes(Settlements.Select(st => st.Geometry).ToArray(), Threads);
            facilityHashes = PlacesCache.GeometryHashes(Facilities.Select(f => f.Geometry).ToArray(), Threads);
            var state = placesCache.TryRead(cacheKey, out var content, out var detail);
            if (state == Network.Cache.CacheFileState.Valid)
            {
                (earlier, reused) = FromCache(content!, geometryHashes);
                cachedJoins = content!.JoinsFor(facilityHashes, firstOfId);
            }
            else if (state == Network.Cache.CacheFileState.Corrupt)
                cacheWarning = $"地点采样与吸附缓存已损坏，已重新计算并重写：{placesCache.Path} / The places cache is corrupt ({detail}); sampled and joined afresh, and rewritten: {placesCache.Path}";
        }

        var joins = JoinFacilities(firstOfId, cachedJoins);
        for (int i = 0; i < Facilities.Count; i++)
        {
            if (joins[i] is not { } j) continue;
            if (IssueOf(Facilities[i], j) is { } issue) issues.Add(issue);
            if (j is { Trail: true, Usable: false }) _trailsOff[i] = j.LineOffMetres;
        }
        int facilitiesFromCache = cachedJoins?.Count(j => j is not null) ?? 0, facilitiesJoined = firstOfId.Count(first => first);
        _settlementIndex = new(() =>
        {
            var index = new Dictionary<string, int>(Settlements.Count, StringComparer.Ordinal);
            for (int s = 0; s < Settlements.Count; s++) index.TryAdd(Settlements[s].Id, s);
            return index;
        });
        _settlementParents = new(() =>
        {
            var parents = new int[Settlements.Count];
            for (int s = 0; s < parents.Length; s++)
                parents[s] = string.IsNullOrWhiteSpace(Settlements[s].ParentId) ? -1 : SettlementIndexOf(Settlements[s].ParentId!);
            return parents;
        });
        _towns = new(() =>
        {
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            var of = new int[Settlements.Count];
            for (int s = 0; s < of.Length; s++)
            {
                string town = Circles.CircleScorer.TownOf(Settlements[s]);
                if (!names.TryGetValue(town, out int t)) names.Add(town, t = names.Count);
                of[s] = t;
            }
            // Renumbered in ordinal order of the names.
            var sorted = names.Keys.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            var rank = new int[sorted.Length];
            for (int r = 0; r < sorted.Length; r++) rank[names[sorted[r]]] = r;
            for (int s = 0; s < of.Length; s++) of[s] = rank[of[s]];
            return (of, sorted);
        });
        _facilityKinds = new(() =>
        {
            var pairs = new Dictionary<(string, string?), int>();
            var of = new int[Facilities.Count];
            for (int i = 0; i < of.Length; i++)
            {
                var key = (Facilities[i].Category, Facilities[i].Kind);
                if (!pairs.TryGetValue(key, out int p)) pairs.Add(key, p = pairs.Count);
                of[i] = p;
            }
            var list = new (string, string?)[pairs.Count];
            foreach (var (key, p) in pairs) list[p] = key;
            return (of, list);
        });
        _facilityTree = new Lazy<STRtree<int>>(() =>
        {
            var tree = new STRtree<int>();
            for (int i = 0; i < Facilities.Count; i++)
                if (firstOfId[i] && !Facilities[i].Geometry.IsEmpty) tree.Insert(Facilities[i].Geometry.EnvelopeInternal, i);
            tree.Build(); // built before it is shared: queries then only read it
            return tree;
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        int readFromCache = cacheKey is not null ? reused?.Count(p => p >= 0) ?? 0 : 0;
        // Every settlement read from the cache at its own slot: its arrays are this region's as they are, not copied.
        bool adopt = cacheKey is not null && reused is not null && IsIdentity(reused, earlier!.Count);
        var samples = adopt ? null : SampleSettlements(buildingsBySettlement, earlier, reused);
        var first = adopt ? earlier!.FirstSample : new int[Settlements.Count + 1];
        SettlementUrban = new bool[Settlements.Count];
        SettlementWithoutPopulation = new bool[Settlements.Count];
        for (int s = 0; s < Settlements.Count; s++)
        {
            var st = Settlements[s];
            SettlementUrban[s] = st.Urban;
            SettlementWithoutPopulation[s] = st.Population <= 0;
            int count = samples?[s].Count ?? first[s + 1] - first[s];
            if (count == 0)
                notes.Add(AnalysisNote.Error("empty-settlement", $"居民点“{st.Name}”没有几何，无法计算", $"Settlement '{st.Name}' ({st.Id}) has no geometry and cannot be scored"));
            if (st.Population <= 0)
                notes.Add(AnalysisNote.Warning("no-population", $"居民点“{st.Name}”没有人口数据，覆盖状态照常计算，人口权重为 0",
                    $"Settlement '{st.Name}' ({st.Id}) has no population: its status is still reported, with zero weight"));
            first[s + 1] = first[s] + count;
        }
        SettlementFirstSample = first;
        // As held from here on (SamplePositions): every sample is snapped, timed and cached at these positions.
        SampleLonLat = samples is null ? earlier!.Samples : SamplePositions.Of(samples, first);
        SampleSettlement = SampleLonLat.Settlement;
        SampleSnaps = adopt ? earlier!.Snaps : SnapSamples(earlier, reused);
        SettlementOnNetwork = new bool[Settlements.Count];
        var settlementIssues = new SnapIssue?[Settlements.Count];
        // Each settlement writes only its own slots, so in parallel; its issue lines are then added in settlement order.
        int failed = InParallel(Settlements.Count, SettlementsPerChunk * 16, () => 0, (_, s) => settlementIssues[s] = JoinIssueOf(s));
        for (int s = failed; s < Settlements.Count; s++) settlementIssues[s] = JoinIssueOf(s);
        foreach (var issue in settlementIssues) if (issue is not null) issues.Add(issue);
        SnapIssues = issues;
        Notes = notes;
        if (cacheKey is not null)
            PlacesCacheUse = KeepPlaces(placesCache!, cacheKey, geometryHashes!, facilityHashes!, readFromCache, facilitiesFromCache, facilitiesJoined, cacheWarning);
    }

    /// <summary>
    /// Records whether any sample of settlement s joined, and returns its one snap
    /// issue line (null when every sample joined the main network). Left out only when no sample joined (then the nearest
    /// sample says how far the village is); a village with some samples beyond the limit is scored, those parts counting as
    /// not covered.
    /// </summary>
    SnapIssue? JoinIssueOf(int s)
    {
        int a = SettlementFirstSample[s], b = SettlementFirstSample[s + 1];
        int off = 0, farthestAt = a, nearestAt = a; SnapIssueReason? worst = null; bool island = false;
        for (int k = a; k < b; k++)
        {
            var snap = SampleSnaps[k];
            if (snap.IsOnNetwork) SettlementOnNetwork[s] = true;
            var reason = SnapIssue.ReasonOf(snap.Status, SampleOnIsland(k));
            if (reason == SnapIssueReason.Island) island = true;
            else if (reason is not null)
            {
                off++;
                worst = reason;
                if (snap.DistanceMetres >= SampleSnaps[farthestAt].DistanceMetres || off == 1) farthestAt = k;
                if (snap.DistanceMetres <= SampleSnaps[nearestAt].DistanceMetres || off == 1) nearestAt = k;
            }
        }
        var st = Settlements[s];
        if (worst is { } w)
        {
            bool all = !SettlementOnNetwork[s];
            int at = all ? nearestAt : farthestAt;
            var reason = all ? w : SnapIssueReason.PartlyTooFar;
            var p = SampleLonLat[at];
            return new SnapIssue(PlaceKind.Settlement, st.Id, st.Name, st.Town, reason, p.Lon, p.Lat,
                SampleSnaps[at].DistanceMetres, off, b - a);
        }
        if (!island || b == a) return null;
        var first = SampleLonLat[a];
        return new SnapIssue(PlaceKind.Settlement, st.Id, st.Name, st.Town, SnapIssueReason.Island, first.Lon, first.Lat, 0);
    }

    /// <summary>What this region did with the places cache it was given (null when it was given none, or sampled from the previous version).</summary>
    public PlacesCacheUse? PlacesCacheUse { get; }

    /// <summary>
    /// Writes the places cache afresh unless every settlement and every facility was read from it: a server that restarts on
    /// this plan then reads them all. A file that cannot be written is reported, not thrown; the region stands as built.
    /// </summary>
    PlacesCacheUse KeepPlaces(PlacesCache cache, byte[] key, UInt128[] geometryHashes, UInt128[] facilityHashes, int read,
        int facilitiesRead, int facilitiesJoined, string? warning)
    {
        bool complete = read == Settlements.Count && facilitiesRead == facilitiesJoined && Settlements.Count + facilitiesJoined > 0;
        if (complete) return new PlacesCacheUse(cache.Path, read, facilitiesRead, false, warning);
        try
        {
            cache.Write(key, PlacesCache.ContentOf(this, geometryHashes, facilityHashes));
            return new PlacesCacheUse(cache.Path, read, facilitiesRead, true, warning);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var failed = $"无法写入地点采样与吸附缓存：{cache.Path} / Could not write the places cache {cache.Path} ({e.Message}); the region is used without it.";
            return new PlacesCacheUse(cache.Path, read, facilitiesRead, false, warning is null ? failed : warning + " " + failed);
        }
    }

    /// <summary>How facility i joined the network, as <see cref="Join"/> gave it; null for a repeated id (not joined).</summary>
    internal FacilityJoin? JoinOf(int i) =>
        _facilityIndex.TryGetValue(Facilities[i].Id, out int first) && first == i
            ? new FacilityJoin(FacilityUsable[i], FacilitySnaps[i], _lineSeeds[i], _trailsOff.GetValueOrDefault(i),
                Facilities[i].Geometry is LineString or MultiLineString)
            : null;

    public WalkGraph Graph { get; }
    public Snapper Snapper { get; }
    public SeedCatalog Seeds { get; }
    public AnalysisOptions Options { get; }
    /// <summary>Local metric CRS (Gauss–Krüger in China, else UTM) for grids, buffers and areas.</summary>
    public LocalProjection Projection { get; }

    public IReadOnlyList<Facility> Facilities { get; }
    /// <summary>Snap of each point facility (default for lines).</summary>
    public SnapResult[] FacilitySnaps { get; }
    /// <summary>Facility joined the network (point snapped, or some of its line near a way) and its id is unique.</summary>
    public bool[] FacilityUsable { get; }

    public IReadOnlyList<Settlement> Settlements { get; }
    /// <summary>Samples of settlement s are SettlementFirstSample[s] .. SettlementFirstSample[s+1]-1.</summary>
    public int[] SettlementFirstSample { get; }
    /// <summary>
    /// Position of each sample as held (<see cref="SamplePositions"/>: a point settlement's exactly, a polygon's other samples
    /// as float offsets from its first, 8 bytes a sample); every sample is snapped and timed at this position.
    /// </summary>
    public SamplePositions SampleLonLat { get; }
    /// <summary>The settlement of each sample (read from <see cref="SettlementFirstSample"/>, not held per sample).</summary>
    public SampleSettlements SampleSettlement { get; }
    /// <summary>
    /// Share of its demand each sample of settlement s carries: equal shares, 1 / its sample count (they sum to 1 over
    /// the settlement). Computed, not held per sample: the same double a per-sample array held, without its 35 MB on a
    /// province's 4.4 M samples.
    /// </summary>
    public double SampleShareOf(int s) => 1.0 / (SettlementFirstSample[s + 1] - SettlementFirstSample[s]);
    /// <summary>
    /// What timing reads of each sample's snap (<see cref="SampleSnap"/>: 16 bytes, not the 64 of a full snap: 212 MB less
    /// on a province's 4.4 M samples). The full snap of one sample is <see cref="FullSampleSnap"/>.
    /// </summary>
    public SampleSnap[] SampleSnaps { get; }

    /// <summary>
    /// Sample k's full snap (joining point, segment, double offset), snapped again as every sample was
    /// (<see cref="SnapPlace"/>; the snapper is deterministic): for a route drawn to it or a source placed at it.
    /// </summary>
    public SnapResult FullSampleSnap(int k)
    {
        var p = SampleLonLat[k];
        return SnapPlace(p.Lon, p.Lat);
    }

    /// <summary>Connected component of sample k's nearest edge (as <see cref="SnapResult.Component"/>), or -1 when there is none.</summary>
    public int SampleComponent(int k) => SampleSnaps[k].Edge is int e and >= 0 ? Graph.NodeComponent[Graph.EdgeFrom[e]] : -1;

    /// <summary>Sample k's nearest edge is on an island (as <see cref="SnapResult.IsOnIsland"/>).</summary>
    public bool SampleOnIsland(int k) => SampleComponent(k) is int c and >= 0 && Snapper.IsIsland(c);
    /// <summary>At least one sample of the settlement joined the network.</summary>
    public bool[] SettlementOnNetwork { get; }

    /// <summary>
    /// Per settlement, <see cref="Settlement.Urban"/> and whether it has no population figure (≤ 0): what every circle's
    /// scoring and equity read per row, held as flags in settlement order rather than read from settlement objects spread
    /// over the heap (on a province 1.3 M reads per evaluation, most of them cache misses).
    /// </summary>
    public bool[] SettlementUrban { get; }

    /// <inheritdoc cref="SettlementUrban"/>
    public bool[] SettlementWithoutPopulation { get; }
    public int SampleCount => SampleLonLat.Count;
    /// <summary>Settlements whose samples and snaps were taken from the previous plan version unchanged (see the constructor).</summary>
    public int SettlementsTakenOver { get; }

    /// <summary>
    /// Equal (the same object) for two regions exactly when their samples and snaps are the same, slot for slot: a region
    /// that took every settlement over from the previous version at its own index shares that version's token. A token, not a
    /// reference to the previous region, so nothing keeps an old version's arrays alive.
    /// </summary>
    public object SamplesToken { get; }

    /// <summary>Places that did not join the main network cleanly (one line per settlement or facility).</summary>
    public IReadOnlyList<SnapIssue> SnapIssues { get; }
    /// <summary>Input remarks: duplicate ids, settlements without population or geometry.</summary>
    public IReadOnlyList<AnalysisNote> Notes { get; }

    /// <summary>
    /// Where a place where people live joins the network: as each settlement sample is snapped (the main network
    /// preferred, up to <see cref="AnalysisOptions.MaxSnapMetres"/>). Isochrones snap every point they draw this way.
    /// </summary>
    public SnapResult SnapPlace(double lon, double lat) => Snapper.Snap(lon, lat, Options.MaxSnapMetres);

    public int FacilityIndexOf(string id) => _facilityIndex.TryGetValue(id, out int i) ? i : -1;

    /// <summary>Whether facility i is a source under the options' counted statuses.</summary>
    public bool IsCounted(int i) => FacilityUsable[i] && Options.CountedStatuses.Contains(Facilities[i].Status);

    /// <summary>
    /// The counted facilities of a category group, ascending: a group's search sources, in the order they are added. The group
    /// is matched once per distinct (category, kind) of the region's facilities (a province has 151 k facilities of a few dozen),
    /// not once per facility.
    /// </summary>
    public List<int> CountedFacilities(Circles.CategoryGroup group)
    {
        var matches = FacilitiesWhere(group.Matches);
        var counted = new List<int>();
        for (int i = 0; i < matches.Length; i++)
            if (matches[i] && IsCounted(i)) counted.Add(i);
        return counted;
    }

    /// <summary>Per facility: does its category and kind pass <paramref name="test"/>, run once per distinct pair of them.</summary>
    internal bool[] FacilitiesWhere(Func<string, string?, bool> test)
    {
        var (of, pairs) = _facilityKinds.Value;
        var passes = new bool[pairs.Length];
        for (int p = 0; p < pairs.Length; p++) passes[p] = test(pairs[p].Category, pairs[p].Kind);
        var result = new bool[of.Length];
        for (int i = 0; i < of.Length; i++) result[i] = passes[of[i]];
        return result;
    }

    /// <summary>Adds facility i (a point or a trail) to a source set under source index <paramref name="source"/>.</summary>
    public void AddSources(SourceSet set, int facility, int source)
    {
        if (_lineSeeds[facility] is { } line) CopySeeds(line, set, source);
        else set.AddPoint(FacilitySnaps[facility], source);
    }

    /// <summary>Joins a facility that is not part of the region (a what-if addition) to a source set.</summary>
    public SnapIssue? AddSources(SourceSet set, Facility facility, int source)
    {
        var join = Join(facility.Geometry);
        var issue = IssueOf(facility, join);
        if (!join.Usable) return issue;
        if (join.Line is not null) CopySeeds(join.Line, set, source);
        else set.AddPoint(join.Snap, source);
        return issue;
    }

    /// <summary>Counted facilities whose geometry touches the polygon (presence circles).</summary>
    public IEnumerable<int> FacilitiesInside(Geometry polygon)
    {
        var area = new AreaTouch(polygon);
        foreach (int i in _facilityTree.Value.Query(polygon.EnvelopeInternal))
            if (IsCounted(i) && area.Touches(Facilities[i].Geometry)) yield return i;
    }

    /// <summary>
    /// Index of the settlement with this id (the first, should an id repeat), -1 for none: built once per region, where every
    /// village hierarchy and circle's settlement set built its own dictionary of a province's ~180 k ids.
    /// </summary>
    public int SettlementIndexOf(string id) => _settlementIndex.Value.GetValueOrDefault(id, -1);

    /// <summary>
    /// Per settlement with a parent id (a natural village's 行政村), the index of the settlement with that id
    /// (<see cref="SettlementIndexOf"/>); -1 for none or no parent id. Built once per region, for every village hierarchy.
    /// </summary>
    public int[] SettlementParents => _settlementParents.Value;

    /// <summary>Whether two settlements share an id (then <see cref="SettlementIndexOf"/> names the first).</summary>
    public bool SettlementIdsRepeat => _settlementIndex.Value.Count < Settlements.Count;

    /// <summary>
    /// The towns of the settlements as <see cref="Circles.CircleScorer.TownOf(Settlement)"/> names them, in ordinal order, and
    /// each settlement's index into them: once per region, where each circle's settlement set looked its names up again.
    /// </summary>
    internal (int[] Of, string[] Names) SettlementTowns => _towns.Value;

    /// <summary>
    /// The first counted facility <paramref name="where"/> accepts inside the polygon, or -1: the cheap tests run before the
    /// geometric one, which on a province is most of a presence circle's time, and the caller's (an array's bool, which most
    /// facilities of other categories fail) before the status set.
    /// </summary>
    public int FirstFacilityInside(Geometry polygon, Func<int, bool> where)
    {
        AreaTouch? area = null;
        foreach (int i in _facilityTree.Value.Query(polygon.EnvelopeInternal))
            if (where(i) && IsCounted(i) && (area ??= new AreaTouch(polygon)).Touches(Facilities[i].Geometry)) return i;
        return -1;
    }

    /// <summary>Settlements per work item when sampling in parallel (a polygon takes tens of microseconds).</summary>
    const int SettlementsPerChunk = 64;
    /// <summary>Samples per work item when snapping in parallel (a snap takes about a microsecond).</summary>
    const int SamplesPerChunk = 4096;

    ParallelOptions Threads => new() { MaxDegreeOfParallelism = Options.Parallelism ?? -1 };

    /// <summary>
    /// The demand samples of every settlement, in parallel over settlements, each thread with its own sampler and
    /// projection (see <see cref="LocalProjection.Copy"/>): each settlement's list lands in its own slot, so the
    /// result is the sequential one. A settlement whose sampling throws is sampled again in line, so the same
    /// exception as a sequential pass surfaces, from the first such settlement.
    /// </summary>
    List<LonLat>[] SampleSettlements(IReadOnlyDictionary<string, IReadOnlyList<LonLat>>? buildings, EarlierPlaces? earlier, int[]? reused)
    {
        var samples = new List<LonLat>[Settlements.Count];
        List<LonLat> Sample(SettlementSampler sampler, int s) => reused?[s] is >= 0 and var p
            ? earlier!.Samples.OfSettlement(p)
            : sampler.Samples(Settlements[s], buildings?.GetValueOrDefault(Settlements[s].Id));
        int failed = InParallel(Settlements.Count, SettlementsPerChunk, () => new SettlementSampler(Projection.Copy(), Options),
            (sampler, s) => samples[s] = Sample(sampler, s));
        var inLine = new SettlementSampler(Projection, Options);
        for (int s = failed; s < Settlements.Count; s++) samples[s] = Sample(inLine, s);
        return samples;
    }

    /// <summary>Facilities per work item when joining in parallel (a point takes a snap, a trail one per vertex).</summary>
    const int FacilitiesPerChunk = 256;

    /// <summary>
    /// Joins the first facility of each id to the network (its snap, or its trail's seeds, in its own slot), in parallel
    /// over facilities, or takes the join the places cache holds for its geometry (<paramref name="cached"/>); a facility
    /// whose join throws is joined again in line with the rest after it, so the exception is the sequential one. Returns
    /// each facility's join (null for a repeated id).
    /// </summary>
    FacilityJoin?[] JoinFacilities(bool[] join, FacilityJoin?[]? cached)
    {
        var joins = new FacilityJoin?[Facilities.Count];
        void JoinOne(int i)
        {
            if (!join[i]) return;
            var j = joins[i] = cached?[i] ?? Join(Facilities[i].Geometry);
            (FacilityUsable[i], FacilitySnaps[i], _lineSeeds[i]) = (j.Usable, j.Snap, j.Line);
        }
        int failed = InParallel(Facilities.Count, FacilitiesPerChunk, () => 0, (_, i) => JoinOne(i));
        for (int i = failed; i < Facilities.Count; i++) JoinOne(i);
        return joins;
    }

    /// <summary>Segments a snapping thread keeps measured (<see cref="SegmentMetres"/>): about 1 MB, a few thousand edges.</summary>
    const int MeasuredSegmentsPerThread = 1 << 16;

    /// <summary>
    /// Every sample snapped as <see cref="SnapPlace"/> does, in parallel over samples (the snapper is shared and read-only),
    /// each thread keeping the segment metres of the edges it has landed on (the same snaps, bit for bit, with less trigonometry).
    /// The memos are handed on from one worker to the next: the loop's workers end and start afresh every fraction of a
    /// second, and a memo started empty each time grew its arrays again (a seventh of the stage's time, in copies and page faults).
    /// </summary>
    SampleSnap[] SnapSamples(EarlierPlaces? earlier, int[]? reused)
    {
        var snaps = new SampleSnap[SampleLonLat.Count];
        var fresh = CopyReusedSnaps(snaps, earlier, reused);
        var memos = new ConcurrentBag<SegmentMetres>();
        int failed = InParallel(snaps.Length, SamplesPerChunk, () => memos.TryTake(out var memo) ? memo : new SegmentMetres(Snapper, MeasuredSegmentsPerThread),
            (measured, k) =>
            {
                if (fresh?[k] == false) return;
                var p = SampleLonLat[k]; // read once: a position is its settlement's anchor plus the sample's offset
                snaps[k] = SampleSnap.Of(Snapper.Snap(p.Lon, p.Lat, Options.MaxSnapMetres, measured));
            }, memos.Add);
        for (int k = failed; k < snaps.Length; k++)
            if (fresh?[k] != false) snaps[k] = SampleSnap.Of(FullSampleSnap(k));
        return snaps;
    }

    /// <summary>Samples and snaps of settlements from an earlier build (the previous plan version, or the places cache), as laid out there.</summary>
    sealed record EarlierPlaces(int[] FirstSample, SamplePositions Samples, SampleSnap[] Snaps)
    {
        public int Count => FirstSample.Length - 1;
    }

    /// <summary>
    /// The previous plan version's samples, and for each settlement its index there when it can be taken over, else -1; null
    /// when none can (no previous version, or it was built on another graph, snapper or projection, or with other sampling
    /// options, or either has building points). A settlement is taken over when the previous version has one of the same id
    /// whose geometry is exactly the same, coordinate for coordinate: its samples are then what sampling would give again (they
    /// depend only on the geometry, the projection and the options) and so are their snaps (the same points on the same graph).
    /// On a province a plan edit is mostly a facility: without this, every edit sampled and snapped all 4.4 M samples again.
    /// </summary>
    (EarlierPlaces, int[])? FromPrevious(AnalysisRegion? previous, IReadOnlyDictionary<string, IReadOnlyList<LonLat>>? buildings)
    {
        if (previous is null || buildings is { Count: > 0 } || previous.BuiltWithBuildings || !ReferenceEquals(previous.Graph, Graph)
            || !ReferenceEquals(previous.Snapper, Snapper) || previous.Projection.Wkt != Projection.Wkt || !SamplesAlike(previous.Options, Options))
            return null;
        var byId = new Dictionary<string, int>(previous.Settlements.Count, StringComparer.Ordinal);
        for (int p = 0; p < previous.Settlements.Count; p++) byId.TryAdd(previous.Settlements[p].Id, p);
        var reused = new int[Settlements.Count];
        for (int s = 0; s < reused.Length; s++)
            reused[s] = byId.TryGetValue(Settlements[s].Id, out int p) && previous.Settlements[p].Geometry.EqualsExact(Settlements[s].Geometry) ? p : -1;
        return (new EarlierPlaces(previous.SettlementFirstSample, previous.SampleLonLat, previous.SampleSnaps), reused);
    }

    /// <summary>
    /// The places cache's samples, and for each settlement the cached settlement of the same geometry hash, else -1. By geometry
    /// alone, whatever the id: the samples are the geometry's (for the inputs the cache key holds), so a renamed or repeated
    /// settlement is read too.
    /// </summary>
    static (EarlierPlaces, int[]) FromCache(PlacesCache.Content content, UInt128[] geometryHashes) =>
        (new EarlierPlaces(content.FirstSample, content.Samples, content.Snaps), PlacesCache.Match(content.GeometryHashes, geometryHashes));

    static bool IsIdentity(int[] reused, int earlierCount)
    {
        if (reused.Length != earlierCount) return false;
        for (int s = 0; s < reused.Length; s++) if (reused[s] != s) return false;
        return true;
    }

    /// <summary>The options sampling and snapping read are the same.</summary>
    static bool SamplesAlike(AnalysisOptions a, AnalysisOptions b) =>
        a.MaxSnapMetres == b.MaxSnapMetres && a.SampleSpacingMetres == b.SampleSpacingMetres && a.MinSpacingMetres == b.MinSpacingMetres
        && a.MaxSpacingMetres == b.MaxSpacingMetres && a.TargetSamplesPerPolygon == b.TargetSamplesPerPolygon;

    /// <summary>Copies the snaps of taken-over settlements' samples; returns which samples still need snapping (null: all).</summary>
    bool[]? CopyReusedSnaps(SampleSnap[] snaps, EarlierPlaces? earlier, int[]? reused)
    {
        if (reused is null) return null;
        var fresh = new bool[snaps.Length];
        for (int s = 0; s < reused.Length; s++)
        {
            int at = SettlementFirstSample[s], count = SettlementFirstSample[s + 1] - at;
            if (reused[s] is >= 0 and var p) earlier!.Snaps.AsSpan(earlier.FirstSample[p], count).CopyTo(snaps.AsSpan(at, count));
            else fresh.AsSpan(at, count).Fill(true);
        }
        return fresh;
    }

    /// <summary>
    /// Runs <paramref name="work"/> for items 0 .. count-1 in chunks over <see cref="AnalysisOptions.Parallelism"/>
    /// threads, each with a state from <paramref name="state"/>. Returns count when every item ran, else the first item
    /// that threw: every item before it ran, and the caller runs the rest in line, so the error is the sequential one.
    /// <paramref name="done"/>, when given, gets each state back as its worker ends.
    /// </summary>
    int InParallel<TState>(int count, int chunk, Func<TState> state, Action<TState, int> work, Action<TState>? done = null)
    {
        int failed = count;
        var gate = new object();
        if (count == 0) return 0;
        Parallel.ForEach(Partitioner.Create(0, count, chunk), Threads, state, (range, _, local) =>
        {
            int i = range.Item1;
            try { for (; i < range.Item2; i++) work(local, i); }
            catch (Exception) { lock (gate) failed = Math.Min(failed, i); }   // rethrown by the caller's in-line pass
            return local;
        }, local => done?.Invoke(local));
        return failed;
    }

    /// <summary>
    /// How a facility's geometry joins the network (a function of the geometry, the graph and the options alone, so the places
    /// cache can keep it): a point's snap (an area's at its interior point), or a trail's seeds (tagged source 0: they are
    /// copied under each use's own source) and, for a trail that joins nowhere, its first point's metres to the nearest way.
    /// </summary>
    internal sealed record FacilityJoin(bool Usable, SnapResult Snap, SourceSet? Line, double LineOffMetres, bool Trail);

    FacilityJoin Join(Geometry g)
    {
        if (g is LineString or MultiLineString)
        {
            var line = new SourceSet();
            int onNetwork = 0;
            for (int p = 0; p < g.NumGeometries; p++)
            {
                var coords = g.GetGeometryN(p).Coordinates.Select(c => new LonLat(c.X, c.Y)).ToArray();
                if (coords.Length > 0) onNetwork += line.AddLine(Snapper, coords, 0, new TrailOptions(MaxSnapMetres: Options.MaxSnapMetres)).OnNetwork;
            }
            if (onNetwork > 0) return new FacilityJoin(true, default, line, 0, Trail: true);
            var c0 = g.Coordinate;
            return new FacilityJoin(false, default, null, Snapper.Snap(c0.X, c0.Y, double.PositiveInfinity).DistanceMetres, Trail: true);
        }
        var at = g is Point p0 ? p0 : g.InteriorPoint;
        var snap = Snapper.Snap(at.X, at.Y, Options.MaxSnapMetres);
        return new FacilityJoin(snap.IsOnNetwork, snap, null, 0, Trail: false);
    }

    /// <summary>The facility's snap issue under its join, or null when it joined cleanly (a snap keeps the point it was asked for).</summary>
    static SnapIssue? IssueOf(Facility f, FacilityJoin join)
    {
        if (join.Trail)
        {
            if (join.Usable) return null;
            var c0 = f.Geometry.Coordinate;
            return new SnapIssue(PlaceKind.Facility, f.Id, f.Name, f.Town, SnapIssueReason.LineOffNetwork, c0.X, c0.Y, join.LineOffMetres);
        }
        return SnapIssue.ReasonOf(join.Snap) is { } reason
            ? new SnapIssue(PlaceKind.Facility, f.Id, f.Name, f.Town, reason, join.Snap.Lon, join.Snap.Lat, join.Snap.DistanceMetres)
            : null;
    }

    static void CopySeeds(SourceSet from, SourceSet to, int source)
    {
        foreach (var n in from.Nodes) to.AddNode(n.Node, source, n.LegMetres);
        foreach (var e in from.Edges) to.AddStretch(e.Edge, e.FromOffset, e.ToOffset, e.LegAtFrom, e.LegAtTo, source);
    }

    static LocalProjection ProjectionFor(WalkGraph g, IReadOnlyList<Settlement> settlements)
    {
        var env = new Envelope();
        for (int n = 0; n < g.NodeCount; n++) env.ExpandToInclude(g.NodeLon(n), g.NodeLat(n));
        if (env.IsNull) foreach (var s in settlements) env.ExpandToInclude(s.Geometry.EnvelopeInternal);
        if (env.IsNull) env = new Envelope(0, 0, 0, 0);
        return LocalProjection.ForExtent(env);
    }
}
