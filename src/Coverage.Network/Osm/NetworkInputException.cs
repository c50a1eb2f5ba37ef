namespace Coverage.Network.Osm;

/// <summary>
/// An extract (or cache) the network cannot be built from. The message is one line, 简体中文 then English,
/// saying what is wrong, where, and what to do; callers print it as is, never a stack trace.
/// </summary>
public sealed class NetworkInputException : Coverage.Core.InputException
{
    public string Path { get; }

    public NetworkInputException(string path, string zh, string en, Exception? inner = null)
        : base(zh, en, inner) => Path = path;

    internal static NetworkInputException NotFound(string path) =>
        new(path, $"找不到文件：{path}，请检查路径", $"File not found: {path}. Check the path.");

    internal static NetworkInputException UnknownExtension(string path) =>
        new(path, $"不支持的文件类型：{path}，请使用 .osm.pbf、.osm 或 .osm.gz",
            $"Unsupported file type: {path}. Use an OpenStreetMap extract ending in .osm.pbf, .osm or .osm.gz.");

    internal static NetworkInputException CorruptPbf(string path, Exception inner) =>
        new(path, $"PBF 文件已截断或损坏：{path}，请重新下载",
            $"PBF file is truncated or corrupt: {path} ({inner.Message}). Download the extract again.", inner);

    internal static NetworkInputException NotOsmXml(string path, string detail, Exception? inner = null) =>
        new(path, $"文件不是 OSM 数据：{path}", $"File is not OSM data: {path} ({detail}). Give an OpenStreetMap extract.", inner);

    internal static NetworkInputException NotGzip(string path, Exception? inner = null) =>
        new(path, $"文件不是有效的 gzip 压缩文件：{path}",
            $"File is not valid gzip: {path}. Decompress it to .osm, or download the .osm.gz again.", inner);

    internal static NetworkInputException NoWalkableWays(string path, long ways) =>
        new(path, $"提取文件中没有可步行的道路：{path}（共 {ways} 条 way）",
            $"The extract has no walkable ways: {path} ({ways} ways read). Check it covers the area and includes highways.");
}
