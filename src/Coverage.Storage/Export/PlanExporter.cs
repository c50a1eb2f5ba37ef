using Coverage.Core.Domain;

namespace Coverage.Storage.Export;

/// <summary>Writes facilities or settlements in the format the path's extension names (.csv, .xlsx, .geojson, .shp, .gpkg).</summary>
public static class PlanExporter
{
    public static IReadOnlyList<string> Facilities(IReadOnlyList<Facility> items, string path) =>
        Write(items, ExportColumns.Facility, f => f.Geometry, path, gpkg => GeoPackageExport.Write(gpkg, items, []), XlsxExport.FacilitySheet);

    public static IReadOnlyList<string> Settlements(IReadOnlyList<Settlement> items, string path) =>
        Write(items, ExportColumns.Settlement, s => s.Geometry, path, gpkg => GeoPackageExport.Write(gpkg, [], items), XlsxExport.SettlementSheet);

    static IReadOnlyList<string> Write<T>(IReadOnlyList<T> items, IReadOnlyList<ExportColumn<T>> columns,
        Func<T, NetTopologySuite.Geometries.Geometry> geometry, string path, Action<string> geoPackage, string sheet)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv": CsvExport.Write(items, columns, geometry, path); return [path];
            case ".geojson" or ".json": GeoJsonExport.Write(items, columns, geometry, path); return [path];
            case ".shp": return ShapefileExport.Write(items, columns, geometry, path);
            case ".gpkg": geoPackage(path); return [path];
            case ".xlsx": XlsxExport.Write(path, [XlsxExport.SheetOf(sheet, items, columns, geometry)]); return [path];
            default:
                throw new ArgumentException($"不支持的导出格式 / Unsupported export format '{Path.GetExtension(path)}' (use .csv, .xlsx, .geojson, .shp or .gpkg)");
        }
    }
}
