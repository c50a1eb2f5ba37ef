using Coverage.Core;

namespace Coverage.Server.Region;

/// <summary>
/// Where a region's files are: an OSM extract, and optionally settlement, facility and town tables and a metadata.json.
/// A bare extract (no tables) takes its settlements and facilities from the extract's OSM tags, and its water too.
/// A folder with a region.json (<see cref="RegionManifest"/>) takes every path from it, plus road layers, a county
/// boundary, a rule set and a data date; paths here are absolute.
/// </summary>
public sealed record RegionSource(string Name, string Extract, string? Settlements, string? Facilities, string? Towns, string? Metadata,
    string? Water = null, IReadOnlyList<RoadLayerSpec>? Roads = null, BoundarySpec? Boundary = null, string? Rules = null, string? DataDate = null)
{
    static readonly string[] ExtractEndings = [".osm.pbf", ".osm.gz", ".osm"];

    /// <summary>Resolves a folder or an extract path (relative to <paramref name="baseDirectory"/>); throws InputException when unusable.</summary>
    public static RegionSource Resolve(string region, string baseDirectory)
    {
        var path = Path.GetFullPath(region, baseDirectory);
        if (File.Exists(path))
        {
            if (!IsExtract(path))
                throw new InputException($"区域文件不是 OSM 提取文件（.osm.pbf/.osm/.osm.gz）：{path}", $"Region file is not an OSM extract (.osm.pbf, .osm or .osm.gz): {path}");
            return new RegionSource(NameOf(path), path, null, null, null, null);
        }
        if (!Directory.Exists(path))
            throw new InputException($"找不到区域：{path}（请给出含提取文件的文件夹或提取文件路径）", $"Region not found: {path} (give a folder with an OSM extract, or an extract path)");
        // The manifest names its extract: the folder may hold others (kept for reference) without being ambiguous.
        var manifest = Path.Combine(path, RegionManifest.FileName);
        if (File.Exists(manifest)) return FromManifest(path, RegionManifest.Read(manifest));
        var extracts = Directory.GetFiles(path).Where(IsExtract).Order(StringComparer.Ordinal).ToList();
        if (extracts.Count != 1)
            throw new InputException(extracts.Count == 0
                ? new($"区域文件夹中没有 OSM 提取文件：{path}", $"The region folder holds no OSM extract (.osm.pbf, .osm, .osm.gz): {path}")
                : new($"区域文件夹中有多个 OSM 提取文件，请直接指定其一：{path}", $"The region folder holds {extracts.Count} OSM extracts; name one with --region: {path}"));
        string? Table(string prefix) => Directory.GetFiles(path, prefix + "*.geojson").Order(StringComparer.Ordinal).FirstOrDefault();
        var metadata = Path.Combine(path, "metadata.json");
        return new RegionSource(new DirectoryInfo(path).Name, extracts[0], Table("settlements"), Table("facilities"), Table("towns"),
            File.Exists(metadata) ? metadata : null, Table("water"));
    }

    /// <summary>The folder as its region.json says; every named file must exist (a bilingual error names the one missing).</summary>
    static RegionSource FromManifest(string folder, RegionManifest m)
    {
        string? At(string? relative, string what)
        {
            if (relative is null) return null;
            var full = Path.GetFullPath(relative, folder);
            if (!File.Exists(full))
                throw new InputException($"区域清单 {RegionManifest.FileName} 中的{what}不存在：{full}",
                    $"The {what} named in {RegionManifest.FileName} does not exist: {full}");
            return full;
        }
        var extract = At(m.Extract, "提取文件 extract")!;
        var roads = m.Roads.Select(r => r with { Path = At(r.Path, "道路图层 road layer")!, Mapping = At(r.Mapping, "字段映射 mapping") }).ToList();
        foreach (var r in roads) Coverage.Network.Roads.RoadTopologyNames.Parse(r.Topology); // a misspelt topology fails here, not mid-build
        var boundary = m.Boundary is { } b ? b with { Path = At(b.Path, "边界 boundary")! } : null;
        var metadata = Path.Combine(folder, "metadata.json");
        return new RegionSource(m.Name ?? new DirectoryInfo(folder).Name, extract, At(m.Settlements, "居民点表 settlements"),
            At(m.Facilities, "设施表 facilities"), At(m.Towns, "镇街表 towns"), File.Exists(metadata) ? metadata : null,
            At(m.Water, "水系 water"), roads, boundary, m.Rules, m.DataDate);
    }

    /// <summary>The region's name (folder name or extract stem) without touching the disk: it names the default store.</summary>
    public static string NameOf(string region)
    {
        var trimmed = region.TrimEnd('/', '\\');
        return IsExtract(trimmed) ? StemOf(trimmed) : Path.GetFileName(trimmed);
    }

    static bool IsExtract(string path) => ExtractEndings.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    static string StemOf(string path)
    {
        var name = Path.GetFileName(path);
        var ending = ExtractEndings.First(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        return name[..^ending.Length];
    }
}
