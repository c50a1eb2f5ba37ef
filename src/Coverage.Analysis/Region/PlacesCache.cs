using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Network.Cache;
using Coverage.Network.Graph;
using Coverage.Network.Snapping;
using NetTopologySuite.Geometries;

namespace Coverage.Analysis.Region;

/// <summary>
/// Settlement samples and their snaps, and facilities' joins to the network, kept on disk, so a region built again on the
/// same graph with the same places (a server restart) reads them instead of sampling and snapping again: on a province that
/// is 4.4 M samples and 151 k facilities, ~10 s. Place by place, much as a plan version takes settlements over from the
/// previous one: a settlement or facility is read from the cache when a cached one had exactly the same geometry (a 128-bit
/// hash of its type, structure and 2-D coordinates), whatever its id; any other is sampled or joined afresh.
/// The file is valid only for the inputs that decide every sample and snap: the graph (a hash of its arrays), the snapper's
/// options, the projection, the sampling options and the code itself (the build of the assemblies that sample and snap), so
/// a changed rule never reads an old answer. Framed as every Coverage cache (<see cref="CacheFile"/>): a stale file (other
/// inputs) is replaced, a corrupt one is reported and replaced, a file that cannot be written is reported, and the region is
/// the same with or without it.
/// </summary>
public sealed class PlacesCache(string path)
{
    /// <summary>Bump on any change to the payload layout.</summary>
    public const int FormatVersion = 2; // 2: sample positions as anchors and float offsets (SamplePositions)
    static ReadOnlySpan<byte> Magic => "COVPLACE"u8;

    public string Path { get; } = path;

    /// <summary>The places cache kept beside a graph cache file (one per graph, whichever plan is read on it).</summary>
    public static PlacesCache Beside(string graphCachePath) => new(System.IO.Path.ChangeExtension(graphCachePath, ".places"));

    /// <summary>
    /// What is kept: each settlement's geometry hash, and the samples and snaps of all, laid out as a region holds them; and
    /// each joined facility's geometry hash and join (its snap, or its trail's seeds).
    /// </summary>
    internal sealed record Content(UInt128[] GeometryHashes, int[] FirstSample, SamplePositions Samples, SampleSnap[] Snaps,
        UInt128[] FacilityHashes, AnalysisRegion.FacilityJoin[] Joins)
    {
        /// <summary>For each facility to join, the kept join of a facility of the same geometry hash, else null.</summary>
        public AnalysisRegion.FacilityJoin?[] JoinsFor(UInt128[] facilityHashes, bool[] join) =>
            Match(FacilityHashes, facilityHashes, join).Select(p => p >= 0 ? Joins[p] : null).ToArray();
    }

    /// <summary>
    /// For each hash of <paramref name="now"/> (those <paramref name="only"/> allows, when given), the index of the first kept
    /// place with that hash, else -1; <see cref="NoHash"/> matches nothing. The first, so an unchanged plan keeps its own slots.
    /// </summary>
    internal static int[] Match(UInt128[] kept, UInt128[] now, bool[]? only = null)
    {
        var byHash = new Dictionary<UInt128, int>(kept.Length);
        for (int p = 0; p < kept.Length; p++) byHash.TryAdd(kept[p], p);
        var match = new int[now.Length];
        for (int i = 0; i < now.Length; i++)
            match[i] = (only?[i] ?? true) && now[i] != NoHash && byHash.TryGetValue(now[i], out int p) ? p : -1;
        return match;
    }

    internal CacheFileState TryRead(byte[] key, out Content? content, out string detail)
    {
        if (!File.Exists(Path)) { content = null; detail = ""; return CacheFileState.Stale; }
        return CacheFile.TryRead(Path, Magic, FormatVersion, key, "Coverage places cache", ReadPayload, out content, out detail);
    }

    internal void Write(byte[] key, Content content) => CacheFile.Write(Path, Magic, FormatVersion, key, w => WritePayload(w, content));

    /// <summary>
    /// Writes a region's samples and snaps, as its constructor does when given this cache. False, and nothing written, for a
    /// region sampled at building points: its samples are not its settlements' geometry's alone. IO errors are the caller's.
    /// </summary>
    public bool Write(AnalysisRegion region, ParallelOptions? threads = null)
    {
        if (region.BuiltWithBuildings) return false;
        threads ??= new ParallelOptions();
        Write(KeyOf(region.Graph, region.Snapper, region.Projection, region.Options),
            ContentOf(region, GeometryHashes(region.Settlements.Select(s => s.Geometry).ToArray(), threads),
                GeometryHashes(region.Facilities.Select(f => f.Geometry).ToArray(), threads)));
        return true;
    }

    internal static Content ContentOf(AnalysisRegion region, UInt128[] settlementHashes, UInt128[] facilityHashes)
    {
        var hashes = new List<UInt128>();
        var joins = new List<AnalysisRegion.FacilityJoin>();
        for (int i = 0; i < region.Facilities.Count; i++)
            if (facilityHashes[i] != NoHash && region.JoinOf(i) is { } join) { hashes.Add(facilityHashes[i]); joins.Add(join); }
        return new(settlementHashes, region.SettlementFirstSample, region.SampleLonLat, region.SampleSnaps, [.. hashes], [.. joins]);
    }

    static void WritePayload(BinaryWriter w, Content c)
    {
        w.Write(c.GeometryHashes.Length);
        for (int s = 0; s < c.GeometryHashes.Length; s++)
        {
            w.Write((ulong)c.GeometryHashes[s]);
            w.Write((ulong)(c.GeometryHashes[s] >> 64));
            w.Write(c.FirstSample[s + 1] - c.FirstSample[s]);
        }
        w.Write(c.Samples.Count);
        w.Write(MemoryMarshal.AsBytes(c.Samples.Anchors.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(c.Samples.Offsets.AsSpan()));
        w.Write(MemoryMarshal.AsBytes(c.Snaps.AsSpan()));
        w.Write(c.Joins.Length);
        for (int i = 0; i < c.Joins.Length; i++)
        {
            w.Write((ulong)c.FacilityHashes[i]);
            w.Write((ulong)(c.FacilityHashes[i] >> 64));
            WriteJoin(w, c.Joins[i]);
        }
    }

    const byte PointJoin = 1, TrailJoin = 2, TrailOff = 3;

    static void WriteJoin(BinaryWriter w, AnalysisRegion.FacilityJoin j)
    {
        if (j.Line is { } line)
        {
            w.Write(TrailJoin);
            w.Write(line.Nodes.Count);
            foreach (var n in line.Nodes) { w.Write(n.Node); w.Write(n.LegMetres); }
            w.Write(line.Edges.Count);
            foreach (var e in line.Edges) { w.Write(e.Edge); w.Write(e.FromOffset); w.Write(e.ToOffset); w.Write(e.LegAtFrom); w.Write(e.LegAtTo); }
        }
        else if (j.Trail)
        {
            w.Write(TrailOff);
            w.Write(j.LineOffMetres);
        }
        else
        {
            var s = j.Snap;
            w.Write(PointJoin);
            w.Write((byte)s.Status); w.Write(s.Lon); w.Write(s.Lat); w.Write(s.Edge); w.Write(s.Segment); w.Write(s.OffsetMetres);
            w.Write(s.SnappedLon); w.Write(s.SnappedLat); w.Write(s.DistanceMetres); w.Write(s.Component); w.Write(s.IsOnIsland);
        }
    }

    static AnalysisRegion.FacilityJoin ReadJoin(BinaryReader r, long budget)
    {
        switch (r.ReadByte())
        {
            case TrailJoin:
                var line = new Network.Search.SourceSet();
                int nodes = r.ReadInt32();
                if (nodes < 0 || nodes > budget / 8) throw new InvalidDataException($"trail node count {nodes}");
                for (int k = 0; k < nodes; k++) line.AddNode(r.ReadInt32(), 0, r.ReadSingle());
                int edges = r.ReadInt32();
                if (edges < 0 || edges > budget / 20) throw new InvalidDataException($"trail stretch count {edges}");
                for (int k = 0; k < edges; k++)
                {
                    int e = r.ReadInt32();
                    float a = r.ReadSingle(), b = r.ReadSingle(), legA = r.ReadSingle(), legB = r.ReadSingle();
                    line.AddStretch(e, a, b, legA, legB, 0);
                }
                return new(true, default, line, 0, Trail: true);
            case TrailOff:
                return new(false, default, null, r.ReadDouble(), Trail: true);
            case PointJoin:
                var status = (SnapStatus)r.ReadByte();
                double lon = r.ReadDouble(), lat = r.ReadDouble();
                int edge = r.ReadInt32(), segment = r.ReadInt32();
                double offset = r.ReadDouble(), snappedLon = r.ReadDouble(), snappedLat = r.ReadDouble(), distance = r.ReadDouble();
                int component = r.ReadInt32();
                bool island = r.ReadBoolean();
                if (!Enum.IsDefined(status)) throw new InvalidDataException($"snap status {(byte)status}");
                return new(status == SnapStatus.OnNetwork, new SnapResult(status, lon, lat, edge, segment, offset, snappedLon, snappedLat, distance, component, island), null, 0, Trail: false);
            case var kind:
                throw new InvalidDataException($"facility join kind {kind}");
        }
    }

    static Content ReadPayload(BinaryReader r, long budget)
    {
        int n = r.ReadInt32();
        // Each settlement takes 20 bytes (its hash and count), each sample 32: counts beyond the payload are corrupt.
        if (n < 0 || n > budget / 36) throw new InvalidDataException($"settlement count {n} does not fit the payload"); // a hash, a count and an anchor each
        var hashes = new UInt128[n];
        var first = new int[n + 1];
        for (int s = 0; s < n; s++)
        {
            ulong lo = r.ReadUInt64(), hi = r.ReadUInt64();
            hashes[s] = new UInt128(hi, lo);
            int count = r.ReadInt32();
            if (count < 0 || first[s] + (long)count > budget / SampleBytes) throw new InvalidDataException($"sample count {count} of settlement {s} does not fit the payload");
            first[s + 1] = first[s] + count;
        }
        int total = r.ReadInt32();
        if (total != first[n]) throw new InvalidDataException($"{total} samples where the settlements list {first[n]}");
        var anchors = GC.AllocateUninitializedArray<LonLat>(n);
        var offsets = GC.AllocateUninitializedArray<float>(2 * total);
        var snaps = GC.AllocateUninitializedArray<SampleSnap>(total);
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(anchors.AsSpan()));
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(offsets.AsSpan()));
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(snaps.AsSpan()));
        int f = r.ReadInt32();
        // Each facility takes at least 25 bytes (its hash, a kind and a count or a distance).
        if (f < 0 || f > budget / 25) throw new InvalidDataException($"facility count {f} does not fit the payload");
        var facilityHashes = new UInt128[f];
        var joins = new AnalysisRegion.FacilityJoin[f];
        for (int i = 0; i < f; i++)
        {
            ulong lo = r.ReadUInt64(), hi = r.ReadUInt64();
            facilityHashes[i] = new UInt128(hi, lo);
            joins[i] = ReadJoin(r, budget);
        }
        return new Content(hashes, first, new SamplePositions(new SampleSettlements(first), anchors, offsets), snaps, facilityHashes, joins);
    }

    static int SampleBytes => 2 * sizeof(float) + Unsafe.SizeOf<SampleSnap>();

    /// <summary>
    /// The content key: SHA-256 over everything besides the settlements' geometry that decides a sample or a snap. The code is
    /// keyed by the module version ids of the assemblies that sample, project and snap (a deterministic build gives the same id
    /// for the same source), so a cache written by other code is stale, never trusted.
    /// </summary>
    internal static byte[] KeyOf(WalkGraph graph, Snapper snapper, LocalProjection projection, AnalysisOptions options)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Text(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            h.AppendData(BitConverter.GetBytes(bytes.Length));
            h.AppendData(bytes);
        }
        void Array<T>(T[] values) where T : unmanaged
        {
            h.AppendData(BitConverter.GetBytes(values.Length));
            h.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        Text($"coverage places {FormatVersion}; sample {SampleBytes} bytes, anchor {Unsafe.SizeOf<LonLat>()}");
        foreach (var assembly in new[] { typeof(PlacesCache).Assembly, typeof(Snapper).Assembly, typeof(LonLat).Assembly, typeof(Geometry).Assembly })
            Text($"{assembly.GetName().Name} {assembly.ManifestModule.ModuleVersionId}");
        Array(graph.NodeLat7); Array(graph.NodeLon7); Array(graph.NodeComponent);
        Array(graph.EdgeFrom); Array(graph.EdgeTo); Array(graph.EdgeLength); Array(graph.EdgeFlagsOf);
        Array(graph.ShapeFirst); Array(graph.ShapeLat7); Array(graph.ShapeLon7);
        var so = snapper.Options;
        Text(FormattableString.Invariant($"snap {so.IslandShareOfLargest:R} {so.IslandNodeCount} {so.IslandNodeCap} {so.MainNetworkSlackMetres:R}"));
        Text(projection.Wkt);
        Text(FormattableString.Invariant(
            $"sampling {options.MaxSnapMetres:R} {options.SampleSpacingMetres?.ToString("R") ?? "auto"} {options.MinSpacingMetres:R} {options.MaxSpacingMetres:R} {options.TargetSamplesPerPolygon}"));
        return h.GetHashAndReset();
    }

    /// <summary>
    /// The 128-bit hash of a place's geometry: SHA-256 of its type, its structure (parts, rings, coordinate counts) and every
    /// coordinate's X and Y, as <see cref="Geometry.EqualsExact(Geometry)"/> compares them (Z and M play no part in sampling).
    /// A geometry of a type it does not know hashes to <see cref="NoHash"/>, which matches nothing: that place is done afresh.
    /// </summary>
    internal static UInt128 GeometryHash(Geometry geometry) => GeometryHash(geometry, new List<double>());

    static UInt128 GeometryHash(Geometry geometry, List<double> words)
    {
        words.Clear();
        if (!Encode(geometry, words)) return NoHash;
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(words)), digest);
        var hash = new UInt128(BitConverter.ToUInt64(digest[8..]), BitConverter.ToUInt64(digest));
        return hash == NoHash ? hash + 1 : hash;
    }

    /// <summary>Type, counts and coordinates as a flat run of doubles (counts and type codes are small integers, exact as doubles).</summary>
    static bool Encode(Geometry g, List<double> words)
    {
        switch (g)
        {
            case Point p:
                words.Add(1); words.Add(p.IsEmpty ? 0 : 1);
                if (!p.IsEmpty) { words.Add(p.X); words.Add(p.Y); }
                return true;
            case LineString line: // LinearRing included, as a ring of a polygon or on its own
                words.Add(line is LinearRing ? 3 : 2);
                var seq = line.CoordinateSequence;
                words.Add(seq.Count);
                for (int i = 0; i < seq.Count; i++) { words.Add(seq.GetX(i)); words.Add(seq.GetY(i)); }
                return true;
            case Polygon polygon:
                words.Add(4); words.Add(polygon.NumInteriorRings);
                Encode(polygon.Shell, words);
                foreach (var hole in polygon.Holes) Encode(hole, words);
                return true;
            case GeometryCollection collection: // MultiPoint, MultiLineString, MultiPolygon and collections, told apart by type
                words.Add(collection switch { MultiPoint => 5, MultiLineString => 6, MultiPolygon => 7, _ => 8 });
                words.Add(collection.NumGeometries);
                for (int i = 0; i < collection.NumGeometries; i++)
                    if (!Encode(collection.GetGeometryN(i), words)) return false;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The hash of no geometry: never equal to another settlement's.</summary>
    internal static readonly UInt128 NoHash = UInt128.Zero;

    /// <summary>Geometry hashes of places, in parallel (each in its own slot).</summary>
    internal static UInt128[] GeometryHashes(Geometry[] geometries, ParallelOptions threads)
    {
        var hashes = new UInt128[geometries.Length];
        Parallel.For(0, geometries.Length, threads, () => new List<double>(), (k, _, words) =>
        {
            hashes[k] = GeometryHash(geometries[k], words);
            return words;
        }, _ => { });
        return hashes;
    }
}

/// <summary>
/// What a region did with its places cache: how many settlements and facilities it read from it, whether it wrote the file afresh, and a
/// bilingual warning when the file was corrupt or could not be written (the region is the same either way).
/// </summary>
public sealed record PlacesCacheUse(string Path, int SettlementsRead, int FacilitiesRead, bool Written, string? Warning);
