using System.CommandLine;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Server.Region;
using Coverage.Storage;
using Coverage.Storage.Export;
using Coverage.Storage.GeoPackage;
using Coverage.Storage.Import;

namespace Coverage.Server.Cli;

/// <summary>
/// `coverage export facilities|settlements|all`: the plan store's tables as GeoJSON, CSV, Excel, Shapefile or GeoPackage.
/// The exporters write a temporary file and move it into place, so a failed export never leaves half a file.
/// </summary>
public static class ExportCommands
{
    static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["geojson"] = ".geojson", ["csv"] = ".csv", ["shp"] = ".shp", ["gpkg"] = ".gpkg", ["xlsx"] = ".xlsx",
    };

    public static Command Create()
    {
        var export = new Command("export", "从规划库导出设施和居民点 / Export facilities and settlements from the plan store");
        export.Subcommands.Add(Verb("facilities", "导出设施 / Export facilities"));
        export.Subcommands.Add(Verb("settlements", "导出居民点 / Export settlements"));
        export.Subcommands.Add(Verb("all", "导出设施和居民点（gpkg 为一个文件两个图层，xlsx 为一个工作簿两个工作表，其他格式为文件夹中的两个文件）/ " +
            "Export both (gpkg: one file with two layers; xlsx: one workbook with sheets 设施 and 居民点; other formats: two files in the --out folder)"));
        return export;
    }

    static Command Verb(string what, string description)
    {
        var format = new Option<string?>("--format") { Description = "格式 geojson | csv | xlsx | shp | gpkg（默认按 --out 扩展名）/ format (default: from --out, else geojson; gpkg for all)" };
        var output = new Option<string?>("--out") { Description = "输出文件或文件夹 / output file or folder (default: the current folder)" };
        var category = new Option<string[]>("--category") { Description = "只导出这些类别的设施 / only facilities of these categories", AllowMultipleArgumentsPerToken = true };
        var store = CliStore.StoreOption();
        var region = CliStore.RegionOption();
        var cmd = new Command(what, description) { format, output, store, region };
        if (what != "settlements") cmd.Options.Add(category);
        cmd.SetAction(async (parse, ct) =>
        {
            var outPath = parse.GetValue(output);
            var ext = Extension(parse.GetValue(format), outPath, what);
            var categories = (parse.GetValue(category) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            if (categories.Count > 0)
            {
                var seeds = SeedDirectory.LoadFrom(SeedDirectory.Find(CliStore.RepoRoot));
                categories = categories.Select(c => PlanLayers.CategoryId(seeds, c)).Distinct().ToList();
            }
            var location = CliStore.Locate(parse.GetValue(store), parse.GetValue(region));
            await using var planStore = await OpenExistingAsync(location, ct);
            IReadOnlyList<Facility> facilities = what == "settlements" ? []
                : await planStore.QueryFacilitiesAsync(new FacilityQuery { Categories = categories.Count > 0 ? categories : null }, ct);
            IReadOnlyList<Settlement> settlements = what == "facilities" ? [] : await planStore.QuerySettlementsAsync(new SettlementQuery(), ct);

            var written = new List<(IReadOnlyList<string> Paths, int Count, string Layer)>();
            if (what == "all" && ext is (".gpkg" or ".xlsx"))
            {
                var target = Target(outPath, "plan", ext, location);
                if (ext == ".gpkg") GeoPackageExport.Write(target, facilities, settlements);
                else XlsxExport.Write(target, facilities, settlements);
                written.Add(([target], facilities.Count, "facilities"));
                written.Add(([target], settlements.Count, "settlements"));
            }
            else
            {
                // "all" in a one-layer format: two files side by side in the --out folder.
                var folder = what == "all" ? Directory.CreateDirectory(outPath ?? ".").FullName : null;
                // A shapefile holds one geometry type: mixed facilities (points and trails) come back as several files.
                if (what != "settlements")
                    written.Add((PlanExporter.Facilities(facilities, Target(folder ?? outPath, "facilities", ext, location)), facilities.Count, "facilities"));
                if (what != "facilities")
                    written.Add((PlanExporter.Settlements(settlements, Target(folder ?? outPath, "settlements", ext, location)), settlements.Count, "settlements"));
            }
            foreach (var (paths, count, layer) in written)
                Console.WriteLine($"已导出 Exported {count} {layer} from {location} → {string.Join(", ", paths.Select(Path.GetFullPath))}");
            return 0;
        });
        return cmd;
    }

    /// <summary>The file extension of the format: --format, else the --out file's extension, else the default.</summary>
    static string Extension(string? format, string? outPath, string what)
    {
        var fromOut = outPath is null || Directory.Exists(outPath) ? "" : Path.GetExtension(outPath);
        if (format is null)
        {
            if (Extensions.Values.Contains(fromOut, StringComparer.OrdinalIgnoreCase)) return fromOut.ToLowerInvariant();
            return what == "all" ? ".gpkg" : ".geojson";
        }
        if (!Extensions.TryGetValue(format.Trim().TrimStart('.'), out var ext))
            throw new InputException($"未知格式“{format}”，可选 geojson、csv、xlsx、shp、gpkg", $"Unknown --format '{format}': use geojson, csv, xlsx, shp or gpkg");
        bool folderForAll = what == "all" && ext is not (".gpkg" or ".xlsx");
        if (!folderForAll && fromOut.Length > 0 && !string.Equals(fromOut, ext, StringComparison.OrdinalIgnoreCase))
            throw new InputException($"--out 的扩展名 {fromOut} 与 --format {format} 不符", $"--out ends in {fromOut} but --format is {format}: make them agree");
        return ext;
    }

    /// <summary>The output file: --out itself, or NAME.EXT inside the --out folder (default: the current folder); never the store's own file.</summary>
    static string Target(string? outPath, string name, string ext, StoreLocation location)
    {
        var target = Path.GetFullPath(outPath is null || Directory.Exists(outPath) ? Path.Combine(outPath ?? ".", name + ext) : outPath);
        if (location.Kind == StoreLocation.GeoPackage && string.Equals(target, Path.GetFullPath(location.Target), StringComparison.Ordinal))
            throw new InputException($"导出文件不能覆盖规划库本身：{target}", $"The export would overwrite the plan store itself: {target}; choose another --out");
        return target;
    }

    /// <summary>Opens the store without creating one: exporting a store that does not exist is a mistake in --store or --region.</summary>
    static async Task<IPlanStore> OpenExistingAsync(StoreLocation location, CancellationToken ct)
    {
        if (location.Kind == StoreLocation.PostGis) return await location.OpenAsync(ct);
        if (!File.Exists(location.Target))
            throw new InputException($"规划库不存在：{location.Target}；请检查 --store/--region，或先运行 coverage serve 或 coverage import",
                $"The plan store does not exist: {location.Target}; check --store/--region, or run coverage serve or coverage import first");
        return await GeoPackageStore.OpenAsync(location.Target, readOnly: true, ct);
    }
}
