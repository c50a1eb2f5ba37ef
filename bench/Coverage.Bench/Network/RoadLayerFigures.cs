using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Coverage.Network.Osm;
using Coverage.Network.Roads;
using Coverage.Storage.Import;

namespace Coverage.Bench.Network;

/// <summary>
/// A planner's road layer against the OSM reader on the same roads: each extract is converted by ogr2ogr (GDAL's OSM
/// `lines` layer, as Shapefile), then read + noded + built (<see cref="RoadNetwork"/>) and merged beside the extract
/// (<see cref="MergedNetwork"/>), timed against <see cref="OsmNetworkReader"/> on the extract itself. No target yet:
/// the issue set none, and the ratio is the figure to watch (a layer does more than the OSM reader: attributes,
/// topology detection, noding in a metric projection). Skipped, with a line saying so, when ogr2ogr is missing.
/// </summary>
public static class RoadLayerFigures
{
    public static void Run(CultureInfo ci, IEnumerable<string> extracts)
    {
        Console.WriteLine();
        Console.WriteLine("# Road layers (ogr2ogr `lines` → Shapefile): read + node + build vs the OSM reader on the extract (median of 5)");
        Console.WriteLine($"{"extract",-32} {"km",8} {"vertices",9} {"OSM ms",8} {"layer ms",9} {"÷ OSM",6} {"k vtx/s",8} {"merge ms",9} {"topology",10}");
        var dir = Directory.CreateTempSubdirectory("bench-roads-");
        try
        {
            foreach (var name in extracts)
            {
                string path;
                try { path = BenchData.Extract(name); } catch (FileNotFoundException) { continue; }
                var plain = Plain(path, dir.FullName);
                var shp = Path.Combine(dir.FullName, Path.GetFileNameWithoutExtension(plain) + "-shp");
                if (!Ogr2Ogr("-f", "ESRI Shapefile", shp, plain, "lines", "-lco", "ENCODING=UTF-8"))
                {
                    Console.WriteLine($"{name,-32} (ogr2ogr not available or failed, skipped)");
                    return;
                }
                var layerPath = Path.Combine(shp, "lines.shp");
                double osmMs = Timing.MedianMs(5, () => OsmNetworkReader.Read(path));
                RoadBuildReport report = null!;
                double km = 0;
                long vertices = 0;
                double layerMs = Timing.MedianMs(5, () =>
                {
                    var features = GisLayerFile.Read(layerPath, null, null, null, new List<ImportWarning>()).Features;
                    vertices = features.Sum(f => (long)f.Geometry.NumPoints);
                    var built = RoadNetwork.Build(features, layer: name);
                    report = built.Report;
                    km = built.Graph.WalkableMetres() / 1000;
                });
                double mergeMs = Timing.MedianMs(5, () =>
                {
                    var features = GisLayerFile.Read(layerPath, null, null, null, new List<ImportWarning>()).Features;
                    MergedNetwork.Build(path, [new RoadLayerFeatures(name, features)]);
                });
                double ratio = layerMs / osmMs;
                Console.WriteLine(string.Create(ci,
                    $"{name,-32} {km,8:N1} {vertices,9:N0} {osmMs,8:N1} {layerMs,9:N1} {ratio,5:N1}x {vertices / layerMs,8:N0} {mergeMs,9:N1} {report.Topology,10}"));
            }
        }
        finally { dir.Delete(recursive: true); }
    }

    static string Plain(string path, string dir)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return path;
        var plain = Path.Combine(dir, Path.GetFileNameWithoutExtension(path));
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = File.Create(plain);
        gz.CopyTo(output);
        return plain;
    }

    static bool Ogr2Ogr(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("ogr2ogr") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
