using Coverage.Demo.Layout;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Output;

/// <summary>Counts of what went into the PBF.</summary>
public sealed record OsmCounts(int Nodes, int Ways, int Bridges, int Ferries, int WaterAreas);

/// <summary>
/// Writes the county as an OSM PBF: ways get shape nodes every few metres, vertices at the same 1e-7° position
/// become one node (so crossings and shared ends are real junctions), ids are given in order of first use,
/// nodes are written sorted by id, then ways.
/// </summary>
internal sealed class OsmExport(LocalFrame frame, double spacing)
{
    public const string User = "coverage-demo";
    static readonly DateTime Stamp = new(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc);

    readonly Dictionary<long, long> _idAt = [];      // position key -> node id, for lookups only
    // Nodes as parallel arrays (a stress region has millions), written straight from here.
    readonly List<double> _lon = [], _lat = [];
    readonly Dictionary<int, (string Key, string Value)[]> _nodeTags = [];   // only place nodes carry tags
    readonly List<(long[] Nodes, (string Key, string Value)[] Tags)> _ways = [];
    int _bridges, _ferries, _waterAreas;

    public void AddWays(IEnumerable<WayDraft> drafts)
    {
        foreach (var d in drafts)
        {
            if (!AddWay(Densify(d.Points), d.Tags)) continue;
            if (d.IsBridge) _bridges++;
            if (d.IsFerry) _ferries++;
        }
    }

    public void AddWater(IEnumerable<WaterBody> water)
    {
        foreach (var w in water)
        {
            if (w.Kind == WaterKind.Canal)
                AddWay([.. w.Centreline], [("waterway", "canal"), ("name", w.Name), ("width", Math.Round(w.Width).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            AddWay([.. w.Outline.ExteriorRing.Coordinates], [("natural", "water"), ("water", w.Kind == WaterKind.Canal ? "canal" : "lake"), ("name", w.Name)]);
            _waterAreas++;
        }
    }

    /// <summary>Standalone place nodes (their own ids even where a road node sits at the same spot).</summary>
    public void AddPlaces(IEnumerable<(Coordinate Point, (string, string)[] Tags)> places)
    {
        foreach (var (point, tags) in places) NewNode(point, tags);
    }

    public OsmCounts Write(Stream stream, string headerSource, string writingProgram)
    {
        var (west, south) = frame.ToLonLat(0, 0);
        var (east, north) = frame.ToLonLat(frame.SideMetres, frame.SideMetres);
        var writer = new PbfFileWriter(stream, new PbfAuthor(Version: 1, Changeset: 1, Stamp, Uid: 1, User));
        writer.WriteHeader(headerSource, writingProgram, (west, east, north, south));
        for (int i = 0; i < _lon.Count; i++)
            writer.AddNode(i + 1, _lon[i], _lat[i], _nodeTags.GetValueOrDefault(i));
        for (int i = 0; i < _ways.Count; i++)
            writer.AddWay(i + 1, _ways[i].Nodes, _ways[i].Tags);
        writer.Finish();
        return new OsmCounts(_lon.Count, _ways.Count, _bridges, _ferries, _waterAreas);
    }

    /// <summary>Final node positions of a way, for facilities that follow it (fitness trails).</summary>
    public List<Coordinate> Densify(List<Coordinate> points) => Densify(points, spacing);

    public static List<Coordinate> Densify(List<Coordinate> points, double spacing)
    {
        var result = new List<Coordinate> { points[0] };
        for (int i = 1; i < points.Count; i++)
        {
            Coordinate a = points[i - 1], b = points[i];
            int parts = Math.Max(1, (int)Math.Ceiling(a.Distance(b) / spacing));
            for (int k = 1; k < parts; k++)
                result.Add(new Coordinate(a.X + (b.X - a.X) * k / parts, a.Y + (b.Y - a.Y) * k / parts));
            result.Add(b);
        }
        return result;
    }

    bool AddWay(List<Coordinate> points, (string Key, string Value)[] tags)
    {
        var ids = new List<long>(points.Count);
        foreach (var p in points)
        {
            var (lon, lat) = frame.ToLonLat(p.X, p.Y);
            long key = ((long)Math.Round(lat * 1e7) << 32) ^ (uint)(int)Math.Round(lon * 1e7);
            if (!_idAt.TryGetValue(key, out long id)) _idAt[key] = id = NewNode(p, null);
            if (ids.Count == 0 || ids[^1] != id) ids.Add(id);
        }
        if (ids.Count < 2) return false;
        _ways.Add(([.. ids], tags));
        return true;
    }

    long NewNode(Coordinate p, (string, string)[]? tags)
    {
        var (lon, lat) = frame.ToLonLat(p.X, p.Y);
        if (tags != null) _nodeTags.Add(_lon.Count, tags);
        _lon.Add(lon); _lat.Add(lat);
        return _lon.Count;
    }
}
