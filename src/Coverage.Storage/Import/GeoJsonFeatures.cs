using Coverage.Core;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Import;

/// <summary>
/// One feature of a GeoJSON FeatureCollection as the importers read it: its 1-based number, its "id" member, its
/// properties as text in file order (strings decoded, numbers and booleans as written, null as null), and its geometry
/// in the file's coordinates, or null with <see cref="GeometryError"/> saying why.
/// </summary>
public sealed record GeoJsonFeature(int Number, string? Id, IReadOnlyList<KeyValuePair<string, string?>> Properties, Geometry? Geometry,
    Bilingual? GeometryError)
{
    /// <summary>The text of the first property named <paramref name="name"/>, or null when there is none (or it is null).</summary>
    public string? Property(string name)
    {
        foreach (var p in Properties)
            if (p.Key == name) return p.Value;
        return null;
    }
}

/// <summary>
/// GeoJSON FeatureCollection files read by the importers' own reader (<see cref="GeoJsonLayer"/>): the same checks and
/// bilingual errors (<see cref="ImportFormatException"/>: not UTF-8, not JSON with its line, not a FeatureCollection, an
/// entry that is not a Feature), for callers that map the features themselves (the benchmarks' generated regions).
/// </summary>
public static class GeoJsonFeatures
{
    /// <summary>Every feature of the file in order; warnings (a synthetic file) go to <paramref name="warnings"/>.</summary>
    public static IReadOnlyList<GeoJsonFeature> Read(string path, ICollection<ImportWarning> warnings) =>
        GeoJsonLayer.Open(File.ReadAllBytes(path), warnings).Records
            .Select(r => new GeoJsonFeature(r.Number, r.FeatureId, r.Columns, r.Geometry, r.GeometryError is var (zh, en) ? new Bilingual(zh, en) : null))
            .ToList();
}
