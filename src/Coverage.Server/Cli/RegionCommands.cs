using System.CommandLine;
using Coverage.Server.Region;
using Coverage.Storage.Import;

namespace Coverage.Server.Cli;

/// <summary>`coverage region init`: one command from a planner's files to a ready region folder and its data-health report.</summary>
public static class RegionCommands
{
    /// <summary>Rows of each list the console shows; health.md has them all.</summary>
    const int ConsoleRows = 15;

    public static Command Create()
    {
        var region = new Command("region", "区域文件夹 / Region folders");
        region.Subcommands.Add(Init());
        return region;
    }

    static Command Init()
    {
        var dir = new Argument<string>("dir") { Description = "要创建的区域文件夹（须不存在或为空）/ region folder to create (new or empty)" };
        var extract = new Option<string>("--extract") { Description = "OSM 提取文件 / OSM extract (.osm.pbf, .osm, .osm.gz)", Required = true };
        var roads = new Option<string[]>("--roads") { Description = "道路图层（可重复）/ road layer (.shp, .gpkg, .geojson; repeatable)", AllowMultipleArgumentsPerToken = false };
        var boundary = new Option<string?>("--boundary") { Description = "县域边界面 / county boundary polygon (.geojson, .shp, .gpkg)" };
        var margin = new Option<double>("--margin") { Description = "边界外扩距离（米，默认 3000）/ margin beyond the boundary in metres (default 3000)",
            DefaultValueFactory = _ => Coverage.Analysis.Region.RegionScope.DefaultMarginMetres };
        var settlements = new Option<string?>("--settlements") { Description = "居民点表 / settlements table (.csv, .geojson, .shp, .gpkg)" };
        var facilities = new Option<string?>("--facilities") { Description = "设施表 / facilities table (.csv, .geojson, .shp, .gpkg)" };
        var towns = new Option<string?>("--towns") { Description = "镇街面（GeoJSON）/ town polygons (WGS84 GeoJSON with name)" };
        var crs = new Option<string?>("--crs") { Description = "表格、边界与道路图层的坐标系（同 import --crs）/ CRS of the tables, boundary and road layers (as import --crs)" };
        var rules = new Option<string?>("--rules") { Description = "道路规则集（如 china）/ road rule set (e.g. china)" };
        var topology = new Option<string?>("--topology") { Description = "道路图层拓扑 auto | noded | repair（默认 auto，按图层判断）/ road layer topology (default auto: decided per layer)" };
        var dataDate = new Option<string?>("--data-date") { Description = "数据日期 yyyy-MM-dd / date of the data (default: the extract file's date)" };
        var cmd = new Command("init", "由提取文件与表格创建区域文件夹并输出数据体检报告 / Create a region folder from an extract and tables and print its data-health report")
            { dir, extract, roads, boundary, margin, settlements, facilities, towns, crs, rules, topology, dataDate };
        cmd.SetAction(parse =>
        {
            var seeds = SeedDirectory.LoadFrom(SeedDirectory.Find(CliStore.RepoRoot));
            var request = new RegionInitRequest(parse.GetValue(dir)!, parse.GetValue(extract)!)
            {
                Roads = parse.GetValue(roads) ?? [],
                Boundary = parse.GetValue(boundary),
                MarginMetres = parse.GetValue(margin),
                Settlements = parse.GetValue(settlements),
                Facilities = parse.GetValue(facilities),
                Towns = parse.GetValue(towns),
                Crs = parse.GetValue(crs),
                Rules = parse.GetValue(rules),
                Topology = parse.GetValue(topology),
                DataDate = parse.GetValue(dataDate),
                GraphCache = Environment.GetEnvironmentVariable("Coverage__GraphCache"),
            };
            var health = RegionInit.Run(request, seeds);
            Console.Write(RegionHealthReport.Markdown(health, ConsoleRows));
            var folder = Path.GetFullPath(request.Folder);
            Console.WriteLine();
            Console.WriteLine($"已创建区域 Region written: {folder} ({RegionManifest.FileName}, {RegionHealthReport.JsonFile}, {RegionHealthReport.MarkdownFile})");
            Console.WriteLine($"启动 Serve it: bash scripts/run.sh --region {folder}");
            return 0;
        });
        return cmd;
    }
}
