using System.Text;
using Coverage.Core.Seeds;
using Coverage.Storage.Import;

namespace Coverage.Storage.Tests.Import;

/// <summary>The repository's seeds and a scratch folder per test class.</summary>
public sealed class ImportFixture : IDisposable
{
    public SeedCatalog Seeds { get; } = SeedDirectory.LoadFrom(SeedDirectory.Find());
    public string Dir { get; } = Directory.CreateTempSubdirectory("coverage-import-").FullName;
    public PlanImporter Importer => new(Seeds);

    public string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(text));
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The shared OSM extracts (../shared/geodata/osm beside the folder holding Coverage.sln).</summary>
    public static string OsmExtract(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "geodata", "osm", name));
                if (!File.Exists(path)) throw new FileNotFoundException($"OSM test extract missing: {path} (see /work/shared/geodata/osm/SOURCE.txt)");
                return path;
            }
        throw new DirectoryNotFoundException("Coverage.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
