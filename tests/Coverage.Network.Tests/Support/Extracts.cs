namespace Coverage.Network.Tests.Support;

/// <summary>The real OSM extracts under ../shared/geodata/osm beside the repository (never copied into it).</summary>
public static class Extracts
{
    public static readonly string[] All =
        ["andorra.osm.pbf", "bautzen.osm", "krems.osm.gz", "map-sidewalk-no.osm.gz", "monaco.osm.gz", "north-bayreuth.osm.gz"];

    /// <summary>The committed synthetic demo county's extract (geodata/demo in the repository).</summary>
    public static string Demo => Path.Combine(RepositoryRoot(), "geodata", "demo", "demo-county.synthetic.osm.pbf");

    public static string PathOf(string name)
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "geodata", "osm", name));
        if (!File.Exists(path))
            throw new FileNotFoundException($"OSM extract missing: {path}. Put the shared extracts in ../shared/geodata/osm beside the repository.");
        return path;
    }

    static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"Coverage.sln not found above {AppContext.BaseDirectory}");
    }
}
