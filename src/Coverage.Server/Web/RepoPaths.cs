namespace Coverage.Server.Web;

/// <summary>Finds the repository's folders (web/, seeds/, geodata/) from wherever the executable runs.</summary>
public static class RepoPaths
{
    public static string? RepoRoot()
    {
        // Installed without the source tree (e.g. the Docker image): the folder holding web/, seeds/ and geodata/.
        var configured = Environment.GetEnvironmentVariable("Coverage__RepoRoot");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured)) return configured;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return dir.FullName;
        return null;
    }

    public static string WebRoot() => Path.Combine(RepoRoot() ?? AppContext.BaseDirectory, "web");

    public static string? LeafletDist()
    {
        var dist = Path.Combine(WebRoot(), "node_modules", "leaflet", "dist");
        return Directory.Exists(dist) ? dist : null;
    }
}
