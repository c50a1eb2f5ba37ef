using System.CommandLine;
using System.Text;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Core.Seeds;
using Coverage.Server.Region;
using Coverage.Storage;
using Coverage.Storage.GeoPackage;
using Coverage.Storage.Import;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Coverage.Server.Cli;

/// <summary>
/// `coverage import facilities|settlements FILE`: a planner's table into the server's plan store, all rows or none,
/// idempotent by (file name, source id), every change in the edit log.
/// </summary>
public static class ImportCommands
{
    public static Command Create()
    {
        var import = new Command("import", "导入设施或居民点到规划库 / Import facilities or settlements into the plan store");
        import.Subcommands.Add(Verb(PlanLayers.Facilities, "导入设施表", "Import a facilities table", withCategory: true));
        import.Subcommands.Add(Verb(PlanLayers.Settlements, "导入居民点表（行政村、自然村、社区）", "Import a settlements table (villages, communities)", withCategory: false));
        return import;
    }

    static Command Verb<T>(PlanLayer<T> layer, string zh, string en, bool withCategory) where T : class
    {
        var file = new Argument<string>("file") { Description = "文件 / .csv .xlsx .geojson .shp .gpkg .osm .osm.gz .osm.pbf" };
        var crs = new Option<string?>("--crs") { Description = $"坐标系（默认：文件的 .prj，否则 WGS84）/ coordinate system of the file (default: its .prj, else WGS84): {CrsSpec.Accepted}" };
        var category = new Option<string?>("--category") { Description = "无类别列时的设施类别 / category for rows without a category column" };
        var encoding = new Option<string?>("--encoding") { Description = "CSV 编码 utf-8 | gbk（默认自动识别）/ CSV encoding (default: detected)" };
        var by = new Option<string?>("--by") { Description = "修改日志中的操作人 / who, for the edit log (default: cli:OS user)" };
        var layerName = new Option<string?>("--layer") { Description = "GeoPackage 图层名（默认：唯一的图层，或名为 facilities/settlements 的图层）/ GeoPackage layer (default: the only one, or the one named facilities/settlements)" };
        var sheet = new Option<string?>("--sheet") { Description = "Excel 工作表名称（默认第一个工作表）/ Excel worksheet to read (default: the first)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "只校验并统计，不写入；并给出编辑日志编号 / check and count only, write nothing; prints the edit-log cursor" };
        var sincePreview = new Option<long?>("--since-preview") { Description = "试运行给出的编辑日志编号：若此后他人改过本次要修改的行，列出并拒绝导入 / the dry run's edit-log cursor: list and refuse rows others changed since" };
        var overwrite = new Option<bool>("--overwrite") { Description = "与 --since-preview 同用：仍然覆盖他人此后的修改 / with --since-preview: overwrite the changes others made since" };
        var store = CliStore.StoreOption();
        var region = CliStore.RegionOption();
        var cmd = new Command(layer.Name, $"{zh}；空规划库先导入区域自带的数据（同服务器首次启动）/ {en}; an empty store first gets the region's own tables, as on the server's first start") { file, crs, encoding, layerName, sheet, by, dryRun, sincePreview, overwrite, store, region };
        if (withCategory) cmd.Options.Add(category);
        cmd.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var seeds = SeedDirectory.LoadFrom(SeedDirectory.Find(CliStore.RepoRoot));
            var options = new ImportOptions
            {
                Crs = CrsSpec.ParseOptional(parse.GetValue(crs)),
                Category = withCategory && parse.GetValue(category) is { } cat ? PlanLayers.CategoryId(seeds, cat) : null,
                Layer = parse.GetValue(layerName),
                Sheet = parse.GetValue(sheet),
            };
            var textEncoding = ForcedEncoding(parse.GetValue(encoding), path);
            if (parse.GetValue(layerName) is not null && !path.EndsWith(".gpkg", StringComparison.OrdinalIgnoreCase))
                throw new InputException("--layer 只适用于 GeoPackage（.gpkg）文件", "--layer applies to GeoPackage (.gpkg) files only");
            if (parse.GetValue(sheet) is not null && !PlanImporter.IsWorkbook(path))
                throw new InputException("--sheet 只适用于 Excel 工作簿（.xlsx）", "--sheet applies to Excel workbooks (.xlsx) only");
            if (!File.Exists(path)) throw new FileNotFoundException($"找不到文件 {path} / File not found: {path}");
            var location = CliStore.Locate(parse.GetValue(store), parse.GetValue(region));
            ImportRegion target = null!;
            AnsiConsole.Status().Start("读取区域路网 Loading the region's walking network…", _ => target = ImportRegion.Load(parse.GetValue(region), seeds));
            options = options with { Region = target.Extent };

            var importer = new PlanImporter(seeds);
            ImportResult<T> result = null!;
            AnsiConsole.Status().Start($"读取并校验 Reading and checking {Markup.Escape(Path.GetFileName(path))}…",
                _ => result = Read(layer, importer, path, options, textEncoding));
            foreach (var w in result.Warnings) Console.Error.WriteLine($"注意 Note: {w}");
            ThrowIfFailed(result, path);

            if (result.Items.Count == 0) return 0; // nothing to write; the "no data rows" note says why
            int warned = PrintPlacementWarnings(layer, result, target);
            string warnedSuffix = warned == 0 ? "" : $"；{warned} 行有警告（见上）/ {warned} row{(warned == 1 ? "" : "s")} with warnings (listed above)";
            if (parse.GetValue(dryRun))
            {
                await DryRunAsync(layer, result, location, warnedSuffix, ct);
                return 0;
            }
            await using var planStore = await location.OpenAsync(ct);
            await SeedRegionAsync(planStore, location, parse.GetValue(region), seeds, ct);
            var stored = await layer.All(planStore, ct);
            var items = KeepAbsentFacts(layer, result, stored);
            if (parse.GetValue(sincePreview) is { } cursor)
            {
                var changed = await ImportSincePreview.ChangedSinceAsync(planStore, layer.Entity, layer.Changed(items, stored), cursor, ct);
                if (changed.Count > 0 && !parse.GetValue(overwrite)) throw ImportSincePreview.Refusal(changed, layer.Zh, layer.Name, cursor);
                if (changed.Count > 0)
                    Console.WriteLine($"注意 Note: 覆盖 {changed.Count} 个预览后被他人修改的{layer.Zh} / overwriting {changed.Count} {layer.Name} changed by others since the preview");
            }
            var actor = parse.GetValue(by) is { Length: > 0 } who ? who.Trim() : CliStore.DefaultActor;
            UpsertResult written = null!;
            await AnsiConsole.Status().StartAsync($"写入 Writing {items.Count:N0} {layer.Name}…",
                async _ => written = await layer.Upsert(planStore, items, actor, ct));
            Console.WriteLine($"已导入 Imported {result.Items.Count} {layer.Name} from {Path.GetFileName(path)} into {location} as {actor}: " +
                $"新增 added {written.Inserted}, 更新 updated {written.Updated}, 未变 unchanged {written.Unchanged}{warnedSuffix}");
            return 0;
        });
        return cmd;
    }

    /// <summary>The encoding the planner named for a CSV file, or null to detect it (UTF-8, else GBK).</summary>
    static Encoding? ForcedEncoding(string? name, string path)
    {
        if (name is null) return null;
        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            throw new InputException("--encoding 只适用于 CSV 文件（Shapefile 用 .cpg，其他格式自带编码）", "--encoding applies to CSV files only (shapefiles use their .cpg; other formats name their own)");
        return name.Trim().ToLowerInvariant().Replace("-", "") switch
        {
            "utf8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
            "gbk" or "gb2312" or "gb18030" or "cp936" => InputText.Gb18030,
            _ => throw new InputException($"未知编码“{name}”，可选 utf-8、gbk", $"Unknown --encoding '{name}': use utf-8 or gbk"),
        };
    }

    static ImportResult<T> Read<T>(PlanLayer<T> layer, PlanImporter importer, string path, ImportOptions options, Encoding? encoding) where T : class
    {
        if (encoding is null) return layer.FromFile(importer, path, options);
        try { InputText.CheckSize(path, options.MaxBytes); }
        catch (ImportFormatException e) { throw new InputException($"{e.Zh}：{path}", $"{e.En}: {path}"); }
        var bytes = File.ReadAllBytes(path);
        int skip = bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        string text;
        try { text = encoding.GetString(bytes, skip, bytes.Length - skip); }
        catch (DecoderFallbackException e)
        {
            throw new InputException($"文件不是 {encoding.WebName} 编码（第 {e.Index + skip} 字节附近）：{path}；请去掉 --encoding 或改用另一种",
                $"The file is not {encoding.WebName} (near byte {e.Index + skip}): {path}; drop --encoding or name the other one");
        }
        // Any bytes decode as GB18030; UTF-8 Chinese read that way would be stored as mojibake.
        if (encoding.CodePage != 65001 && bytes.Any(b => b >= 0x80) && IsUtf8(bytes))
            throw new InputException($"文件是 UTF-8 编码而不是 GBK：{path}；请去掉 --encoding", $"The file is UTF-8, not GBK: {path}; drop --encoding");
        using var utf8 = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return layer.FromCsv(importer, utf8, Path.GetFileName(path), options);
    }

    static bool IsUtf8(byte[] bytes)
    {
        try { new UTF8Encoding(false, true).GetString(bytes); return true; }
        catch (DecoderFallbackException) { return false; }
    }

    /// <summary>A whole-file problem is one line; bad rows are listed one per line, then the summary (nothing was stored).</summary>
    static void ThrowIfFailed<T>(ImportResult<T> result, string path)
    {
        if (result.Succeeded) return;
        if (result.Errors is [{ Field: null } only] && only.Where == RowLocation.File)
            throw new InputException($"{only.Zh}：{path}", $"{only.En}: {path}");
        foreach (var e in result.Errors) Console.Error.WriteLine($"  {e}");
        int rows = Math.Max(result.BadRows, result.Errors.Select(e => e.Where).Distinct().Count());
        string more = result.OmittedErrors > 0 ? $"（另有 {result.OmittedErrors} 处错误未列出）" : "";
        string moreEn = result.OmittedErrors > 0 ? $" ({result.OmittedErrors} more errors not listed)" : "";
        throw new InputException($"{Path.GetFileName(path)} 有 {rows} 行错误{more}，未导入任何数据；请改正后重新导入",
            $"{Path.GetFileName(path)} has {rows} bad row{(rows == 1 ? "" : "s")}{moreEn}; nothing was imported: fix them and import again");
    }

    /// <summary>
    /// Rows that import but will not count as the planner expects (beyond the snap limit from every walkable way, outside
    /// every town), one line each on stdout with the row, the name and what to do; at most 200 lines. Returns the rows warned.
    /// </summary>
    static int PrintPlacementWarnings<T>(PlanLayer<T> layer, ImportResult<T> result, ImportRegion region) where T : class
    {
        const int MaxListed = 200;
        int warned = 0;
        var all = layer.Check(region.Placement, result.Items);
        for (int i = 0; i < result.Items.Count; i++)
        {
            var warnings = all[i];
            if (warnings.Count == 0) continue;
            if (++warned > MaxListed) continue;
            var (where, name) = (result.ItemRows[i], layer.Label(result.Items[i]));
            foreach (var w in warnings)
                Console.WriteLine($"警告 Warning: {where.Zh}（{name}）：{w.Zh} / {where.En} ({name}): {w.En}");
        }
        if (warned > MaxListed)
            Console.WriteLine($"警告 Warning: 另有 {warned - MaxListed} 行有同类警告未列出 / {warned - MaxListed} more rows with such warnings not listed");
        return warned;
    }

    /// <summary>
    /// The rows to write: stored facts a row does not carry are kept (a note per fact says how many rows kept it), so a
    /// table without 建成年份 or 容量, or an OSM extract without capacity tags, never erases what planners entered before.
    /// </summary>
    static IReadOnlyList<T> KeepAbsentFacts<T>(PlanLayer<T> layer, ImportResult<T> result, IReadOnlyList<T> stored) where T : class
    {
        var (items, kept) = layer.KeepAbsentFacts(result.Items, stored, result.ItemFields);
        foreach (var (fact, rows) in kept)
            Console.WriteLine($"注意 Note: {rows} 行没有“{fact.Zh}”（{fact.Field}），这些{layer.Zh}保留库中已有的{fact.Zh} / " +
                $"{rows} {(rows == 1 ? "row carries" : "rows carry")} no {fact.Field}: {(rows == 1 ? "it keeps its" : $"those {layer.Name} keep their")} stored {fact.En}");
        return items;
    }

    /// <summary>Counts against the store as it is; a missing GeoPackage is not created.</summary>
    static async Task DryRunAsync<T>(PlanLayer<T> layer, ImportResult<T> result, StoreLocation location, string warnedSuffix, CancellationToken ct) where T : class
    {
        IReadOnlyList<T> stored = [];
        long cursor = 0;
        if (location.Kind == StoreLocation.PostGis || File.Exists(location.Target))
        {
            await using var planStore = location.Kind == StoreLocation.PostGis
                ? await location.OpenAsync(ct) : await GeoPackageStore.OpenAsync(location.Target, readOnly: true, ct);
            // The cursor first: a change made while the rows are read is then after it, and caught by --since-preview.
            cursor = await planStore.LastEditLogIdAsync(ct);
            stored = await layer.All(planStore, ct);
        }
        var items = KeepAbsentFacts(layer, result, stored);
        var (added, updated, unchanged) = layer.Compare(items, stored);
        Console.WriteLine($"试运行，未写入 Dry run, nothing written: {items.Count} {layer.Name} valid; into {location} it would " +
            $"新增 add {added}, 更新 update {updated}, 不变 leave unchanged {unchanged}{warnedSuffix}");
        Console.WriteLine(ImportSincePreview.CursorLine(cursor));
    }

    /// <summary>A store the server never opened gets the region's own tables first, exactly as the server's first start would.</summary>
    static async Task SeedRegionAsync(IPlanStore store, StoreLocation location, string? region, SeedCatalog seeds, CancellationToken ct)
    {
        var health = await store.PingAsync(ct);
        if (!health.Ok || health.Counts.GetValueOrDefault("settlements") > 0) return;
        var source = RegionSource.Resolve(CliStore.Region(region), CliStore.RepoRoot);
        await AnsiConsole.Status().StartAsync($"导入区域 Importing region {Markup.Escape(source.Name)}…",
            _ => RegionHost.ImportIfEmptyAsync(store, source, RegionNetwork.ScopeOf(source), seeds, location, NullLogger.Instance, ct));
        Console.WriteLine($"空规划库：已先导入区域 {source.Name} 自带的数据，与服务器首次启动相同 / " +
            $"Empty plan store: imported region {source.Name}'s own tables first, as the server does on its first start");
    }
}
