using System.Globalization;
using System.Text.Json;
using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Core.Geo;
using Coverage.Core.Seeds;
using Coverage.Network.Cache;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using Coverage.Storage.Export;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Coverage.Server.Region;

/// <summary>What `coverage region init` was given.</summary>
public sealed record RegionInitRequest(string Folder, string Extract)
{
    public IReadOnlyList<string> Roads { get; init; } = [];
    public string? Boundary { get; init; }
    public double MarginMetres { get; init; } = Coverage.Analysis.Region.RegionScope.DefaultMarginMetres;
    public string? Settlements { get; init; }
    public string? Facilities { get; init; }
    public string? Towns { get; init; }
    /// <summary>CRS id of the tables, boundary and road layers (as `import --crs`, see CrsSpec).</summary>
    public string? Crs { get; init; }
    public string? Rules { get; init; }
    /// <summary>Topology of every road layer (auto | noded | repair; null: auto, decided per layer).</summary>
    public string? Topology { get; init; }
    public string? DataDate { get; init; }
    public string? GraphCache { get; init; }
}

/// <summary>
/// Builds a ready region folder from a planner's files, all-or-nothing: every input is read and validated first; the
/// folder is assembled in a temporary sibling (extract copied, tables converted to WGS84 GeoJSON by the importers,
/// boundary written as WGS84 GeoJSON, road layers copied with their side files, region.json), the network is built and
/// the data-health report computed there, and only then is the sibling renamed to the target. Any failure removes the
/// sibling: the target does not exist afterwards.
/// </summary>
public static class RegionInit
{
    static readonly string[] ShapefileParts = [".shp", ".shx", ".dbf", ".prj", ".cpg"];

    public static RegionHealth Run(RegionInitRequest r, SeedCatalog seeds)
    {
        var target = Path.GetFullPath(r.Folder);
        CheckTarget(target);
        var crs = CrsSpec.ParseOptional(r.Crs);
        OsmNetworkReader.FormatOf(r.Extract); // missing or not an extract: a bilingual error naming it
        RoadRules.Parse(r.Rules); // an unknown rule set fails before anything is read
        var topology = RoadTopologyNames.Parse(r.Topology);
        if (r.Topology != null && r.Roads.Count == 0)
            throw new InputException("--topology 只适用于 --roads 道路图层", "--topology applies to --roads layers only.");
        foreach (var road in r.Roads) CheckRoadLayer(road);
        if (!(r.MarginMetres >= 0))
            throw new InputException($"--margin 须为不小于 0 的米数（收到 {r.MarginMetres}）", $"--margin must be a distance ≥ 0 m (got {r.MarginMetres})");
        var boundary = r.Boundary is null ? null : BoundaryFile.Read(r.Boundary, crs);
        var towns = r.Towns is null ? null : TownsFile.Read(r.Towns);
        var importer = new PlanImporter(seeds);
        var options = new ImportOptions { Crs = crs };
        var settlements = r.Settlements is null ? null : importer.Settlements(r.Settlements, options);
        var facilities = r.Facilities is null ? null : importer.Facilities(r.Facilities, options);
        if (settlements is not null) RegionImportException.ThrowIfFailed(r.Settlements!, settlements.Errors);
        if (facilities is not null) RegionImportException.ThrowIfFailed(r.Facilities!, facilities.Errors);

        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.init-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var manifest = new RegionManifest
            {
                Name = Path.GetFileName(target),
                Extract = Copy(r.Extract, temp),
                Roads = r.Roads.Select(road => new RoadLayerSpec(CopyLayer(road, Path.Combine(temp, "roads")), null, r.Crs,
                    Topology: topology == RoadTopology.Auto ? null : RoadTopologyNames.Name(topology))).ToList(),
                Boundary = boundary is null ? null : new BoundarySpec(WriteBoundary(boundary.Polygon, temp), null, r.MarginMetres),
                Settlements = settlements is null ? null : Written(PlanExporter.Settlements(settlements.Items, Path.Combine(temp, "settlements.geojson")), temp),
                Facilities = facilities is null ? null : Written(PlanExporter.Facilities(facilities.Items, Path.Combine(temp, "facilities.geojson")), temp),
                Towns = r.Towns is null ? null : CopyAs(r.Towns, Path.Combine(temp, "towns.geojson"), temp),
                Rules = r.Rules,
                DataDate = r.DataDate ?? File.GetLastWriteTimeUtc(r.Extract).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            manifest.Write(Path.Combine(temp, RegionManifest.FileName));

            var source = RegionSource.Resolve(temp, parent) with { Name = manifest.Name! };
            var scope = boundary is null ? null : RegionScope.Of(boundary.Polygon, r.MarginMetres); // read once, above
            var network = RegionNetwork.Open(source, scope, r.GraphCache ?? CachePathAfterMove(source, temp, target));
            var tables = RegionTables.Read(source, seeds, scope);
            var warnings = new List<string>();
            void Warn(string what, IEnumerable<ImportWarning>? list) { foreach (var w in list ?? []) warnings.Add($"{what}: {w}"); }
            Warn("居民点 settlements", (settlements ?? tables.SettlementImport).Warnings);
            Warn("设施 facilities", (facilities ?? tables.FacilityImport).Warnings);
            Warn("边界 boundary", boundary?.Warnings);
            warnings.AddRange(network.Load.Report);
            // The health report samples and joins every place as the server will: kept beside the graph cache, the server's
            // first start on the folder reads them (a province's ~10 s) instead of doing it again.
            var health = RegionHealth.Compute(source, network, tables, seeds, CoordinateSystems(r, boundary), warnings,
                towns ?? [], placesCache: Coverage.Analysis.Region.PlacesCache.Beside(network.Load.CachePath));
            RegionHealthReport.WriteFiles(health, temp);
            if (Directory.Exists(target)) Directory.Delete(target); // empty (checked above)
            Directory.Move(temp, target);
            return health;
        }
        catch
        {
            Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Where the server will look for this region's graph once the folder is in place: the default cache path of its
    /// inputs at their final paths. The graph built here from the temporary folder is cached there, so the first start
    /// loads it instead of building it again (the cache key is the inputs' content, which the move does not change).
    /// </summary>
    static string CachePathAfterMove(RegionSource source, string temp, string target)
    {
        string At(string path) => path.StartsWith(temp + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.Combine(target, Path.GetRelativePath(temp, path)) : path;
        var sources = RegionNetwork.SourcesOf(source);
        return WalkGraphCache.DefaultPathFor(sources with
        {
            Extract = sources.Extract is null ? null : At(sources.Extract),
            Roads = sources.Roads.Select(road => road with { Path = At(road.Path) }).ToList(),
        });
    }

    /// <summary>The target must not exist, or be an empty folder: init never mixes its files with others.</summary>
    static void CheckTarget(string target)
    {
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
            throw new InputException($"目标文件夹已存在且不为空：{target}；请换一个新文件夹名", $"The target folder exists and is not empty: {target}; name a new folder");
    }

    static void CheckRoadLayer(string path)
    {
        if (!File.Exists(path)) throw new InputException($"找不到道路图层：{path}", $"Road layer not found: {path}");
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".shp" or ".gpkg" or ".geojson" or ".json"))
            throw new InputException($"道路图层须为 .shp、.gpkg 或 .geojson：{path}", $"A road layer must be a .shp, .gpkg or .geojson file: {path}");
        if (ext == ".shp")
            foreach (var part in new[] { ".shx", ".dbf" })
                if (!File.Exists(Path.ChangeExtension(path, part)))
                    throw new InputException($"道路图层缺少 {part} 文件：{path}（.shp、.shx、.dbf 需放在同一目录）",
                        $"The road layer's {part} file is missing: {path} (.shp, .shx and .dbf must sit together)");
    }

    static string Copy(string file, string folder) => CopyAs(file, Path.Combine(folder, Path.GetFileName(file)), folder);

    static string CopyAs(string file, string to, string folder)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(file, to);
        return Path.GetRelativePath(folder, to);
    }

    /// <summary>Copies a road layer (a Shapefile with its side files) into <paramref name="into"/>; returns its path relative to the region.</summary>
    static string CopyLayer(string path, string into)
    {
        var folder = Path.GetDirectoryName(into)!;
        if (!path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)) return CopyAs(path, Path.Combine(into, Path.GetFileName(path)), folder);
        foreach (var part in ShapefileParts)
            if (File.Exists(Path.ChangeExtension(path, part))) CopyAs(Path.ChangeExtension(path, part), Path.Combine(into, Path.GetFileName(Path.ChangeExtension(path, part))), folder);
        return Path.GetRelativePath(folder, Path.Combine(into, Path.GetFileName(path)));
    }

    static string Written(IReadOnlyList<string> files, string folder) => Path.GetRelativePath(folder, files[0]);

    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>The boundary as a one-feature WGS84 GeoJSON FeatureCollection.</summary>
    static string WriteBoundary(Geometry polygon, string folder)
    {
        var path = Path.Combine(folder, "boundary.geojson");
        var geometry = JsonSerializer.Serialize(polygon, GeoJson);
        File.WriteAllText(path, $"{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{\"name\":\"boundary\"}},\"geometry\":{geometry}}}]}}");
        return Path.GetRelativePath(folder, path);
    }

    /// <summary>The coordinate system of each input and why (a .prj, --crs, the format's rule, or the default).</summary>
    static List<HealthCrs> CoordinateSystems(RegionInitRequest r, BoundaryRead? boundary)
    {
        var list = new List<HealthCrs> { new("提取文件 extract", Path.GetFileName(r.Extract), "WGS84", "OSM 数据总是 WGS84", "OSM data is always WGS84") };
        string crsName = CrsSpec.ParseOptional(r.Crs)?.Name ?? "WGS84";
        // The importers' rule (LayerCrs): a stated --crs wins over a .prj, which is used when nothing is stated.
        void Add(string input, string? path)
        {
            if (path is null) return;
            if (r.Crs is not null)
                list.Add(new(input, Path.GetFileName(path), crsName, "由 --crs 指定，已转换为 WGS84", "given with --crs; converted to WGS84"));
            else if (path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase) && File.Exists(Path.ChangeExtension(path, ".prj")))
                list.Add(new(input, Path.GetFileName(path), WktCrs.Parse(File.ReadAllText(Path.ChangeExtension(path, ".prj"))).Name,
                    "按 .prj 文件所写坐标系转换为 WGS84", "converted to WGS84 from the CRS its .prj names"));
            else
                list.Add(new(input, Path.GetFileName(path), "WGS84", "未指定坐标系（--crs），按默认 WGS84 读取", "no CRS given (--crs): read as WGS84, the default"));
        }
        if (boundary is not null)
            list.Add(new("边界 boundary", Path.GetFileName(r.Boundary!), boundary.CrsName, boundary.CrsReason.Zh, boundary.CrsReason.En));
        Add("居民点 settlements", r.Settlements);
        Add("设施 facilities", r.Facilities);
        Add("镇街 towns", r.Towns);
        foreach (var road in r.Roads)
            list.Add(new("道路 roads", Path.GetFileName(road), r.Crs ?? "(见路网报告 see the network report)", "道路图层的坐标系在构建路网时判定，见读取提示",
                "a road layer's CRS is decided when the network is built; see the reader notes"));
        return list;
    }
}

/// <summary>A towns table: town polygons with their names (GeoJSON, WGS84), as PlacementCheck reads them plus the name.</summary>
public static class TownsFile
{
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static IReadOnlyList<(string Name, Geometry Area)> Read(string path)
    {
        if (!File.Exists(path)) throw new InputException($"找不到镇街表：{path}", $"Towns table not found: {path}");
        if (!path.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new InputException($"镇街表须为 WGS84 GeoJSON：{path}", $"The towns table must be a WGS84 GeoJSON file: {path}");
        var towns = new List<(string, Geometry)>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            int n = 0;
            foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
            {
                n++;
                string? name = f.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                    && p.TryGetProperty("name", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                var g = f.TryGetProperty("geometry", out var geo) && geo.ValueKind == JsonValueKind.Object ? geo.Deserialize<Geometry>(GeoJson) : null;
                if (string.IsNullOrWhiteSpace(name) || g is not (Polygon or MultiPolygon))
                    throw new InputException($"镇街表 {Path.GetFileName(path)} 第 {n} 个要素须有名称（name）和面几何", $"Towns table {Path.GetFileName(path)}: feature {n} needs a name and a polygon");
                towns.Add((name, g));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InputException($"镇街表不是 GeoJSON FeatureCollection：{path}", $"The towns table is not a GeoJSON FeatureCollection: {path}");
        }
        return towns;
    }
}
