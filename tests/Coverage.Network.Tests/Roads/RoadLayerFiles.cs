using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Coverage.Core.Geo;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Coverage.Network.Tests.Roads;

/// <summary>
/// Road layers for tests, read straight with NetTopologySuite's readers (the product's layer reader is another
/// part): GeoJSON text, a GeoPackage layer, a Shapefile; and ogr2ogr to turn an OSM extract into such layers.
/// </summary>
public static class RoadLayerFiles
{
    public static List<GisFeature> FromGeoJson(string json)
    {
        var options = new JsonSerializerOptions { Converters = { new GeoJsonConverterFactory() } };
        var fc = JsonSerializer.Deserialize<FeatureCollection>(json, options)!;
        return fc.Select((f, i) => new GisFeature(f.Geometry,
            f.Attributes?.GetNames().Select(n => new KeyValuePair<string, string?>(n, Text(f.Attributes[n]))).ToList() ?? [], i + 1)).ToList();
    }

    public static List<GisFeature> FromGeoPackage(string path, string table)
    {
        using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\"";
        using var reader = cmd.ExecuteReader();
        var geo = new GeoPackageGeoReader();
        var features = new List<GisFeature>();
        while (reader.Read())
        {
            NetTopologySuite.Geometries.Geometry? g = null;
            var attributes = new List<KeyValuePair<string, string?>>();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                var name = reader.GetName(i);
                if (name == "geom") g = reader.IsDBNull(i) ? null : geo.Read((byte[])reader.GetValue(i));
                else if (name != "fid") attributes.Add(new(name, reader.IsDBNull(i) ? null : Text(reader.GetValue(i))));
            }
            features.Add(new GisFeature(g!, attributes, features.Count + 1));
        }
        return features;
    }

    public static List<GisFeature> FromShapefile(string path) =>
        Shapefile.ReadAllFeatures(path, new ShapefileReaderOptions { Encoding = Encoding.UTF8 })
            .Select((f, i) => new GisFeature(f.Geometry,
                f.Attributes.GetNames().Select(n => new KeyValuePair<string, string?>(n, Text(f.Attributes[n]))).ToList(), i + 1)).ToList();

    static string? Text(object? v) => v switch
    {
        null or DBNull => null,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    /// <summary>Runs ogr2ogr (gdal-bin) with the given arguments; a failure throws with its stderr.</summary>
    public static void Ogr2Ogr(params string[] args)
    {
        var psi = new ProcessStartInfo("ogr2ogr") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ogr2ogr {string.Join(' ', args)} exited {p.ExitCode}: {err.Result}");
    }
}
