namespace Coverage.Web.Tests.Support;

/// <summary>The repository (the folder holding Coverage.sln) and the shared OSM extracts beside it.</summary>
public static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Coverage.sln not found above {AppContext.BaseDirectory}: run the tests from the repository.");
    }

    /// <summary>The region the page is tested on: the embedded demo county when the repository has it, else a real rural extract.</summary>
    public static string Region()
    {
        // COVERAGE_E2E_REGION (a region folder or an extract) runs the same tests on another region.
        if (Environment.GetEnvironmentVariable("COVERAGE_E2E_REGION") is { Length: > 0 } chosen)
            return Path.GetFullPath(chosen, Root);
        var demo = Path.Combine(Root, "geodata", "demo");
        if (Directory.Exists(demo)) return demo;
        var extract = Path.GetFullPath(Path.Combine(Root, "..", "shared", "geodata", "osm", "north-bayreuth.osm.gz"));
        if (!File.Exists(extract))
            throw new InvalidOperationException($"Missing test region: neither {demo} nor {extract} exists. The tests need the shared OSM extracts beside the repository (see README).");
        return extract;
    }

    /// <summary>TestResults/screenshots under the repository root: the browser tests' artefacts.</summary>
    public static string ScreenshotDirectory()
    {
        var dir = Path.Combine(Root, "TestResults", "screenshots");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Leaflet from `npm ci` in web/: without it the page cannot load, so the tests fail with the fix.</summary>
    public static void RequireLeaflet()
    {
        var leaflet = Path.Combine(Root, "web", "node_modules", "leaflet", "dist", "leaflet.js");
        if (!File.Exists(leaflet))
            throw new InvalidOperationException($"Leaflet is not installed ({leaflet} missing): run `npm ci` in web/ (scripts/test.sh does).");
    }
}
