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
        AtomicFile.Write(path, temp =>
        {
            using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString()))
            {
                db.Open();
                using var tx = db.BeginTransaction();
                Exec(db, tx, Schema);
                Layer(db, tx, "facilities", facilities.ToList(), ExportColumns.Facility, f => f.Geometry);
                Layer(db, tx, "settlements", settlements.ToList(), ExportColumns.Settlement, s => s.Geometry);
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

    static void Layer<T>(SqliteConnection db, SqliteTransaction tx, string table, List<T> items, IReadOnlyList<ExportColumn<T>> columns, Func<T, Geometry> geometry)
    {
        // MEDIUMINT is the GeoPackage 32-bit integer (INTEGER is 64-bit); our counts are Int32.
        string SqlType(ColumnType t) => t switch { ColumnType.Integer => "MEDIUMINT", ColumnType.Boolean => "BOOLEAN", _ => "TEXT" };
        Exec(db, tx, $"CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY, "
            + string.Join(", ", columns.Select(c => $"\"{c.Name}\" {SqlType(c.Type)}")) + ")");
        var extent = new Envelope();
        foreach (var item in items) extent.ExpandToInclude(geometry(item).EnvelopeInternal);
        using (var cmd = Command(db, tx, "INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES ($t, 'features', $t, $x0, $y0, $x1, $y1, 4326)"))
        {
            cmd.Parameters.AddWithValue("$t", table);
            cmd.Parameters.AddWithValue("$x0", extent.IsNull ? DBNull.Value : extent.MinX);
            cmd.Parameters.AddWithValue("$y0", extent.IsNull ? DBNull.Value : extent.MinY);
            cmd.Parameters.AddWithValue("$x1", extent.IsNull ? DBNull.Value : extent.MaxX);
            cmd.Parameters.AddWithValue("$y1", extent.IsNull ? DBNull.Value : extent.MaxY);
            cmd.ExecuteNonQuery();
        }
        using (var cmd = Command(db, tx, "INSERT INTO gpkg_geometry_columns VALUES ($t, 'geom', $type, 4326, 0, 0)"))
        {
            cmd.Parameters.AddWithValue("$t", table);
            cmd.Parameters.AddWithValue("$type", GeometryTypeName(items.Select(geometry)));
            cmd.ExecuteNonQuery();
        }
        using var insert = Command(db, tx, $"INSERT INTO {table} (geom, {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) VALUES ($geom, "
            + string.Join(", ", columns.Select((_, i) => $"$p{i}")) + ")");
        var writer = new GeoPackageGeoWriter();
        foreach (var item in items)
        {
            insert.Parameters.Clear();
            var g = geometry(item).Copy();
            g.SRID = 4326;
            insert.Parameters.AddWithValue("$geom", writer.Write(g));
            for (int i = 0; i < columns.Count; i++)
                insert.Parameters.AddWithValue($"$p{i}", columns[i].Value(item) switch { null => DBNull.Value, bool b => b ? 1 : 0, var v => v });
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
