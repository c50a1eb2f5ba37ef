using System.Diagnostics;
using System.IO.Compression;
using Coverage.Network.Graph;

namespace Coverage.Network.Osm;

public enum ExtractFormat { Pbf, Xml, GzipXml }

/// <summary>
/// Builds the pedestrian <see cref="WalkGraph"/> from an OpenStreetMap extract (.osm.pbf, .osm, .osm.gz) in one
/// streaming pass. Bad input raises <see cref="NetworkInputException"/> with a one-line bilingual message.
/// </summary>
public static class OsmNetworkReader
{
    /// <summary>Share of the progress bar given to streaming the file; the rest is graph assembly.</summary>
    const double ReadShare = 0.9;

    /// <param name="rules">The country rules; null: chosen from where the extract lies (<see cref="RoadRules.For"/>).</param>
    public static (WalkGraph Graph, NetworkBuildStats Stats) Read(string path, IProgress<double>? progress = null, RoadRules? rules = null)
    {
        var clock = Stopwatch.StartNew();
        var collector = Collect(path, progress, rules);
        return Compress(collector, path, FormatOf(path).ToString(), clock, progress);
    }

    /// <summary>Streams the extract's nodes and walkable ways into a collector (the first 90 % of the progress).</summary>
    internal static ExtractCollector Collect(string path, IProgress<double>? progress = null, RoadRules? rules = null)
    {
        var format = FormatOf(path);
        var collector = new ExtractCollector(rules);
        Stream(path, format, collector, progress);
        collector.ResolveBridgeRuns();
        if (collector.WalkableWays == 0) throw NetworkInputException.NoWalkableWays(path, collector.WaysRead);
        return collector;
    }

    /// <summary>Builds the graph of collected ways; <paramref name="source"/> and <paramref name="format"/> name them in the stats.</summary>
    internal static (WalkGraph Graph, NetworkBuildStats Stats) Compress(ExtractCollector collector, string source, string format,
        Stopwatch clock, IProgress<double>? progress = null)
    {
        long peak = GC.GetTotalMemory(false);
        var compressor = new ChainCompressor(collector);
        var graph = compressor.Compress();
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        if (graph.EdgeCount == 0) throw NetworkInputException.NoWalkableWays(source, collector.WaysRead);
        clock.Stop();
        progress?.Report(1);
        var stats = NetworkBuildStats.Of(source, format, collector, compressor.MissingRefs, graph, clock.Elapsed, peak);
        return (graph, stats);
    }

    /// <summary>Format by file name: .pbf → PBF, .osm → XML, .gz → gzip-compressed XML.</summary>
    public static ExtractFormat FormatOf(string path)
    {
        if (!File.Exists(path)) throw NetworkInputException.NotFound(path);
        var name = System.IO.Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".pbf")) return ExtractFormat.Pbf;
        if (name.EndsWith(".osm") || name.EndsWith(".xml")) return ExtractFormat.Xml;
        if (name.EndsWith(".osm.gz") || name.EndsWith(".xml.gz")) return ExtractFormat.GzipXml;
        throw NetworkInputException.UnknownExtension(path);
    }

    static void Stream(string path, ExtractFormat format, ExtractCollector collector, IProgress<double>? progress)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long length = Math.Max(1, file.Length);
        Action? report = progress == null ? null : () => progress.Report(ReadShare * file.Position / length);
        switch (format)
        {
            case ExtractFormat.Pbf:
                try { PbfExtractSource.Read(file, collector, report); }
                // The reader turns the decoders' errors into these two where it calls them; anything else is our bug, not the file's.
                catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
                { throw NetworkInputException.CorruptPbf(path, e); }
                break;
            case ExtractFormat.Xml:
                XmlExtractSource.CheckIsOsm(file, path);
                file.Position = 0;
                ReadXml(file, path, collector, report);
                break;
            case ExtractFormat.GzipXml:
                if (file.ReadByte() != 0x1f || file.ReadByte() != 0x8b) throw NetworkInputException.NotGzip(path);
                file.Position = 0;
                try
                {
                    using (var probe = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true))
                        XmlExtractSource.CheckIsOsm(probe, path);
                    file.Position = 0;
                    using var gz = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
                    ReadXml(gz, path, collector, report);
                }
                catch (InvalidDataException e) { throw NetworkInputException.NotGzip(path, e); }
                break;
        }
    }

    static void ReadXml(Stream stream, string path, ExtractCollector collector, Action? report)
    {
        try { XmlExtractSource.Read(stream, collector, report); }
        catch (Exception e) when ((e as System.Xml.XmlException ?? e.InnerException as System.Xml.XmlException) is { } xml)
        { throw NetworkInputException.NotOsmXml(path, $"malformed or truncated XML at line {xml.LineNumber}", e); }
    }
}
