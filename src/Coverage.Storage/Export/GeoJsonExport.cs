using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Storage.Export;

/// <summary>
/// GeoJSON (RFC 7946): a FeatureCollection in WGS84 with no "crs" member, exterior rings counter-clockwise and
/// holes clockwise, attributes under the interchange names.
/// </summary>
public static class GeoJsonExport
{
    static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    public static void Write<T>(IEnumerable<T> items, IReadOnlyList<ExportColumn<T>> columns, Func<T, Geometry> geometry, string path,
        bool synthetic = false) =>
        AtomicFile.Write(path, temp =>
        {
            using var stream = File.Create(temp);
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            if (synthetic) w.WriteBoolean("synthetic", true);
            w.WriteStartArray("features");
            foreach (var item in items)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WritePropertyName("geometry");
                JsonSerializer.Serialize(w, RightHanded(PlainXY.Of(geometry(item))), Options);
                w.WriteStartObject("properties");
                foreach (var c in columns)
                {
                    switch (c.Value(item))
                    {
                        case null: w.WriteNull(c.Name); break;
                        case int i: w.WriteNumber(c.Name, i); break;
                        case double d when double.IsFinite(d): w.WriteNumber(c.Name, d); break;
                        case bool b: w.WriteBoolean(c.Name, b); break;
                        case var v: w.WriteString(c.Name, v.ToString()); break;
                    }
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>RFC 7946 §3.1.6 ring orientation: exterior counter-clockwise, holes clockwise.</summary>
    internal static Geometry RightHanded(Geometry g) => g switch
    {
        Polygon p => Orient(p),
        MultiPolygon mp => mp.Factory.CreateMultiPolygon(Enumerable.Range(0, mp.NumGeometries).Select(i => Orient((Polygon)mp.GetGeometryN(i))).ToArray()),
        _ => g,
    };

    static Polygon Orient(Polygon p)
    {
        LinearRing Ring(LinearRing r, bool ccw) => r.IsCCW == ccw ? r : (LinearRing)r.Reverse();
        return p.Factory.CreatePolygon(Ring(p.Shell, true), p.Holes.Select(h => Ring(h, false)).ToArray());
    }
}
