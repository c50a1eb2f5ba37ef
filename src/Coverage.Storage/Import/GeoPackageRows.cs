using Coverage.Core.Geo;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;

namespace Coverage.Storage.Import;

/// <summary>Rows of one feature layer of an OGC GeoPackage; a layer in another CRS is reprojected to WGS84.</summary>
static class GeoPackageRows
{
    public static IEnumerable<RawRow> Read(string path, string? layer, string preferred, ICollection<ImportWarning> warnings)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        List<string> layers;
        try
        {
            db.Open();
            layers = Strings(db, "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name");
        }
        catch (SqliteException e)
        {
            throw new ImportFormatException($"不是 GeoPackage 文件：{e.Message}", $"not a GeoPackage file: {e.Message}");
        }
        string table = PickLayer(layers, layer, preferred);
        var (geomColumn, srsId) = GeometryColumn(db, table);
        WktCrs? crs = null;
        if (srsId != 4326)
        {
            string definition = Strings(db, $"SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = {srsId}").FirstOrDefault() ?? "";
            try { crs = WktCrs.Parse(definition); }
            catch (FormatException e)
            {
                throw new ImportFormatException($"图层 {table} 的坐标系（srs_id {srsId}）无法使用：{e.Message}", $"layer {table}'s coordinate system (srs_id {srsId}) cannot be used: {e.Message}");
            }
            if (!crs.IsWgs84) warnings.Add(new($"图层 {table} 已从 {crs.Name} 转换为 WGS84", $"layer {table} reprojected from {crs.Name} to WGS84"));
            else crs = null;
        }
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"";
        using var reader = cmd.ExecuteReader();
        var geoReader = new GeoPackageGeoReader();
        var ignored = new SortedSet<string>(StringComparer.Ordinal);
        int n = 0;
        while (reader.Read())
        {
            var where = RowLocation.Feature(++n);
            var columns = new List<KeyValuePair<string, string?>>();
            NetTopologySuite.Geometries.Geometry? geometry = null;
            var blobs = new List<(string, string, string)>();
            (string, string)? problem = null;
            for (int i = 0; i < reader.FieldCount; i++)
            {
                string name = reader.GetName(i);
                if (string.Equals(name, geomColumn, StringComparison.OrdinalIgnoreCase))
                {
                    if (reader.IsDBNull(i)) { problem = ("要素没有几何", "feature has no geometry"); continue; }
                    try { geometry = geoReader.Read((byte[])reader.GetValue(i)); }
                    catch (Exception e) when (e is ParseException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or InvalidCastException)
                    { problem = ($"几何无法读取：{e.Message}", $"geometry cannot be read: {e.Message}"); }
                }
                else if (!string.Equals(name, "fid", StringComparison.OrdinalIgnoreCase))
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    if (value is byte[] bytes && FieldNames.Canonical(name) is { } field)
                        blobs.Add((field, $"列 {name} 是 {bytes.Length} 字节的二进制数据（BLOB），不是文字；请在 GIS 中把该列改为文本",
                            $"column {name} holds {bytes.Length} bytes of binary data (BLOB), not text; make it a text column in GIS"));
                    columns.Add(new(name, value is byte[] ? null : ShapefileRows.Text(value)));
                }
            }
            var fields = RawRow.Canonicalise(columns, ignored);
            if (geometry is not null && crs is not null) geometry = crs.ToWgs84(geometry);
            yield return new RawRow(where, fields, geometry) { GeometryError = problem, FieldErrors = blobs };
        }
        if (ignored.Count > 0)
            warnings.Add(new($"已忽略无法识别的字段：{string.Join("、", ignored)}", $"ignored unknown fields: {string.Join(", ", ignored)}"));
    }

    static string PickLayer(List<string> layers, string? wanted, string preferred)
    {
        string list = layers.Count == 0 ? "（无 / none）" : string.Join(", ", layers);
        if (wanted is not null)
            return layers.FirstOrDefault(l => string.Equals(l, wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new ImportFormatException($"没有图层“{wanted}”；现有图层：{list}", $"no layer '{wanted}'; layers: {list}");
        if (layers.Count == 0)
            throw new ImportFormatException("GeoPackage 中没有要素图层（gpkg_contents 中没有 features 类型的表）", "the GeoPackage holds no feature layer (no 'features' table in gpkg_contents)");
        if (layers.Count == 1) return layers[0];
        return layers.FirstOrDefault(l => string.Equals(l, preferred, StringComparison.OrdinalIgnoreCase))
            ?? throw new ImportFormatException($"GeoPackage 有 {layers.Count} 个图层，请用 --layer 指定其一：{list}", $"the GeoPackage has {layers.Count} layers; choose one with --layer: {list}");
    }

    static (string Column, int SrsId) GeometryColumn(SqliteConnection db, string table)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = $t";
        cmd.Parameters.AddWithValue("$t", table);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) throw new ImportFormatException($"图层 {table} 没有几何列", $"layer {table} has no geometry column");
        return (r.GetString(0), r.GetInt32(1));
    }

    static List<string> Strings(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) if (!r.IsDBNull(0)) list.Add(r.GetString(0));
        return list;
    }
}
