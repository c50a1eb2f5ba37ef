using Coverage.Core.Domain;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Coverage.Storage.Export;

/// <summary>
/// An OGC GeoPackage 1.3 file (the version GDAL 3.6 on Debian fully supports) with layers "facilities" and "settlements" in EPSG:4326, readable by QGIS and ogrinfo.
/// Written to a temporary file and moved into place.
/// </summary>
public static class GeoPackageExport
{
    const string Wgs84Wkt =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    public static void Write(string path, IEnumerable<Facility> facilities, IEnumerable<Settlement> settlements) =>
        Write(path, [GeoPackageLayer.From("facilities", facilities, ExportColumns.Facility, f => f.Geometry),
            GeoPackageLayer.From("settlements", settlements, ExportColumns.Settlement, s => s.Geometry)]);

    /// <summary>Any tables as layers: with geometry as feature layers, without as attribute tables (both listed by ogrinfo and QGIS).</summary>
    public static void Write(string path, IEnumerable<GeoPackageLayer> layers) =>
        AtomicFile.Write(path, temp =>
        {
            using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString()))
            {
                db.Open();
                using var tx = db.BeginTransaction();
                Exec(db, tx, Schema);
                foreach (var layer in layers) Layer(db, tx, layer);
                tx.Commit();
            }
        });

    static readonly string Schema = $"""
        PRAGMA application_id = 1196444487;
        PRAGMA user_version = 10300;
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
          organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
        INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
        INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{Wgs84Wkt}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
          last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
          srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        """;

    static void Layer(SqliteConnection db, SqliteTransaction tx, GeoPackageLayer layer)
    {
        // MEDIUMINT is the GeoPackage 32-bit integer (INTEGER is 64-bit); our counts are Int32.
        string SqlType(ColumnType t) => t switch { ColumnType.Integer => "MEDIUMINT", ColumnType.Boolean => "BOOLEAN", ColumnType.Real => "DOUBLE", _ => "TEXT" };
        var table = layer.Name;
        bool spatial = layer.Geometries is not null;
        Exec(db, tx, $"CREATE TABLE \"{table}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL{(spatial ? ", geom GEOMETRY" : "")}, "
            + string.Join(", ", layer.Columns.Select(c => $"\"{c.Name}\" {SqlType(c.Type)}")) + ")");
        var extent = new Envelope();
        if (spatial) foreach (var g in layer.Geometries!) if (g is not null) extent.ExpandToInclude(g.EnvelopeInternal);
        using (var cmd = Command(db, tx, "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) " +
            "VALUES ($t, $kind, $t, $d, $x0, $y0, $x1, $y1, $srs)"))
        {
            cmd.Parameters.AddWithValue("$t", table);
            cmd.Parameters.AddWithValue("$kind", spatial ? "features" : "attributes");
            cmd.Parameters.AddWithValue("$d", layer.Description ?? "");
            cmd.Parameters.AddWithValue("$x0", extent.IsNull ? DBNull.Value : extent.MinX);
            cmd.Parameters.AddWithValue("$y0", extent.IsNull ? DBNull.Value : extent.MinY);
            cmd.Parameters.AddWithValue("$x1", extent.IsNull ? DBNull.Value : extent.MaxX);
            cmd.Parameters.AddWithValue("$y1", extent.IsNull ? DBNull.Value : extent.MaxY);
            cmd.Parameters.AddWithValue("$srs", spatial ? 4326 : DBNull.Value);
            cmd.ExecuteNonQuery();
        }
        if (spatial)
            using (var cmd = Command(db, tx, "INSERT INTO gpkg_geometry_columns VALUES ($t, 'geom', $type, 4326, 0, 0)"))
            {
                cmd.Parameters.AddWithValue("$t", table);
                cmd.Parameters.AddWithValue("$type", GeometryTypeName(layer.Geometries!.OfType<Geometry>()));
                cmd.ExecuteNonQuery();
            }
        var names = layer.Columns.Select(c => $"\"{c.Name}\"").Prepend(spatial ? "geom" : null).OfType<string>();
        var values = layer.Columns.Select((_, i) => $"$p{i}").Prepend(spatial ? "$geom" : null).OfType<string>();
        using var insert = Command(db, tx, $"INSERT INTO \"{table}\" ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)})");
        // Plain 2D: GDAL drops a geometry whose Z or M is NaN when it converts the file (ogr2ogr → GeoJSON lost every one).
        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        for (int r = 0; r < layer.Rows.Count; r++)
        {
            insert.Parameters.Clear();
            if (spatial)
            {
                var g = layer.Geometries![r] is { } original ? PlainXY.Of(original).Copy() : null;
                if (g is not null) g.SRID = 4326;
                insert.Parameters.AddWithValue("$geom", g is null ? DBNull.Value : writer.Write(g));
            }
            var row = layer.Rows[r];
            for (int i = 0; i < layer.Columns.Count; i++)
                insert.Parameters.AddWithValue($"$p{i}", row[i] switch { null => DBNull.Value, bool b => b ? 1 : 0, double d when !double.IsFinite(d) => DBNull.Value, var v => v });
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The single type when all geometries share one, else GEOMETRY.</summary>
    static string GeometryTypeName(IEnumerable<Geometry> geometries)
    {
        var types = geometries.Select(g => g.GeometryType.ToUpperInvariant()).Distinct().ToList();
        return types.Count == 1 ? types[0] : "GEOMETRY";
    }

    static SqliteCommand Command(SqliteConnection db, SqliteTransaction tx, string sql)
    {
        var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    static void Exec(SqliteConnection db, SqliteTransaction tx, string sql)
    {
        using var cmd = Command(db, tx, sql);
        cmd.ExecuteNonQuery();
    }
}
