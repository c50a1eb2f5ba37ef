using System.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace Coverage.Storage.Export;

/// <summary>
/// ESRI Shapefile with a WGS84 .prj and a UTF-8 .cpg. A shapefile holds one geometry type, so mixed input is split:
/// "name.shp" when all items share a type, else "name_points.shp", "name_lines.shp", "name_polygons.shp".
/// </summary>
public static class ShapefileExport
{
    public const string Wgs84Prj =
        "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    /// <summary>Writes the shapefile(s) and returns the .shp paths written.</summary>
    public static IReadOnlyList<string> Write<T>(IEnumerable<T> items, IReadOnlyList<ExportColumn<T>> columns, Func<T, Geometry> geometry, string shpPath)
    {
        var groups = items.GroupBy(i => Shape(geometry(i))).OrderBy(g => g.Key).ToList();
        var written = new List<string>();
        foreach (var group in groups)
        {
            string path = groups.Count == 1 ? shpPath
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(shpPath))!, $"{Path.GetFileNameWithoutExtension(shpPath)}_{Suffix(group.Key)}.shp");
            WriteOne(group, columns, geometry, group.Key, path);
            written.Add(path);
        }
        return written;
    }

    static void WriteOne<T>(IEnumerable<T> items, IReadOnlyList<ExportColumn<T>> columns, Func<T, Geometry> geometry, ShapeType type, string shpPath)
    {
        var dir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(shpPath))!, $".shp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var temp = Path.Combine(dir, Path.GetFileName(shpPath));
            var options = new ShapefileWriterOptions(type) { Encoding = new UTF8Encoding(false), Projection = Wgs84Prj };
            foreach (var c in columns)
            {
                switch (c.Type)
                {
                    case ColumnType.Integer: options.AddNumericInt32Field(c.Name); break;
                    case ColumnType.Boolean: options.AddLogicalField(c.Name); break;
                    case ColumnType.Real: options.AddNumericDoubleField(c.Name); break; // a number to QGIS, whatever the locale
                    default: options.AddCharacterField(c.Name, 254); break;
                }
            }
            using (var writer = Shapefile.OpenWrite(temp, options))
                foreach (var item in items)
                {
                    var attributes = new AttributesTable();
                    foreach (var c in columns) attributes.Add(c.Name, c.Value(item));
                    writer.Write(new Feature(PlainXY.Of(geometry(item)), attributes));
                }
            File.WriteAllText(Path.ChangeExtension(temp, ".cpg"), "UTF-8");
            foreach (var file in Directory.GetFiles(dir))
                File.Move(file, Path.Combine(Path.GetDirectoryName(Path.GetFullPath(shpPath))!, Path.GetFileName(file)), overwrite: true);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static ShapeType Shape(Geometry g) => g switch
    {
        Point => ShapeType.Point,
        MultiPoint => ShapeType.MultiPoint,
        LineString or MultiLineString => ShapeType.PolyLine,
        _ => ShapeType.Polygon,
    };

    static string Suffix(ShapeType t) => t switch
    {
        ShapeType.Point => "points", ShapeType.MultiPoint => "multipoints", ShapeType.PolyLine => "lines", _ => "polygons",
    };
}
