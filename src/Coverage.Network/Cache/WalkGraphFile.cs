using System.Runtime.InteropServices;
using Coverage.Network.Graph;
using Coverage.Network.Osm;

namespace Coverage.Network.Cache;

/// <summary>
/// The cache file layout. Header: magic "COVWALKG", format version (int32), content key of the sources (32 bytes: the extract's SHA-256, or <see cref="NetworkSources.ContentKey"/>),
/// payload length (int64). Payload: build stats, then every graph array as int32 count + raw little-endian
/// elements, then the edge way table (way ids, name indices, int32 name count + length-prefixed UTF-8 names), then the build report
/// lines (int32 count + length-prefixed UTF-8), then the snapping index (<see cref="Snapping.SegmentGrid.WriteTo"/>). Trailer: SHA-256 of the payload. Any change to the layout or to the build rules bumps the version.
/// </summary>
internal static class WalkGraphFile
{
    public static ReadOnlySpan<byte> Magic => "COVWALKG"u8;

    public static void WritePayload(BinaryWriter w, WalkGraph g, NetworkBuildStats s, IReadOnlyList<string> report)
    {
        WriteStats(w, s);
        Write(w, g.NodeLat7); Write(w, g.NodeLon7); Write(w, g.FirstArc); Write(w, g.NodeComponent); Write(w, g.ComponentNodeCount);
        Write(w, g.ArcHead); Write(w, g.ArcEdge);
        Write(w, g.EdgeFrom); Write(w, g.EdgeTo); Write(w, g.EdgeLength); Write(w, g.EdgeFlagsOf);
        Write(w, g.ShapeFirst); Write(w, g.ShapeLat7); Write(w, g.ShapeLon7);
        Write(w, g.FerryEdges); Write(w, g.FerrySeconds);
        WriteWays(w, g.Ways);
        w.Write(report.Count);
        foreach (var line in report) w.Write(line);
        g.SegmentGrid.WriteTo(w);
    }

    /// <summary>Reads what <see cref="WritePayload"/> wrote; <paramref name="budget"/> bounds array sizes so garbage cannot allocate gigabytes.</summary>
    public static (WalkGraph Graph, NetworkBuildStats Stats, string[] Report) ReadPayload(BinaryReader r, long budget)
    {
        var stats = ReadStats(r);
        var lat = Read<int>(r, budget); var lon = Read<int>(r, budget); var firstArc = Read<int>(r, budget);
        var component = Read<int>(r, budget); var sizes = Read<int>(r, budget);
        var arcHead = Read<int>(r, budget); var arcEdge = Read<int>(r, budget);
        var from = Read<int>(r, budget); var to = Read<int>(r, budget); var length = Read<float>(r, budget); var flags = Read<EdgeFlags>(r, budget);
        var shapeFirst = Read<int>(r, budget); var shapeLat = Read<int>(r, budget); var shapeLon = Read<int>(r, budget);
        var ferryEdges = Read<int>(r, budget); var ferrySeconds = Read<float>(r, budget);
        var ways = ReadWays(r, budget);
        var report = ReadStrings(r, budget, "report lines");
        var graph = new WalkGraph(lat, lon, firstArc, arcHead, arcEdge, from, to, length, flags, shapeFirst, shapeLat, shapeLon,
            ferryEdges, ferrySeconds, component, sizes, ways);
        graph.AttachSegmentGrid(Snapping.SegmentGrid.ReadFrom(r, graph, budget));
        return (graph, stats, report);
    }

    static void WriteWays(BinaryWriter w, EdgeWays ways)
    {
        Write(w, ways.WayId); Write(w, ways.NameIndex);
        w.Write(ways.Names.Length);
        foreach (var name in ways.Names) w.Write(name);
    }

    static EdgeWays ReadWays(BinaryReader r, long budget)
    {
        var wayId = Read<long>(r, budget); var nameIndex = Read<int>(r, budget);
        return new EdgeWays(wayId, nameIndex, ReadStrings(r, budget, "way names"));
    }

    static string[] ReadStrings(BinaryReader r, long budget, string what)
    {
        int count = r.ReadInt32();
        if (count < 0 || count > budget) throw new InvalidDataException($"{count} {what} do not fit the file");
        var strings = new string[count];
        for (int i = 0; i < count; i++) strings[i] = r.ReadString();
        return strings;
    }

    internal static void Write<T>(BinaryWriter w, T[] array) where T : unmanaged
    {
        w.Write(array.Length);
        w.Write(MemoryMarshal.AsBytes(array.AsSpan()));
    }

    internal static T[] Read<T>(BinaryReader r, long budget) where T : unmanaged
    {
        int count = r.ReadInt32();
        if (count < 0 || (long)count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > budget) throw new InvalidDataException($"array of {count} elements does not fit the file");
        var array = new T[count];
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(array.AsSpan()));
        return array;
    }

    static void WriteStats(BinaryWriter w, NetworkBuildStats s)
    {
        w.Write(s.Extract); w.Write(s.Format);
        w.Write(s.OsmNodesRead); w.Write(s.WaysRead); w.Write(s.WalkableWays); w.Write(s.MissingNodeRefs);
        w.Write(s.GraphNodes); w.Write(s.Edges); w.Write(s.Arcs); w.Write(s.FerryEdges); w.Write(s.WalkableKm);
        w.Write(s.Components); w.Write(s.LargestComponentShare); w.Write(s.SmallIslands); w.Write(s.SmallIslandNodeCount);
        w.Write(s.BuildTime.Ticks); w.Write(s.TopologyBytes); w.Write(s.ShapeBytes); w.Write(s.ManagedPeakBytes);
        w.Write(s.RoadRules); w.Write(s.ElevatedWaysDropped);
    }

    static NetworkBuildStats ReadStats(BinaryReader r) => new(
        r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(),
        r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadDouble(),
        r.ReadInt32(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32(),
        TimeSpan.FromTicks(r.ReadInt64()), r.ReadInt64(), r.ReadInt64(), r.ReadInt64())
        { RoadRules = r.ReadString(), ElevatedWaysDropped = r.ReadInt64() };
}
