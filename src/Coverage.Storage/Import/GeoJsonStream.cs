using System.Text;
using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Import;

/// <summary>
/// The ordinary GeoJSON FeatureCollection in one forward pass of a <see cref="Utf8JsonReader"/>, with no JsonDocument
/// and no serializer call per geometry: a province's 182 k settlements took 5 s that way. It reads what
/// <see cref="GeoJsonLayer"/>'s JsonDocument path reads, record for record: the same property texts, feature ids and
/// NTS geometries (built by the same factory calls as NTS's converter, from the same doubles).
/// It only ever answers for a file that path would read without an error: anything out of the ordinary (a syntax error,
/// a trailing comma, a duplicate member, an entry that is not an object, a string that cannot be decoded) makes
/// <see cref="TryRead"/> give up, and the caller reads the file the old way, so every error and warning stays the one
/// that path gives. A geometry it does not build itself (3-D positions, a GeometryCollection, a bbox, an empty or
/// malformed one) is handed to NTS's converter exactly as before (<see cref="GeoJsonLayer.GeometryOf"/>).
/// </summary>
static class GeoJsonStream
{
    /// <summary>What the JsonDocument path needs of the root besides the features: the synthetic flag and the "crs" member's text.</summary>
    public sealed record Collection(List<LayerRecord> Records, bool Synthetic, string? CrsJson);

    /// <summary>Trailing commas are refused here (the JsonDocument path accepts them but its geometry reader does not), so a file holding one takes that path.</summary>
    static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The factory NTS's GeoJSON converter builds with (its default: the shared services' factory for SRID 4326).</summary>
    static readonly GeometryFactory Factory = NtsGeometryServices.Instance.CreateGeometryFactory(4326);

    /// <summary>The collection, or null when the file is not an ordinary one (the caller then reads it the old way).</summary>
    public static Collection? TryRead(byte[] bytes)
    {
        try { return Read(bytes); }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotOrdinary) { return null; }
    }

    sealed class NotOrdinary : Exception;

    /// <summary>
    /// What one pass keeps from feature to feature: the previous feature's property names and string values by column, so
    /// the same text (every feature's "id", "name", most towns and kinds) is one string, not one per feature (a province's
    /// places allocated 750 MB and spent most of their time in the collector), and the position buffers of a geometry.
    /// </summary>
    sealed class Pass(byte[] bytes)
    {
        public readonly byte[] Bytes = bytes;
        public readonly PlainGeometry.Positions Positions = new();
        public List<KeyValuePair<string, string?>> Previous = [];
    }

    static Collection Read(byte[] bytes)
    {
        var pass = new Pass(bytes);
        var r = new Utf8JsonReader(bytes, Options);
        Next(ref r);
        Expect(ref r, JsonTokenType.StartObject);
        List<LayerRecord>? records = null;
        bool? synthetic = null;
        string? crs = null;
        bool crsSeen = false;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("features"u8))
            {
                Once(records is null);
                Next(ref r);
                records = Features(ref r, pass);
            }
            else if (r.ValueTextEquals("synthetic"u8))
            {
                Once(synthetic is null);
                synthetic = Next(ref r) == JsonTokenType.True;
                r.Skip();
            }
            else if (r.ValueTextEquals("crs"u8))
            {
                Once(!crsSeen);
                crsSeen = true;
                Next(ref r);
                crs = Raw(ref r, bytes);
            }
            else { Next(ref r); r.Skip(); }
        }
        if (r.Read()) throw new NotOrdinary();   // anything after the root (the reader throws first on most)
        return new Collection(records ?? throw new NotOrdinary(), synthetic ?? false, crs);
    }

    static List<LayerRecord> Features(ref Utf8JsonReader r, Pass pass)
    {
        Expect(ref r, JsonTokenType.StartArray);
        var records = new List<LayerRecord>();
        while (Next(ref r) != JsonTokenType.EndArray)
            records.Add(Feature(ref r, pass, records.Count + 1));
        return records;
    }

    /// <summary>One feature as <c>GeoJsonLayer.Record</c> makes it: properties in order, the "id" member's text, the geometry or why not.</summary>
    static LayerRecord Feature(ref Utf8JsonReader r, Pass pass, int n)
    {
        Expect(ref r, JsonTokenType.StartObject);
        List<KeyValuePair<string, string?>>? columns = null;
        string? id = null;
        bool idSeen = false, geometrySeen = false;
        Geometry? geometry = null;
        (string, string)? problem = GeoJsonLayer.NoGeometry;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("properties"u8))
            {
                Once(columns is null);
                columns = Properties(ref r, pass);
            }
            else if (r.ValueTextEquals("geometry"u8))
            {
                Once(!geometrySeen);
                geometrySeen = true;
                if (Next(ref r) != JsonTokenType.Null) (geometry, problem) = Geometry(ref r, pass);
            }
            else if (r.ValueTextEquals("id"u8))
            {
                Once(!idSeen);
                idSeen = true;
                Next(ref r);
                id = Text(ref r, pass.Bytes);
            }
            else { Next(ref r); r.Skip(); }
        }
        return new LayerRecord(n, columns ?? [], geometry, problem) { FeatureId = id };
    }

    /// <summary>The "properties" member's name/text pairs when it is an object (any other value holds none, as before).</summary>
    static List<KeyValuePair<string, string?>> Properties(ref Utf8JsonReader r, Pass pass)
    {
        var previous = pass.Previous;
        var columns = new List<KeyValuePair<string, string?>>(previous.Count);
        if (Next(ref r) != JsonTokenType.StartObject) { r.Skip(); return columns; }
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            var before = columns.Count < previous.Count ? previous[columns.Count] : default;
            string name = before.Key is { } same && r.ValueTextEquals(same) ? same : r.GetString()!;
            Next(ref r);
            string? value = r.TokenType == JsonTokenType.String && before.Value is { } text && r.ValueTextEquals(text) ? text : Text(ref r, pass.Bytes);
            columns.Add(new(name, value));
        }
        pass.Previous = columns;
        return columns;
    }

    /// <summary><see cref="GeoJsonLayer.Text"/> of the value at the reader: a string decoded, null for null, else the value's JSON text as written.</summary>
    static string? Text(ref Utf8JsonReader r, byte[] bytes) => r.TokenType switch
    {
        JsonTokenType.String => r.GetString(),
        JsonTokenType.Null => null,
        JsonTokenType.StartObject or JsonTokenType.StartArray => Raw(ref r, bytes),
        _ => Encoding.UTF8.GetString(r.ValueSpan),
    };

    /// <summary>The JSON text of the value starting at the reader (the reader is left on its last token).</summary>
    static string Raw(ref Utf8JsonReader r, byte[] bytes)
    {
        long start = r.TokenStartIndex;
        r.Skip();
        return Encoding.UTF8.GetString(bytes, (int)start, (int)(r.BytesConsumed - start));
    }

    /// <summary>
    /// The geometry object at the reader, built here when it is a plain 2-D one, else read by NTS from its own text as the
    /// JsonDocument path reads it (same geometry, or the same reason it cannot be read).
    /// </summary>
    static (Geometry?, (string, string)?) Geometry(ref Utf8JsonReader r, Pass pass)
    {
        long start = r.TokenStartIndex;
        var probe = r;
        if (r.TokenType == JsonTokenType.StartObject && PlainGeometry.TryRead(ref probe, Factory, pass.Positions) is { } plain)
        {
            r = probe;
            return (plain, null);
        }
        r.Skip();
        using var doc = JsonDocument.Parse(pass.Bytes.AsMemory((int)start, (int)(r.BytesConsumed - start)), new JsonDocumentOptions { AllowTrailingCommas = true });
        return GeoJsonLayer.GeometryOf(doc.RootElement);
    }

    static JsonTokenType Next(ref Utf8JsonReader r) => r.Read() ? r.TokenType : throw new NotOrdinary();

    static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (r.TokenType != type) throw new NotOrdinary();
    }

    /// <summary>A member seen twice: the JsonDocument path picks one of them by its own rule, so that path reads the file.</summary>
    static void Once(bool first)
    {
        if (!first) throw new NotOrdinary();
    }
}
