using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Coverage.Analysis.Isochrones;

/// <summary>An isochrone as an RFC 7946 FeatureCollection: one feature per band (its ring), with its figures.</summary>
public static class IsochroneGeoJson
{
    static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    public static FeatureCollection ToFeatures(IsochroneResult iso)
    {
        var features = new FeatureCollection();
        foreach (var b in iso.Bands)
            features.Add(new Feature(b.Ring, new AttributesTable
            {
                { "from_minutes", b.FromMinutes }, { "to_minutes", b.ToMinutes }, { "profile", iso.Profile },
                { "facility_id", iso.FacilityId }, { "area_km2", Math.Round(b.AreaKm2, 6) }, { "reach_area_km2", Math.Round(b.ReachAreaKm2, 6) },
                { "population", Math.Round(b.Population, 2) }, { "elderly", Math.Round(b.Elderly, 2) },
                { "settlements", b.SettlementIds.Count }, { "settlement_ids", b.SettlementIds.ToArray() },
                { "cell_m", iso.CellMetres }, { "tolerance_m", Math.Round(iso.ToleranceMetres, 1) },
            }));
        return features;
    }

    public static void Write(IsochroneResult iso, Stream output) => JsonSerializer.Serialize(output, ToFeatures(iso), Options);

    public static string ToJson(IsochroneResult iso) => JsonSerializer.Serialize(ToFeatures(iso), Options);
}
