using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Core.Rules;
using Coverage.Core.Seeds;

namespace Coverage.Storage.Import;

/// <summary>
/// Reads facilities or settlements from CSV, GeoJSON, Shapefile, GeoPackage or OSM into domain objects.
/// All or nothing: the result holds every row, or no row and every error (line/feature, field, why).
/// Each object carries Source (the file name) and SourceId (the row's id, or a stable hash of the row).
/// </summary>
public sealed class PlanImporter(SeedCatalog seeds)
{
    public ImportResult<Facility> Facilities(string path, ImportOptions? options = null) =>
        Run(path, options ?? new(), "facilities", (v, row) => v.Facility(row));

    public ImportResult<Settlement> Settlements(string path, ImportOptions? options = null) =>
        Run(path, options ?? new(), "settlements", (v, row) => v.Settlement(row));

    /// <summary>CSV from a stream (e.g. an upload), read under the size limit.</summary>
    public ImportResult<Facility> FacilitiesFromCsv(Stream csv, string sourceName, ImportOptions? options = null) =>
        RunStream(csv, sourceName, options ?? new(), (v, row) => v.Facility(row));

    public ImportResult<Settlement> SettlementsFromCsv(Stream csv, string sourceName, ImportOptions? options = null) =>
        RunStream(csv, sourceName, options ?? new(), (v, row) => v.Settlement(row));

    ImportResult<T> RunStream<T>(Stream csv, string sourceName, ImportOptions options, Func<RowValidator, RawRow, T?> build) where T : class
    {
        var warnings = new List<ImportWarning>();
        try
        {
            var (text, encoding) = InputText.Decode(InputText.ReadLimited(csv, options.MaxBytes));
            if (encoding != "UTF-8") warnings.Add(new($"文件按 {encoding} 编码读取", $"file read as {encoding}"));
            return Validate(CsvRows.Read(text, warnings), sourceName, options, warnings, build);
        }
        catch (ImportFormatException e) { return ImportResult<T>.Fail(new(RowLocation.File, null, e.Zh, e.En)); }
    }

    ImportResult<T> Run<T>(string path, ImportOptions options, string layerName, Func<RowValidator, RawRow, T?> build) where T : class
    {
        var warnings = new List<ImportWarning>();
        try
        {
            InputText.CheckSize(path, options.MaxBytes);
            if (IsWorkbook(path))
            {
                var sheet = XlsxRows.Read(path, options.Sheet, options.MaxBytes, warnings);
                return Validate(sheet.Rows, Path.GetFileName(path), options, warnings, build, sheet.ColumnOf);
            }
            var rows = Rows(path, options, layerName, warnings);
            return Validate(rows, Path.GetFileName(path), options, warnings, build);
        }
        catch (ImportFormatException e) { return ImportResult<T>.Fail(new(RowLocation.File, null, e.Zh, e.En)); }
    }

    /// <summary>An Excel workbook by its extension (.xls is refused by the reader with what to do).</summary>
    public static bool IsWorkbook(string path) =>
        path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xls", StringComparison.OrdinalIgnoreCase);

    IEnumerable<RawRow> Rows(string path, ImportOptions options, string layerName, List<ImportWarning> warnings)
    {
        string lower = path.ToLowerInvariant();
        if (lower.EndsWith(".csv") || lower.EndsWith(".txt"))
        {
            var (text, encoding) = InputText.Decode(File.ReadAllBytes(path));
            if (encoding != "UTF-8") warnings.Add(new($"文件按 {encoding} 编码读取", $"file read as {encoding}"));
            return CsvRows.Read(text, warnings);
        }
        if (lower.EndsWith(".geojson") || lower.EndsWith(".json")) return GeoJsonRows.Read(File.ReadAllBytes(path), options.Crs, warnings);
        if (lower.EndsWith(".shp")) return ShapefileRows.Read(path, options.Crs, warnings);
        if (lower.EndsWith(".gpkg")) return GeoPackageRows.Read(path, options.Layer, layerName, options.Crs, warnings);
        if (lower.EndsWith(".osm") || lower.EndsWith(".osm.gz") || lower.EndsWith(".pbf"))
            return OsmRows.Read(path, seeds, layerName == "settlements", warnings);
        throw new ImportFormatException("不支持的文件类型（支持 .csv .xlsx .geojson .shp .gpkg .osm .osm.gz .osm.pbf）",
            "unsupported file type (supported: .csv .xlsx .geojson .shp .gpkg .osm .osm.gz .osm.pbf)");
    }

    ImportResult<T> Validate<T>(IEnumerable<RawRow> rows, string source, ImportOptions options, List<ImportWarning> warnings,
        Func<RowValidator, RawRow, T?> build, IReadOnlyDictionary<string, string>? columnOf = null) where T : class
    {
        var validator = new RowValidator(seeds, options, source);
        var items = new List<T>();
        var itemRows = new List<RowLocation>();
        int count = 0, bad = 0;
        var itemFields = new List<IReadOnlyDictionary<string, string?>>();
        foreach (var row in rows)
        {
            count++;
            if (row.FieldErrors.Count > 0)
            {
                // The unreadable value would read as missing ("name is empty"): its own error says what is wrong.
                foreach (var (field, zh, en) in row.FieldErrors) validator.Errors.Add(row.Where, field, zh, en);
                bad++;
                continue;
            }
            if (build(validator, row) is not { } item) { bad++; continue; }
            items.Add(item);
            itemRows.Add(row.Where);
            itemFields.Add(row.Fields);
        }
        if (validator.LeftAsWgs84 > 0)
            warnings.Add(new($"{validator.LeftAsWgs84} 个坐标位于中国境外，{options.Crs?.Name} 偏移不适用，按 WGS84 保留",
                $"{validator.LeftAsWgs84} coordinates lie outside China where the {options.Crs?.Name} offset does not apply; left as WGS84"));
        if (validator.AreasPlaced > 0 && FacilityRules.AreasPlaced(validator.AreasPlaced) is var (placedZh, placedEn)) warnings.Add(new(placedZh, placedEn));
        if (validator.BlankPopulation > 0 && typeof(T) == typeof(Settlement))
            warnings.Add(new($"{validator.BlankPopulation} 个居民点缺少人口，按 0 计", $"{validator.BlankPopulation} settlements have no population; counted as 0"));
        if (count == 0) warnings.Add(new("文件中没有数据行", "the file has no data rows"));
        if (items is List<Settlement> settlements) ParentNames.Resolve(settlements, itemRows, validator.Errors, warnings);
        // A spreadsheet's errors name the column letter and heading as well as the field.
        var errors = columnOf is null ? validator.Errors.Errors
            : validator.Errors.Errors.Select(e => e.Field is { } f && columnOf.TryGetValue(f, out var label) ? e with { Field = label } : e).ToList();
        return new ImportResult<T>(items, errors, warnings, count, validator.Errors.Omitted, itemRows, bad) { ItemFields = errors.Count == 0 ? itemFields : [] };
    }
}
