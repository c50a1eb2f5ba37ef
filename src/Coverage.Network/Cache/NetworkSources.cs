using System.Security.Cryptography;
using System.Text;
using Coverage.Network.Osm;
using Coverage.Network.Roads;

namespace Coverage.Network.Cache;

/// <summary>One road layer given to a network build: its file, GeoPackage layer, stated CRS, attribute mapping file and
/// topology (auto: decided from the layer; noded; repair).</summary>
public sealed record RoadLayerSource(string Path, string? Layer = null, string? Crs = null, string? MappingPath = null,
    RoadTopology Topology = RoadTopology.Auto)
{
    /// <summary>The Shapefile companions whose bytes change what is read (geometry, index, attributes, CRS, encoding).</summary>
    static readonly string[] ShapefileParts = [".shp", ".shx", ".dbf", ".prj", ".cpg"];

    /// <summary>Every file whose bytes the layer is built from, in a fixed order: a Shapefile's companions (those
    /// present), else the file itself; then the mapping file. Labels name each for the key ("layer.dbf", "mapping").</summary>
    public IEnumerable<(string Label, string Path)> Files()
    {
        if (Path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase))
            foreach (var ext in ShapefileParts) yield return ("layer" + ext, System.IO.Path.ChangeExtension(Path, ext));
        else yield return ("layer", Path);
        if (MappingPath != null) yield return ("mapping", MappingPath);
    }

    /// <summary>The layer's name in reports: its file name, with the GeoPackage layer when one is named.</summary>
    public string Name => System.IO.Path.GetFileName(Path) + (Layer == null ? "" : ":" + Layer);
}

/// <summary>
/// Everything a walking network is built from: an optional OSM extract, road layers, the merge tolerances and the
/// country rules (null: chosen from where the data lie, which the input bytes decide). Its
/// <see cref="ContentKey"/> is what the graph cache is keyed by, so changing any input file's bytes or any option
/// rebuilds the graph, and nothing else does (moving the files does not).
/// </summary>
public sealed record NetworkSources(string? Extract, IReadOnlyList<RoadLayerSource> Roads, NetworkMergeOptions Merge,
    RoadRules? Rules = null)
{
    public static NetworkSources OfExtract(string extract, RoadRules? rules = null) => new(extract, [], NetworkMergeOptions.Default, rules);

    /// <summary>True for an extract alone with default options and rules chosen by place: keyed by the extract's own
    /// SHA-256, as before road layers.</summary>
    public bool IsExtractOnly => Roads.Count == 0 && Merge == NetworkMergeOptions.Default && Extract != null && Rules == null;

    /// <summary>The file the cache is named after: the extract, else the first road layer.</summary>
    public string PrimaryPath => Extract ?? Roads[0].Path;

    /// <summary>
    /// SHA-256 over the cache format version, the options, and each input file's label and bytes (the extract, each
    /// layer's files, each mapping; a missing optional companion such as .cpg counts as absent), in order. An extract
    /// alone is keyed by its own hash, so caches written before road layers (and by the bench) stay valid.
    /// </summary>
    public byte[] ContentKey()
    {
        if (IsExtractOnly) return WalkGraphCache.HashFile(Extract!);
        using var key = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Text(string s) => key.AppendData(Encoding.UTF8.GetBytes(s + "\n"));
        Text($"coverage-network-sources {WalkGraphCache.FormatVersion}");
        Text(Merge.KeyText());
        Text("rules " + (Rules?.CacheKey ?? "by place"));
        if (Extract != null) { Text("extract"); key.AppendData(WalkGraphCache.HashFile(Extract)); }
        foreach (var road in Roads)
        {
            Text($"roads layer={road.Layer} crs={road.Crs} topology={RoadTopologyNames.Name(road.Topology)}");
            foreach (var (label, path) in road.Files())
            {
                bool present = File.Exists(path);
                Text(present ? label : label + " absent");
                if (present) key.AppendData(WalkGraphCache.HashFile(path));
            }
        }
        return key.GetHashAndReset();
    }
}
