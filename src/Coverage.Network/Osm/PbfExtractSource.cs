using System.Text;
using OsmSharp.IO.PBF;

namespace Coverage.Network.Osm;

/// <summary>
/// Streams an .osm.pbf block by block with OsmSharp's <see cref="PBFReader"/>, reading dense nodes and ways straight
/// from the decoded primitive blocks: no OsmGeo object per element, strings decoded once per block and only when needed.
/// </summary>
internal static class PbfExtractSource
{
    public static void Read(Stream stream, ExtractCollector sink, Action? blockDone)
    {
        var reader = new PBFReader(stream);
        var refs = new long[1024];
        string?[] strings = new string?[4096];
        PrimitiveBlock? block;
        while ((block = reader.MoveNext()) != null)
        {
            var table = block.stringtable?.s;
            int tableCount = table?.Count ?? 0;
            if (strings.Length < tableCount) strings = new string?[tableCount];
            else Array.Clear(strings, 0, tableCount);
            string Str(uint i) => strings[i] ??= Encoding.UTF8.GetString(table![(int)i]);

            long latOffset = block.lat_offset, lonOffset = block.lon_offset, granularity = block.granularity;
            foreach (var group in block.primitivegroup)
            {
                if (group.dense is { } dense) ReadDense(dense, latOffset, lonOffset, granularity, sink);
                foreach (var node in group.nodes)
                    sink.AddNode(node.id, Fixed(latOffset + granularity * node.lat), Fixed(lonOffset + granularity * node.lon));
                foreach (var way in group.ways)
                {
                    var tags = new WayTags();
                    var keys = way.keys; var vals = way.vals;
                    for (int k = 0; k < keys.Count; k++)
                    {
                        var key = Str(keys[k]);
                        if (WayTags.Wants(key)) tags.Set(key, Str(vals[k]));
                    }
                    var access = PedestrianAccess.Classify(tags);
                    if (!access.IsWalkable) { sink.AddWay(access, default); continue; }
                    var deltas = way.refs;
                    if (refs.Length < deltas.Count) refs = new long[deltas.Count * 2];
                    long id = 0;
                    for (int r = 0; r < deltas.Count; r++) refs[r] = id += deltas[r];
                    sink.AddWay(access, refs.AsSpan(0, deltas.Count));
                }
                sink.RelationsRead += group.relations.Count;
            }
            blockDone?.Invoke();
        }
    }

    static void ReadDense(DenseNodes dense, long latOffset, long lonOffset, long granularity, ExtractCollector sink)
    {
        var ids = dense.id; var lats = dense.lat; var lons = dense.lon;
        long id = 0, lat = 0, lon = 0;
        for (int i = 0; i < ids.Count; i++)
        {
            id += ids[i]; lat += lats[i]; lon += lons[i];
            sink.AddNode(id, Fixed(latOffset + granularity * lat), Fixed(lonOffset + granularity * lon));
        }
    }

    /// <summary>Nanodegrees to the graph's 1e-7 degree fixed point, rounded half away from zero.</summary>
    static int Fixed(long nanoDegrees) => (int)((nanoDegrees + (nanoDegrees >= 0 ? 50 : -50)) / 100);
}
