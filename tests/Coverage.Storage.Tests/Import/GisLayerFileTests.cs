using System.IO.Compression;
using System.Text.Json;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Storage.Import;
using Coverage.Storage.Tests.Export;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Xunit.Abstractions;

namespace Coverage.Storage.Tests.Import;

/// <summary>
/// The ways of a real Nanjing extract as a WGS84 GeoJSON "lines" layer written by ogr2ogr (GDAL's OSM driver), and its
/// vertices as GDAL wrote them (read without our readers): the original every converted layer is compared with.
/// </summary>
public sealed class NanjingLines : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("coverage-gislayer-").FullName;
    public string Wgs84GeoJson { get; }
    public IReadOnlyList<Gdal.GdalFeature> Original { get; }

    public NanjingLines()
    {
        var osm = Path.Combine(Dir, "nanjing.osm");
        using (var gz = new GZipStream(File.OpenRead(OsmChinaExtract("nanjing-xinjiekou-sumo.osm.gz")), CompressionMode.Decompress))
        using (var file = File.Create(osm))
            gz.CopyTo(file);
        Wgs84GeoJson = Path.Combine(Dir, "lines.geojson");
        Gdal.Ogr2Ogr("-f", "GeoJSON", Wgs84GeoJson, osm, "lines");
        Original = Gdal.ReadFeatures(Wgs84GeoJson);
    }

    /// <summary>../shared/geodata/osm-china beside the folder holding Coverage.sln.</summary>
    static string OsmChinaExtract(string name) =>
        Path.Combine(Path.GetDirectoryName(ImportFixture.OsmExtract("SOURCE.txt"))!, "..", "osm-china", name) is var path && File.Exists(path)
            ? path : throw new FileNotFoundException($"OSM China test extract missing: {name} (see /work/shared/geodata/osm-china/SOURCE.txt)");

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

public class GisLayerFileTests(NanjingLines nj, ITestOutputHelper output) : IClassFixture<NanjingLines>
{
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>The largest distance (m) between each read vertex and the original's, matched by feature number and order.</summary>
    double MaxError(GisLayer layer)
    {
        Assert.Equal(nj.Original.Count, layer.Features.Count); // the OSM lines layer has only LineStrings: one part each
        double max = 0;
        int vertices = 0;
        foreach (var f in layer.Features)
        {
            var original = nj.Original[f.Number - 1].Geometry!.Coordinates;
            var read = f.Geometry.Coordinates;
            Assert.Equal(original.Length, read.Length);
            for (int i = 0; i < read.Length; i++, vertices++)
                max = Math.Max(max, new LonLat(read[i].X, read[i].Y).DistanceTo(new LonLat(original[i].X, original[i].Y)));
        }
        Assert.True(vertices > 2000, $"{vertices} vertices");
        return max;
    }

    string Path_(string name) => Path.Combine(nj.Dir, name);

    [Fact]
    public void A_gcj02_line_layer_lands_within_a_metre_of_its_wgs84_original()
    {
        var collection = new NetTopologySuite.Features.FeatureCollection();
        double shift = 0;
        foreach (var f in nj.Original)
        {
            var g = f.Geometry!.Copy();
            foreach (var c in g.Coordinates)
            {
                var gcj = ChinaCoordinates.Wgs84ToGcj02(new LonLat(c.X, c.Y));
                shift = Math.Max(shift, gcj.DistanceTo(new LonLat(c.X, c.Y)));
                (c.X, c.Y) = (gcj.Lon, gcj.Lat);
            }
            g.GeometryChanged();
            var attributes = new NetTopologySuite.Features.AttributesTable();
            foreach (var (k, v) in f.Properties) attributes.Add(k, v);
            collection.Add(new NetTopologySuite.Features.Feature(g, attributes));
        }
        Assert.True(shift > 300, $"GCJ-02 moved vertices by only {shift:0} m"); // the offset is real: reading as WGS84 would fail below
        var geojson = Path_("gcj.geojson");
        File.WriteAllText(geojson, JsonSerializer.Serialize(collection, GeoJson));
        var shp = Path_("gcj.shp");
        Gdal.Ogr2Ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", shp, geojson); // with a WGS84 .prj, which cannot say GCJ-02

        foreach (var path in new[] { geojson, shp })
        {
            var warnings = new List<ImportWarning>();
            var layer = GisLayerFile.Read(path, null, CrsSpec.Parse("gcj02"), null, warnings);
            double max = MaxError(layer);
            output.WriteLine($"{Path.GetFileName(path)}: GCJ-02 → WGS84 max error {max * 1000:0.0000} mm over {layer.Features.Count} lines; {layer.Reason}");
            Assert.True(max < 1, $"max error {max} m");
            Assert.Equal("GCJ-02", layer.CrsName);
            Assert.Equal("进香河路", layer.Features[0]["name"]);
        }
        var asWgs84 = GisLayerFile.Read(geojson, null, null, null, []);
        Assert.True(MaxError(asWgs84) > 300); // guessed WGS84: the reason says GCJ-02 cannot be told from the numbers
        Assert.Contains("GCJ-02", asWgs84.Reason.En);
    }

    [Fact]
    public void Gauss_kruger_layers_written_by_proj_read_back_within_a_centimetre()
    {
        // PROJ (through ogr2ogr) is the independent oracle: EPSG:4549 is CM 120E without prefix, EPSG:4528 is zone 40 with it.
        var cm120Shp = Path_("gk4549.shp");
        Gdal.Ogr2Ogr("-t_srs", "EPSG:4549", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", cm120Shp, nj.Wgs84GeoJson);
        var zone40Gpkg = Path_("gk4528.gpkg");
        Gdal.Ogr2Ogr("-t_srs", "EPSG:4528", "-f", "GPKG", zone40Gpkg, nj.Wgs84GeoJson);
        var cm120Json = Path_("gk4549.geojson");
        Gdal.Ogr2Ogr("-t_srs", "EPSG:4549", "-f", "GeoJSON", cm120Json, nj.Wgs84GeoJson);

        foreach (var (path, layerName, name) in new[] { (cm120Shp, (string?)null, "CGCS2000_3_Degree_GK_CM_120E"), (zone40Gpkg, "lines", "CGCS2000 / 3-degree Gauss-Kruger zone 40"), (cm120Json, null, "CGCS2000 / 3-degree Gauss-Kruger CM 120E") })
        {
            var layer = GisLayerFile.Read(path, layerName, null, null, []);
            double max = MaxError(layer);
            output.WriteLine($"{Path.GetFileName(path)} (declared): max error {max * 1000:0.000} mm; {layer.Reason}");
            Assert.True(max < 0.01, $"{path}: max error {max} m");
            Assert.Equal((name, false), (layer.CrsName, layer.Guessed));
        }

        // The same numbers with nothing declared: the zone prefix says zone 40; without a prefix the hint longitude picks CM 120E.
        var zone40Shp = Path_("gk4528.shp");
        Gdal.Ogr2Ogr("-t_srs", "EPSG:4528", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", zone40Shp, nj.Wgs84GeoJson);
        File.Delete(Path.ChangeExtension(zone40Shp, ".prj"));
        File.Delete(Path.ChangeExtension(cm120Shp, ".prj"));
        var zone = GisLayerFile.Read(zone40Shp, null, null, null, []);
        var hinted = GisLayerFile.Read(cm120Shp, null, null, 118.78, []);
        foreach (var (layer, crs) in new[] { (zone, "CGCS2000 / 3-degree Gauss-Kruger zone 40 (EPSG:4528)"), (hinted, "CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549)") })
        {
            double max = MaxError(layer);
            output.WriteLine($"guessed {crs}: max error {max * 1000:0.000} mm; {layer.Reason}");
            Assert.True(max < 0.01, $"{crs}: max error {max} m");
            Assert.Equal((crs, true), (layer.CrsName, layer.Guessed));
        }
        Assert.StartsWith("坐标 x 在 40,37", zone.Reason.Zh);
        Assert.Contains("按 CGCS2000 3° 带第 40 带（带号前缀，中央经线 120°E）解读", zone.Reason.Zh);
        Assert.Contains("central meridian 120°E taken from the hint longitude 118.78°", hinted.Reason.En);

        var refused = Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(cm120Shp, null, null, null, []));
        Assert.StartsWith("gk4549.shp：坐标 x 在 3", refused.Zh);
        Assert.Contains("pass --crs, e.g. --crs cgcs2000-gk3:120", refused.En);
        // Stated outright, the planner's --crs reads the prefix-less file too.
        Assert.True(MaxError(GisLayerFile.Read(cm120Shp, null, CrsSpec.Parse("cgcs2000-gk3:120"), null, [])) < 0.01);
    }

    [Fact]
    public void A_wrong_crs_is_caught_by_the_range_check_naming_file_and_feature()
    {
        var e = Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(nj.Wgs84GeoJson, null, CrsSpec.Parse("EPSG:4528"), null, []));
        Assert.StartsWith("lines.geojson：第 1 个要素：坐标 (118.", e.Zh);
        Assert.Contains("the coordinate system looks wrong: name it with --crs", e.En);
    }

    [Fact]
    public void A_crs_that_contradicts_the_prj_wins_with_a_warning_and_an_offset_over_a_projected_prj_is_refused()
    {
        var shp = Path_("gk4549b.shp");
        Gdal.Ogr2Ogr("-t_srs", "EPSG:4549", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", shp, nj.Wgs84GeoJson);
        var warnings = new List<ImportWarning>();
        Assert.True(MaxError(GisLayerFile.Read(shp, null, CrsSpec.Parse("EPSG:4549"), null, warnings)) < 0.01);
        Assert.DoesNotContain(warnings, w => w.En.Contains("disagrees")); // the same system by another name
        var insisted = GisLayerFile.Read(shp, null, CrsSpec.Parse("EPSG:4548"), null, warnings);
        Assert.Equal("CGCS2000 / 3-degree Gauss-Kruger CM 117E (EPSG:4548)", insisted.CrsName);
        Assert.True(MaxError(insisted) > 200_000); // read 3° west, as the planner insisted
        Assert.Contains(warnings, w => w.En == "--crs CGCS2000 / 3-degree Gauss-Kruger CM 117E (EPSG:4548) disagrees with CGCS2000_3_Degree_GK_CM_120E declared by the .prj file: read as --crs says");
        var offset = Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(shp, null, CrsSpec.Gcj02, null, []));
        Assert.Equal("gk4549b.shp: --crs GCJ-02 is an offset longitude/latitude system but the .prj file declares CGCS2000_3_Degree_GK_CM_120E; " +
            "drop --crs or export the layer as longitude/latitude", offset.En);
    }

    [Fact]
    public void Multilines_split_into_parts_keeping_the_feature_number_and_polygons_stay_whole()
    {
        var path = Path_("multi.geojson");
        File.WriteAllText(path, """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"名称":"甲路"},"geometry":{"type":"MultiLineString","coordinates":[[[118.70,32.0],[118.71,32.0]],[[118.72,32.0],[118.73,32.01]]]}},
             {"type":"Feature","properties":{"名称":"乙路"},"geometry":{"type":"LineString","coordinates":[[118.70,32.1],[118.71,32.1]]}},
             {"type":"Feature","properties":{"名称":"无"},"geometry":null}]}
            """);
        var warnings = new List<ImportWarning>();
        var layer = GisLayerFile.Read(path, null, null, null, warnings);
        Assert.Equal([(1, "甲路", 2), (1, "甲路", 2), (2, "乙路", 2)], layer.Features.Select(f => (f.Number, f["名称"], f.Geometry.NumPoints)));
        Assert.All(layer.Features, f => Assert.IsType<LineString>(f.Geometry));
        Assert.Equal(new Coordinate(118.72, 32.0), layer.Features[1].Geometry.Coordinates[0]);
        Assert.Contains(warnings, w => w.En == "1 features without geometry (or empty) skipped");

        var boundary = Path_("boundary.geojson");
        File.WriteAllText(boundary, """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"县"},"geometry":{"type":"MultiPolygon","coordinates":
             [[[[118.7,32.0],[118.8,32.0],[118.8,32.1],[118.7,32.0]]],[[[118.9,32.0],[118.95,32.0],[118.95,32.05],[118.9,32.0]]]]}}]}
            """);
        var county = Assert.Single(GisLayerFile.Read(boundary, null, null, null, [], GisGeometryKind.Polygons).Features);
        Assert.Equal(2, ((MultiPolygon)county.Geometry).NumGeometries);
        var asLines = Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(boundary, null, null, null, []));
        Assert.Equal("boundary.geojson: feature 1: the geometry is a MultiPolygon but lines are needed here; pick the right layer or convert it in GIS", asLines.En);
        Assert.StartsWith("boundary.geojson：第 1 个要素：几何是 MultiPolygon，此处需要线图层", asLines.Zh);
    }

    [Fact]
    public void Bad_files_are_one_line_bilingual_errors_naming_the_file()
    {
        var shp = Path_("bad.shp");
        Gdal.Ogr2Ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", shp, nj.Wgs84GeoJson);
        var bytes = File.ReadAllBytes(shp);
        var cut = Path_("cut.shp");
        foreach (var ext in new[] { ".shx", ".dbf", ".prj", ".cpg" }) File.Copy(Path.ChangeExtension(shp, ext), Path.ChangeExtension(cut, ext), true);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(cut, null, null, null, []));
        Assert.Matches(@"^cut\.shp: the shapefile is damaged: record \d+ claims \d+ bytes, past the end of the file; repair or re-export the layer in GIS$", truncated.En);
        Assert.StartsWith("cut.shp：Shapefile 已损坏：第 ", truncated.Zh);

        File.Delete(Path.ChangeExtension(cut, ".dbf"));
        var noDbf = Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(cut, null, null, null, []));
        Assert.Equal("cut.shp: cut.dbf is missing (.shp, .shx and .dbf must sit together)", noDbf.En);
        Assert.Equal("cut.shp：缺少 cut.dbf（.shp、.shx、.dbf 需放在同一目录）", noDbf.Zh);

        var gpkg = Path_("roads.gpkg");
        Gdal.Ogr2Ogr("-f", "GPKG", gpkg, nj.Wgs84GeoJson);
        var noLayer = Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(gpkg, "道路", null, null, []));
        Assert.Equal("roads.gpkg: no layer '道路'; layers: lines", noLayer.En);
        Assert.Equal("roads.gpkg：没有图层“道路”；现有图层：lines", noLayer.Zh);

        var points = Path_("points.geojson");
        File.WriteAllText(points, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[118.7,32.0]}}]}""");
        Assert.Equal("points.geojson: feature 1: the geometry is a Point but lines are needed here; pick the right layer or convert it in GIS",
            Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(points, null, null, null, [])).En);
        var empty = Path_("empty.geojson");
        File.WriteAllText(empty, """{"type":"FeatureCollection","features":[]}""");
        Assert.Equal("empty.geojson: the layer holds no coordinates, so its coordinate system cannot be judged",
            Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(empty, null, null, null, [])).En);
        Assert.Equal("empty.geojson: the layer holds no usable features",
            Assert.Throws<ImportFormatException>(() => GisLayerFile.Read(empty, null, CrsSpec.Wgs84, null, [])).En);
        foreach (var e in new[] { truncated, noDbf, noLayer }) Assert.DoesNotContain("Exception", e.Message);
    }

    [Fact]
    public void Import_crs_accepts_gauss_kruger_for_a_csv_of_projected_coordinates()
    {
        // The oracle: the zone-40 numbers of a Nanjing point come from ogr2ogr (PROJ).
        var zone40 = Path_("pt4528.geojson");
        var pt = Path_("pt.geojson");
        File.WriteAllText(pt, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[118.78,32.04]}}]}""");
        Gdal.Ogr2Ogr("-t_srs", "EPSG:4528", "-f", "GeoJSON", zone40, pt);
        var xy = (Point)Gdal.ReadFeatures(zone40)[0].Geometry!;
        var csv = Path.Combine(nj.Dir, "gk.csv");
        File.WriteAllText(csv, $"name,category,lon,lat\n卫生院,clinic,{xy.X:R},{xy.Y:R}\n");
        var r = new PlanImporter(SeedDirectory.LoadFrom(SeedDirectory.Find())).Facilities(csv, new ImportOptions { Crs = CrsSpec.Parse("cgcs2000-gk3-zone:40") });
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        var p = (Point)Assert.Single(r.Items).Geometry;
        double error = new LonLat(p.X, p.Y).DistanceTo(new LonLat(118.78, 32.04));
        output.WriteLine($"CSV in zone 40 → WGS84: error {error * 1000:0.000} mm");
        Assert.True(error < 0.01, $"{error} m");
    }
}
