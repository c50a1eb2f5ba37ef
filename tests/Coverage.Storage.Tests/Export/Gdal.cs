using System.Diagnostics;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Storage.Tests.Export;

/// <summary>GDAL's ogr2ogr (gdal-bin) as an independent reader and writer of our files.</summary>
public static class Gdal
{
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>Runs ogr2ogr; fails the test on a non-zero exit or any GDAL warning or error on stderr.</summary>
    public static void Ogr2Ogr(params string[] args)
    {
        var psi = new ProcessStartInfo("ogr2ogr") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("ogr2ogr not found: install gdal-bin (scripts/test.sh does)");
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0 && !stderr.Contains("Warning") && !stderr.Contains("ERROR"),
                $"ogr2ogr {string.Join(' ', args)} → exit {p.ExitCode}: {stderr}{stdout.Result}");
        }
    }

    /// <summary>One feature as GDAL wrote it to GeoJSON: properties as text (JSON numbers and booleans by their literal), geometry or null.</summary>
    public sealed record GdalFeature(IReadOnlyDictionary<string, string?> Properties, Geometry? Geometry);

    /// <summary>Reads a GeoJSON FeatureCollection written by ogr2ogr, without our importer.</summary>
    public static IReadOnlyList<GdalFeature> ReadFeatures(string geojson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(geojson));
        var list = new List<GdalFeature>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var props = new Dictionary<string, string?>();
            foreach (var p in f.GetProperty("properties").EnumerateObject())
                props[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => p.Value.GetString(),
                    _ => p.Value.GetRawText(),
                };
            var g = f.GetProperty("geometry");
            list.Add(new(props, g.ValueKind == JsonValueKind.Null ? null : g.Deserialize<Geometry>(GeoJson)));
        }
        return list;
    }
}
