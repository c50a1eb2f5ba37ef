using System.Text.Json;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Import;

/// <summary>
/// A plain GeoJSON geometry object (Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon with 2-D
/// positions, members "type" and "coordinates" only) read straight off a <see cref="Utf8JsonReader"/> into the NTS
/// geometry that NTS's converter (NetTopologySuite.IO.GeoJSON4STJ) makes of it: the same factory calls in the same order
/// (a coordinate sequence of dimension 2 per line or ring, rings made linear, polygons from shell and holes), the same
/// doubles (<see cref="Utf8JsonReader.GetDouble"/>, through the factory's precision model). Anything else comes back
/// null for the caller to hand to NTS itself: that covers every error, so this never has to word one.
/// </summary>
static class PlainGeometry
{
    /// <summary>The geometry at the reader (on its StartObject), the reader left on its EndObject; null when it is not plain.</summary>
    public static Geometry? TryRead(ref Utf8JsonReader r, GeometryFactory factory, Positions buffer)
    {
        buffer.Clear();
        try { return Read(ref r, factory, buffer); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException) { return null; }
    }

    /// <summary>Positions as read: ordinates x, y in pairs; where each sequence ends; how deep the arrays nest (1 = one position).</summary>
    /// <remarks>One per reading pass, cleared for each geometry: the buffers are not reallocated per feature.</remarks>
    public sealed class Positions
    {
        public readonly List<double> Ordinates = [];
        public readonly List<int> SequenceEnds = [];   // in positions, one per innermost list of positions
        public readonly List<int> RingEnds = [];       // in sequences, one per list of rings (a polygon)
        public int Depth;

        public void Clear()
        {
            Ordinates.Clear(); SequenceEnds.Clear(); RingEnds.Clear();
            Depth = 0;
        }
    }

    static Geometry? Read(ref Utf8JsonReader r, GeometryFactory factory, Positions buffer)
    {
        string? type = null;
        Positions? positions = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8) && type is null)
            {
                if (!r.Read() || r.TokenType != JsonTokenType.String) return null;
                type = r.GetString();
            }
            else if (r.ValueTextEquals("coordinates"u8) && positions is null)
            {
                if (!r.Read() || r.TokenType != JsonTokenType.StartArray) return null;
                positions = buffer;
                if (!Coordinates(ref r, positions, 1, factory.PrecisionModel)) return null;
            }
            else return null;
        }
        if (r.TokenType != JsonTokenType.EndObject || type is null || positions is null) return null;
        return Build(type, positions, factory);
    }

    /// <summary>The array at the reader, <paramref name="level"/> deep: a position (two numbers) or a non-empty list of arrays one level deeper.</summary>
    static bool Coordinates(ref Utf8JsonReader r, Positions p, int level, PrecisionModel precision)
    {
        if (!r.Read()) return false;
        if (r.TokenType == JsonTokenType.Number)
        {
            if (p.Depth == 0) p.Depth = level;
            if (p.Depth != level) return false;
            double x = precision.MakePrecise(r.GetDouble());
            if (!r.Read() || r.TokenType != JsonTokenType.Number) return false;
            double y = precision.MakePrecise(r.GetDouble());
            if (!r.Read() || r.TokenType != JsonTokenType.EndArray) return false;   // a third ordinate: NTS makes a 3-D sequence
            p.Ordinates.Add(x); p.Ordinates.Add(y);
            return true;
        }
        if (r.TokenType != JsonTokenType.StartArray || level >= 4) return false;   // positions nest 4 deep at most (MultiPolygon)
        do
        {
            if (r.TokenType != JsonTokenType.StartArray || !Coordinates(ref r, p, level + 1, precision)) return false;
        } while (r.Read() && r.TokenType != JsonTokenType.EndArray);
        if (r.TokenType != JsonTokenType.EndArray) return false;
        if (p.Depth == level + 1) p.SequenceEnds.Add(p.Ordinates.Count / 2);
        else if (p.Depth == level + 2) p.RingEnds.Add(p.SequenceEnds.Count);
        return true;
    }

    static Geometry? Build(string type, Positions p, GeometryFactory f) => (type, p.Depth) switch
    {
        ("Point", 1) => f.CreatePoint(Sequence(p, f, 0, 1)),
        ("LineString", 2) => f.CreateLineString(Sequence(p, f, 0, p.Ordinates.Count / 2)),
        ("MultiPoint", 2) => f.CreateMultiPoint(Sequence(p, f, 0, p.Ordinates.Count / 2)),
        ("Polygon", 3) => Polygon(p, f, 0, p.SequenceEnds.Count),
        ("MultiLineString", 3) => f.CreateMultiLineString(Sequences(p, f, 0, p.SequenceEnds.Count).Select(f.CreateLineString).ToArray()),
        ("MultiPolygon", 4) => f.CreateMultiPolygon(Polygons(p, f)),
        _ => null,
    };

    static Polygon[] Polygons(Positions p, GeometryFactory f)
    {
        var polygons = new Polygon[p.RingEnds.Count];
        for (int i = 0; i < polygons.Length; i++) polygons[i] = Polygon(p, f, i == 0 ? 0 : p.RingEnds[i - 1], p.RingEnds[i]);
        return polygons;
    }

    /// <summary>Shell and holes from sequences [first, end), as NTS's converter makes them (no holes array for a lone shell).</summary>
    static Polygon Polygon(Positions p, GeometryFactory f, int first, int end)
    {
        var rings = Sequences(p, f, first, end);
        var shell = f.CreateLinearRing(rings[0]);
        if (rings.Length == 1) return f.CreatePolygon(shell);
        var holes = new LinearRing[rings.Length - 1];
        for (int i = 0; i < holes.Length; i++) holes[i] = f.CreateLinearRing(rings[i + 1]);
        return f.CreatePolygon(shell, holes);
    }

    static CoordinateSequence[] Sequences(Positions p, GeometryFactory f, int first, int end)
    {
        var sequences = new CoordinateSequence[end - first];
        for (int i = first; i < end; i++)
            sequences[i - first] = Sequence(p, f, i == 0 ? 0 : p.SequenceEnds[i - 1], p.SequenceEnds[i]);
        return sequences;
    }

    /// <summary>Positions [from, to) as a 2-D sequence of the factory's kind, filled by SetX/SetY as NTS's converter fills it.</summary>
    static CoordinateSequence Sequence(Positions p, GeometryFactory f, int from, int to)
    {
        var seq = f.CoordinateSequenceFactory.Create(to - from, 2, 0);
        for (int i = from; i < to; i++)
        {
            seq.SetX(i - from, p.Ordinates[2 * i]);
            seq.SetY(i - from, p.Ordinates[2 * i + 1]);
        }
        return seq;
    }
}
