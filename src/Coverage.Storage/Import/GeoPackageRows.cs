using Coverage.Core;
using Coverage.Core.Geo;
using Microsoft.Data.Sqlite;
using NetTopologySuite.IO;

namespace Coverage.Storage.Import;

/// <summary>Rows of one feature layer of an OGC GeoPackage (read by <see cref="GeoPackageLayer"/>); a layer in another CRS is reprojected to WGS84.</summary>
static class GeoPackageRows
{
    public static IEnumerable<RawRow> Read(string path, string? layer, string preferred, CrsSpec? stated, ICollection<ImportWarning> warnings)
    {
        var source = GeoPackageLayer.Open(path, layer, preferred);
        var crs = LayerCrs.Declaration(stated, source, warnings);
        if (source.Declared is null && stated is null)
            warnings.Add(new($"图层 {source.Layer} 未定义坐标系，按 WGS84 经纬度读取", $"layer {source.Layer} defines no coordinate system: coordinates taken as WGS84 longitude/latitude"));
        if (crs is { IsWgs84: false })
            warnings.Add(new($"图层 {source.Layer} 已从 {crs.Name} 转换为 WGS84", $"layer {source.Layer} reprojected from {crs.Name} to WGS84"));
        var ignored = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in source.Records)
        {
            var blobs = r.Blobs.Where(b => FieldNames.Canonical(b.Column) is not null)
                .Select(b => (FieldNames.Canonical(b.Column)!, $"列 {b.Column} 是 {b.Bytes} 字节的二进制数据（BLOB），不是文字；请在 GIS 中把该列改为文本",
                    $"column {b.Column} holds {b.Bytes} bytes of binary data (BLOB), not text; make it a text column in GIS")).ToList();
            var fields = RawRow.Canonicalise(r.Columns, ignored);
            var geometry = r.Geometry is not null && crs is not null ? crs.ToWgs84(r.Geometry) : r.Geometry;
            yield return new RawRow(RowLocation.Feature(r.Number), fields, geometry) { GeometryError = r.GeometryError, FieldErrors = blobs };
        }
        if (ignored.Count > 0)
            warnings.Add(new($"已忽略无法识别的字段：{string.Join("、", ignored)}", $"ignored unknown fields: {string.Join(", ", ignored)}"));
    }
}

/// <summary>
/// One feature layer of an OGC GeoPackage as stored: the layer named, else the only one, else the one named
/// <c>preferred</c>. The declared CRS is the layer's srs (4326 without parsing; 0 and -1, "undefined", as none).
/// </summary>
static class GeoPackageLayer
{
    public static LayerSource Open(string path, string? layer, string? preferred)
    {
        using var db = Connect(path);
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
        int srsId;
        string geomColumn;
        (WktCrs?, ImportFormatException?) declaration;
        try
        {
            (geomColumn, srsId) = GeometryColumn(db, table);
            declaration = Declared(db, table, srsId);
        }
        catch (SqliteException e) { throw Damaged(e); }
        var (declared, error) = declaration;
        return new LayerSource(Checked(Records(path, table, geomColumn)), declared, new($"图层 {table} 的坐标系表（srs）", $"the srs of layer {table}"))
        { Layer = table, DeclarationError = error };
    }

    static SqliteConnection Connect(string path) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());

    /// <summary>The layer's CRS (null when undefined), or why it cannot be used.</summary>
    static (WktCrs?, ImportFormatException?) Declared(SqliteConnection db, string table, int srsId)
    {
        if (srsId == 4326) return (WktCrs.Wgs84, null);
        if (srsId is 0 or -1) return (null, null); // GeoPackage 1.2 §1.1.2.1.1: "undefined geographic" and "undefined Cartesian"
        string definition = Strings(db, $"SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = {srsId}").FirstOrDefault() ?? "";
        try { return (WktCrs.Parse(definition), null); }
        catch (FormatException e)
        {
            if (CrsSpec.FromEpsg(srsId) is { } known) return (WktCrs.From(known), null);
            return (null, new ImportFormatException($"图层 {table} 的坐标系（srs_id {srsId}）无法使用：{e.Message}", $"layer {table}'s coordinate system (srs_id {srsId}) cannot be used: {e.Message}"));
        }
    }

    /// <summary>A blob reader's reason, without the exception type NTS puts in front of a wrapped ParseException's message, and its stack trace (NTS puts the inner exception's ToString() there).</summary>
    /// <summary>The first line of the reader's message without the exception type names NTS prefixes (e.g. "System.IO.EndOfStreamException: " for a cut blob).</summary>
    static string Reason(Exception e) =>
        ShownValue.Of(System.Text.RegularExpressions.Regex.Replace(e.Message.Split('\n')[0].TrimEnd(), @"^(?:[\w.]+Exception:\s*)+", ""));

    static ImportFormatException Damaged(SqliteException e) =>
        new($"GeoPackage 已损坏或缺少表：{ShownValue.Of(e.Message)}；请在 GIS 中修复或重新导出", $"the GeoPackage is damaged or lacks a table: {ShownValue.Of(e.Message)}; repair or re-export it in GIS");

    /// <summary>The records, with SQLite's errors while reading (a malformed page, a layer table that is gone) as the planner's error.</summary>
    static IEnumerable<LayerRecord> Checked(IEnumerable<LayerRecord> records)
    {
        using var items = records.GetEnumerator();
        while (true)
        {
            try { if (!items.MoveNext()) yield break; }
            catch (SqliteException e) { throw Damaged(e); }
            yield return items.Current;
        }
    }

    /// <summary>The table's rows in order, read on a connection of their own (opened when enumeration starts).</summary>
    static IEnumerable<LayerRecord> Records(string path, string table, string geomColumn)
    {
        using var db = Connect(path);
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"")}\"";
        using var reader = cmd.ExecuteReader();
        var geoReader = new GeoPackageGeoReader();
        int n = 0;
        while (reader.Read())
        {
            var columns = new List<KeyValuePair<string, string?>>();
            NetTopologySuite.Geometries.Geometry? geometry = null;
            var blobs = new List<(string, int)>();
            (string, string)? problem = null;
            for (int i = 0; i < reader.FieldCount; i++)
            {
                string name = reader.GetName(i);
                if (string.Equals(name, geomColumn, StringComparison.OrdinalIgnoreCase))
                {
                    if (reader.IsDBNull(i)) { problem = ("要素没有几何", "feature has no geometry"); continue; }
                    try { geometry = geoReader.Read((byte[])reader.GetValue(i)); }
                    catch (Exception e) when (e is ParseException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or InvalidCastException
                                              or EndOfStreamException) // a blob cut short
                    { problem = ($"几何无法读取：{Reason(e)}", $"geometry cannot be read: {Reason(e)}"); }
                }
                else if (!string.Equals(name, "fid", StringComparison.OrdinalIgnoreCase))
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    if (value is byte[] bytes) blobs.Add((name, bytes.Length));
                    columns.Add(new(name, value is byte[] ? null : ShapefileLayer.Text(value)));
                }
            }
            yield return new LayerRecord(++n, columns, geometry, problem) { Blobs = blobs };
        }
    }

    static string PickLayer(List<string> layers, string? wanted, string? preferred)
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
