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

    /// <summary>npm packages the page loads (web/package.json, pinned): URL path under /vendor → folder under web/node_modules.</summary>
    public static readonly IReadOnlyList<(string Url, string Folder)> VendorPackages =
    [
        ("leaflet", "leaflet/dist"),
        ("leaflet.markercluster", "leaflet.markercluster/dist"),
        ("noto-sans-sc", "@fontsource/noto-sans-sc"),
    ];

    /// <summary>The vendor folders that are installed (npm ci in web/), each with its URL path.</summary>
    public static IEnumerable<(string Url, string Folder)> VendorFolders() =>
        VendorPackages.Select(p => (Url: "/vendor/" + p.Url, Folder: Path.Combine(WebRoot(), "node_modules", p.Folder)))
            .Where(p => Directory.Exists(p.Folder));
}
