using System.Globalization;
using Coverage.Core.Domain;
using Coverage.Storage.Export;
using Coverage.Storage.Tests.Import;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Tests.Export;

/// <summary>
/// Every export format read and written by GDAL (ogr2ogr, an independent implementation): our file → GeoJSON keeps every
/// geometry and attribute, and GDAL's own file of the same format imports back to the same objects. The demo county's
/// tables hold all three shapes: 771 facility points, 25 fitness-trail lines, 594 settlement points and 201 polygons.
/// </summary>
public sealed class GdalRoundTripTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    /// <summary>1e-9° is about 0.1 mm on the ground: far below any survey error, far above double rounding in text formats.</summary>
    const double Tolerance = 1e-9;

    static readonly Lazy<(IReadOnlyList<Facility> Facilities, IReadOnlyList<Settlement> Settlements)> Demo = new(() =>
    {
        var seeds = Coverage.Storage.Import.SeedDirectory.LoadFrom(Coverage.Storage.Import.SeedDirectory.Find());
        var importer = new Coverage.Storage.Import.PlanImporter(seeds);
        var facilities = importer.Facilities(DemoFile("facilities.synthetic.geojson"));
        var settlements = importer.Settlements(DemoFile("settlements.synthetic.geojson"));
        Assert.True(facilities.Succeeded && settlements.Succeeded);
        return (facilities.Items, settlements.Items);
    });

    static string DemoFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return Path.Combine(dir.FullName, "geodata", "demo", name);
        throw new DirectoryNotFoundException("Coverage.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_demo_tables_hold_points_lines_and_polygons()
    {
        var (facilities, settlements) = Demo.Value;
        Assert.Equal((771, 25), (facilities.Count(f => f.Geometry is Point), facilities.Count(f => f.Geometry is LineString)));
        Assert.Equal((594, 201), (settlements.Count(s => s.Geometry is Point), settlements.Count(s => s.Geometry is Polygon)));
    }

    [Theory]
    [InlineData(".gpkg")]
    [InlineData(".geojson")]
    [InlineData(".shp")]
    [InlineData(".csv")]
    public void Facilities_exported_survive_gdal_to_geojson_and_back_with_every_geometry_and_attribute(string ext)
    {
        var facilities = Demo.Value.Facilities;
        var dir = Directory.CreateDirectory(Path.Combine(fx.Dir, "fac" + ext.TrimStart('.'))).FullName;
        var files = PlanExporter.Facilities(facilities, Path.Combine(dir, "facilities" + ext));
        var back = RoundTrip(files, "facilities", ext, ExportColumns.Facility, facilities, f => f.Id, f => f.Geometry);
        var imported = back.SelectMany(p => fx.Importer.Facilities(p) is var r && r.Succeeded ? r.Items : throw new Xunit.Sdk.XunitException(string.Join("\n", r.Errors))).ToList();
        AssertSameObjects(facilities, imported, f => f.Id, f => f.Geometry, (f, g) => f with { Geometry = g });
    }

    [Theory]
    [InlineData(".gpkg")]
    [InlineData(".geojson")]
    [InlineData(".shp")]
    [InlineData(".csv")]
    public void Settlements_exported_survive_gdal_to_geojson_and_back_with_every_geometry_and_attribute(string ext)
    {
        var settlements = Demo.Value.Settlements;
        var dir = Directory.CreateDirectory(Path.Combine(fx.Dir, "set" + ext.TrimStart('.'))).FullName;
        var files = PlanExporter.Settlements(settlements, Path.Combine(dir, "settlements" + ext));
        var back = RoundTrip(files, "settlements", ext, ExportColumns.Settlement, settlements, s => s.Id, s => s.Geometry);
        var imported = back.SelectMany(p => fx.Importer.Settlements(p) is var r && r.Succeeded ? r.Items : throw new Xunit.Sdk.XunitException(string.Join("\n", r.Errors))).ToList();
        AssertSameObjects(settlements, imported, s => s.Id, s => s.Geometry, (s, g) => s with { Geometry = g });
    }

    /// <summary>
    /// Each exported file → GeoJSON by ogr2ogr (checked against the originals) → the same format again by ogr2ogr.
    /// Returns GDAL's files of the original format.
    /// </summary>
    static List<string> RoundTrip<T>(IReadOnlyList<string> files, string layer, string ext, IReadOnlyList<ExportColumn<T>> columns,
        IReadOnlyList<T> originals, Func<T, string> id, Func<T, Geometry> geometry)
    {
        var seen = new List<Gdal.GdalFeature>();
        var back = new List<string>();
        foreach (var file in files)
        {
            var geojson = Path.ChangeExtension(file, ".gdal.geojson");
            var toGeoJson = new List<string> { "-f", "GeoJSON", geojson, file };
            if (ext == ".csv") toGeoJson.AddRange(["-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", "-oo", "AUTODETECT_TYPE=NO"]);
            if (ext == ".gpkg") toGeoJson.Add(layer);
            Gdal.Ogr2Ogr([.. toGeoJson]);
            seen.AddRange(Gdal.ReadFeatures(geojson));

            var again = Path.Combine(Path.GetDirectoryName(file)!, "gdal-" + Path.GetFileName(file));
            string[] fromGeoJson = ext switch
            {
                ".gpkg" => ["-f", "GPKG", "-nln", layer, again, geojson],
                ".shp" => ["-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", again, geojson],
                ".csv" => ["-f", "CSV", "-lco", "GEOMETRY=AS_WKT", again, geojson],
                _ => ["-f", "GeoJSON", again, geojson],
            };
            Gdal.Ogr2Ogr(fromGeoJson);
            back.Add(again);
        }

        Assert.Equal(originals.Count, seen.Count);
        Assert.Empty(seen.Where(f => f.Geometry is null).Select(f => f.Properties["id"]));
        var byId = seen.ToDictionary(f => f.Properties["id"]!);
        foreach (var original in originals)
        {
            var got = byId[id(original)];
            AssertSameShape(geometry(original), got.Geometry!, id(original));
            foreach (var c in columns)
                Assert.True(Text(c.Value(original)) == GdalText(c.Type, got.Properties[c.Name]),
                    $"{id(original)}.{c.Name}: exported '{Text(c.Value(original))}', GDAL read '{got.Properties[c.Name]}'");
        }
        return back;
    }

    static void AssertSameObjects<T>(IReadOnlyList<T> originals, IReadOnlyList<T> imported, Func<T, string> id, Func<T, Geometry> geometry, Func<T, Geometry, T> withGeometry)
    {
        Assert.Equal(originals.Count, imported.Count);
        var byId = imported.ToDictionary(id);
        foreach (var original in originals)
        {
            var got = byId[id(original)];
            AssertSameShape(geometry(original), geometry(got), id(original));
            Assert.Equal(original, withGeometry(got, geometry(original)));
        }
    }

    /// <summary>Same type and vertices within the tolerance; ring orientation and start may differ (shapefiles wind exteriors clockwise).</summary>
    static void AssertSameShape(Geometry expected, Geometry actual, string id) =>
        Assert.True(expected.Normalized().EqualsExact(actual.Normalized(), Tolerance), $"{id}: {expected} became {actual}");

    static string? Text(object? v) => v switch
    {
        null => null,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Blank(v.ToString()),
    };

    /// <summary>GDAL's text of a value: a dBASE logical (shapefile) reads as "T"/"F".</summary>
    static string? GdalText(ColumnType type, string? s) => type switch
    {
        ColumnType.Boolean when s is "T" or "F" => s == "T" ? "true" : "false",
        // A real comes back in GDAL's own form ("38916.0", "3.8916E+04"): the same number is the same value.
        ColumnType.Real when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) =>
            d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Blank(s),
    };

    /// <summary>Formats without a null (CSV, DBF) write an empty value for a missing one.</summary>
    static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
