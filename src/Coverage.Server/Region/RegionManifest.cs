using System.Text.Json;
using System.Text.Json.Serialization;
using Coverage.Core;

namespace Coverage.Server.Region;

/// <summary>One road layer of a region (a planner's own centrelines): file, layer (GeoPackage), CRS id, attribute mapping
/// file and topology (auto | noded | repair; null: auto).</summary>
public sealed record RoadLayerSpec(string Path, string? Layer = null, string? Crs = null, string? Mapping = null, string? Topology = null);

/// <summary>The county boundary of a region: polygon file, its CRS id (as --crs; null: the file's own, else guessed) and the margin in metres.</summary>
public sealed record BoundarySpec(string Path, string? Crs = null, double MarginMetres = Coverage.Analysis.Region.RegionScope.DefaultMarginMetres);

/// <summary>
/// region.json: what a region folder holds, written by `coverage region init` (docs/region-folder.md). Paths are relative
/// to the folder. A folder without it is read as before (one extract, settlements*/facilities*/towns*/water*.geojson).
/// </summary>
public sealed record RegionManifest
{
    public const string FileName = "region.json";

    public string? Name { get; init; }
    public required string Extract { get; init; }
    public IReadOnlyList<RoadLayerSpec> Roads { get; init; } = [];
    public BoundarySpec? Boundary { get; init; }
    public string? Settlements { get; init; }
    public string? Facilities { get; init; }
    public string? Towns { get; init; }
    public string? Water { get; init; }
    /// <summary>Road rule set (e.g. "china"); null: the builder's default.</summary>
    public string? Rules { get; init; }
    /// <summary>Date of the data (yyyy-MM-dd), shown on the map and reports.</summary>
    public string? DataDate { get; init; }

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads region.json; a malformed one stops with a bilingual message naming the file.</summary>
    public static RegionManifest Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RegionManifest>(File.ReadAllBytes(path), Json)
                   ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new InputException($"区域清单无法读取：{path}：{e.Message}（应含 \"extract\"，见 docs/region-folder.md）",
                $"Region manifest cannot be read: {path}: {e.Message} (it needs \"extract\"; see docs/region-folder.md)");
        }
    }

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}
