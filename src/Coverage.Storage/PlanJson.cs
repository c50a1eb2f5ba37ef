using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Storage;

/// <summary>JSON for the edit log and scenario edits: camelCase, kebab-case enums, geometry as GeoJSON, Chinese unescaped.</summary>
public static class PlanJson
{
    public static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new GeoJsonConverterFactory(Wgs84), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Enum value as stored in a text column, e.g. UnderConstruction → "under-construction".</summary>
    public static string EnumText<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static T ParseEnum<T>(string text) where T : struct, Enum =>
        Enum.Parse<T>(text.Replace("-", ""), ignoreCase: true);
}
