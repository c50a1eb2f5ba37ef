using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Export;

/// <summary>
/// CSV in UTF-8 with a BOM (so Excel opens Chinese text correctly): the attribute columns, then lon/lat for
/// points, and wkt for every row (so GDAL and QGIS read every geometry from one column: ogr2ogr -oo GEOM_POSSIBLE_NAMES=wkt).
/// Numbers use the invariant culture and round-trip exactly.
/// </summary>
public static class CsvExport
{
    public static void Write<T>(IEnumerable<T> items, IReadOnlyList<ExportColumn<T>> columns, Func<T, Geometry> geometry, string path) =>
        AtomicFile.Write(path, temp =>
        {
            using var w = new StreamWriter(temp, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            w.NewLine = "\r\n";
            w.WriteLine(string.Join(",", columns.Select(c => c.Name).Concat(["lon", "lat", "wkt"])));
            foreach (var item in items)
            {
                var g = PlainXY.Of(geometry(item));
                var cells = columns.Select(c => Cell(c.Value(item)));
                cells = g is Point p
                    ? cells.Concat([Number(p.X), Number(p.Y), Quote(g.AsText())])
                    : cells.Concat(["", "", Quote(g.AsText())]);
                w.WriteLine(string.Join(",", cells));
            }
        });

    static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static string Cell(object? v) => v switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(v.ToString() ?? ""),
    };

    static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r', ';', '\t']) >= 0 || s != s.Trim() ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
