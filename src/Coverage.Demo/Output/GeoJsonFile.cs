using System.Text.Encodings.Web;
using System.Text.Json;
using Coverage.Demo.Layout;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Precision;

namespace Coverage.Demo.Output;

/// <summary>
/// Writes an RFC 7946 FeatureCollection, one feature per line (readable diffs), with the "synthetic": true and
/// "attribution" foreign members. Coordinates are WGS84 rounded to 7 decimals; exterior rings counter-clockwise.
/// </summary>
internal sealed class GeoJsonFile(LocalFrame frame)
{
    public const string Attribution = "合成数据 Synthetic demo data — not a real place";
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    readonly MemoryStream _body = new();
    bool _first = true;

    public void Add(Geometry geometry, Action<Utf8JsonWriter> properties)
    {
        if (!_first) _body.Write(",\n"u8);
        _first = false;
        using var w = new Utf8JsonWriter(_body, Options);
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WritePropertyName("properties");
        w.WriteStartObject();
        properties(w);
        w.WriteEndObject();
        w.WritePropertyName("geometry");
        WriteGeometry(w, ToOutput(geometry));
        w.WriteEndObject();
    }

    public byte[] ToBytes()
    {
        using var file = new MemoryStream();
        using (var w = new Utf8JsonWriter(file, Options))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteBoolean("synthetic", true);
            w.WriteString("attribution", Attribution);
            w.WriteEndObject();
        }
        // Open the object again (drop its closing brace) to append the feature array after the foreign members.
        file.SetLength(file.Length - 1);
        file.Write(",\"features\":[\n"u8);
        _body.WriteTo(file);
        file.Write("\n]}\n"u8);
        return file.ToArray();
    }

    /// <summary>WGS84 on the 1e-7° grid; areas are snap-rounded onto it so rounding cannot make them invalid.</summary>
    Geometry ToOutput(Geometry metric)
    {
        var g = new ToWgs84(frame).Transform(metric);
        return g is IPolygonal ? GeometryPrecisionReducer.Reduce(g, Grid) : g;
    }

    static readonly PrecisionModel Grid = new(1e7);

    sealed class ToWgs84(LocalFrame frame) : GeometryTransformer
    {
        protected override CoordinateSequence TransformCoordinates(CoordinateSequence coords, Geometry parent)
        {
            var result = new Coordinate[coords.Count];
            for (int i = 0; i < coords.Count; i++)
            {
                var (lon, lat) = frame.ToLonLat(coords.GetX(i), coords.GetY(i));
                result[i] = new Coordinate(lon, lat);
            }
            return Factory.CoordinateSequenceFactory.Create(result);
        }
    }

    void WriteGeometry(Utf8JsonWriter w, Geometry g)
    {
        w.WriteStartObject();
        w.WriteString("type", g.GeometryType);
        w.WritePropertyName("coordinates");
        switch (g)
        {
            case Point p: Position(w, p.Coordinate); break;
            case LineString l: Positions(w, l.Coordinates); break;
            case Polygon poly: WritePolygon(w, poly); break;
            case MultiPolygon mp:
                w.WriteStartArray();
                for (int i = 0; i < mp.NumGeometries; i++) WritePolygon(w, (Polygon)mp.GetGeometryN(i));
                w.WriteEndArray();
                break;
            default: throw new NotSupportedException($"Geometry type {g.GeometryType} is not written by the demo generator.");
        }
        w.WriteEndObject();
    }

    void WritePolygon(Utf8JsonWriter w, Polygon poly)
    {
        w.WriteStartArray();
        Positions(w, Oriented(poly.ExteriorRing.Coordinates, ccw: true));
        foreach (var hole in poly.InteriorRings) Positions(w, Oriented(hole.Coordinates, ccw: false));
        w.WriteEndArray();
    }

    static Coordinate[] Oriented(Coordinate[] ring, bool ccw) =>
        Orientation.IsCCW(ring) == ccw ? ring : [.. ring.Reverse()];

    static void Positions(Utf8JsonWriter w, Coordinate[] coords)
    {
        w.WriteStartArray();
        foreach (var c in coords) Position(w, c);
        w.WriteEndArray();
    }

    static void Position(Utf8JsonWriter w, Coordinate c)
    {
        w.WriteStartArray();
        w.WriteNumberValue(Math.Round(c.X, 7));
        w.WriteNumberValue(Math.Round(c.Y, 7));
        w.WriteEndArray();
    }
}
