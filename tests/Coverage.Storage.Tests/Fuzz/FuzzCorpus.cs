using System.Text;
using Coverage.Core.Domain;
using Coverage.Storage.Export;
using Coverage.Storage.Import;
using FsCheck;
using FsCheck.Fluent;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Tests.Fuzz;

/// <summary>
/// The fuzz seed corpus (Fuzz/corpus, copied beside the test assembly) and seeds made by the project's own exporters
/// (a valid Shapefile, GeoPackage and workbook of a few facilities and settlements), plus per-case scratch files.
/// </summary>
public sealed class FuzzCorpus : IDisposable
{
    static readonly GeometryFactory F = new(new PrecisionModel(), 4326);

    public string Dir { get; } = Directory.CreateTempSubdirectory("coverage-fuzz-").FullName;
    public Coverage.Core.Seeds.SeedCatalog Seeds { get; } = SeedDirectory.LoadFrom(SeedDirectory.Find());
    public PlanImporter Importer => new(Seeds);
    int _next;

    public static string CorpusDir => Path.Combine(AppContext.BaseDirectory, "Fuzz", "corpus");

    public static byte[] Seed(string name) => File.ReadAllBytes(Path.Combine(CorpusDir, name));

    public static readonly Settlement[] Villages =
    [
        Village("v1", "南麻村", 120.60, 30.90, 1000), Village("v2", "北厍村", 120.62, 30.92, 800), Village("v3", "黎里村", 120.64, 30.94, 650),
    ];

    public static readonly Facility[] Clinics =
    [
        new() { Id = "c1", Name = "卫生室1", Category = "clinic", Kind = "village-clinic", Status = FacilityStatus.Existing, Town = "平望镇",
            Source = "f.shp", SourceId = "c1", Geometry = F.CreatePoint(new Coordinate(120.6001, 31.0001)) },
        new() { Id = "c2", Name = "卫生室2", Category = "clinic", Kind = "village-clinic", Status = FacilityStatus.Planned, Town = "平望镇",
            Source = "f.shp", SourceId = "c2", Geometry = F.CreatePoint(new Coordinate(120.6102, 31.0102)) },
    ];

    static Settlement Village(string id, string name, double x, double y, int people) => new()
    {
        Id = id, Name = name, Kind = SettlementKind.AdministrativeVillage, Town = "北望镇", Population = people, Elderly = people / 4,
        Source = "v.shp", SourceId = id,
        Geometry = F.CreatePolygon([new(x, y), new(x + 0.01, y), new(x + 0.01, y + 0.01), new(x, y + 0.01), new(x, y)]),
    };

    /// <summary>The exported polygon shapefile's parts by extension (.shp .shx .dbf .prj .cpg).</summary>
    public Dictionary<string, byte[]> ShapefileSeed { get; }
    public byte[] GeoPackageSeed { get; }
    public byte[] WorkbookSeed { get; }

    public FuzzCorpus()
    {
        var shp = PlanExporter.Settlements(Villages, Path.Combine(Dir, "seed-villages.shp")).Single(p => p.EndsWith(".shp"));
        ShapefileSeed = new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" }
            .Where(e => File.Exists(Path.ChangeExtension(shp, e))).ToDictionary(e => e, e => File.ReadAllBytes(Path.ChangeExtension(shp, e)));
        var gpkg = Path.Combine(Dir, "seed.gpkg");
        GeoPackageExport.Write(gpkg, Clinics, Villages);
        GeoPackageSeed = File.ReadAllBytes(gpkg);
        var xlsx = Path.Combine(Dir, "seed.xlsx");
        XlsxExport.Write(xlsx, Clinics, Villages);
        WorkbookSeed = File.ReadAllBytes(xlsx);
    }

    /// <summary>A fresh scratch folder for one case (files keep their case name so a failure can be kept as a reproducer).</summary>
    public string CaseDir()
    {
        var dir = Path.Combine(Dir, $"case-{Interlocked.Increment(ref _next)}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(CaseDir(), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Deletes a case's folder (keeps the disk flat over thousands of cases).</summary>
    public static void Clean(string path)
    {
        try { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>What a plan import result tells the harness: the file's size and every error as a planner reads it.</summary>
static class Outcome
{
    public static (FileFuzz.Input, IEnumerable<string>) Of<T>(string label, long bytes, ImportResult<T> r)
    {
        // Every error must carry Chinese and English; each is printed as one line by the CLI.
        var messages = r.Errors.Select(e => e.Where.Zh + e.Zh + " / " + e.Where.En + " " + e.En).ToList();
        return (new FileFuzz.Input(label, bytes), messages);
    }

    public static long Size(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        return Directory.EnumerateFiles(dir).Sum(f => new FileInfo(f).Length);
    }

    public static Gen<T> Pick<T>(params T[] items) => Gen.Elements(items);

    public static byte[] Bytes(string s) => new UTF8Encoding(false).GetBytes(s);
}
