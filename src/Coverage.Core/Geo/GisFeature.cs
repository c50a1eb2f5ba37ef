using NetTopologySuite.Geometries;

namespace Coverage.Core.Geo;

/// <summary>
/// One feature of a GIS layer (Shapefile, GeoPackage, GeoJSON) as read: its geometry already in WGS84 and its
/// attributes as text, in the layer's column order. <paramref name="Number"/> is the 1-based feature number in the
/// layer, for messages ("feature 17").
/// </summary>
public sealed record GisFeature(Geometry Geometry, IReadOnlyList<KeyValuePair<string, string?>> Attributes, int Number)
{
    /// <summary>The value of the first attribute named <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (k, v) in Attributes)
                if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) return v;
            return null;
        }
    }
}
