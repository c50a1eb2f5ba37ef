using Coverage.Core.Seeds;

namespace Coverage.Storage.Import;

/// <summary>Loads seeds/*.json from disk (Core parses; this does the file I/O).</summary>
public static class SeedDirectory
{
    /// <summary>Reads and validates the seed files in <paramref name="directory"/>; inconsistencies throw.</summary>
    public static SeedCatalog LoadFrom(string directory)
    {
        Stream Open(string file)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
                throw new SeedFormatException(file, $"not found in {directory} / 在 {directory} 中找不到");
            return File.OpenRead(path);
        }
        using var categories = Open(SeedCatalog.CategoriesFile);
        using var circles = Open(SeedCatalog.CirclesFile);
        using var osm = Open(SeedCatalog.OsmTagsFile);
        using var life = Open(SeedCatalog.LifeCirclesFile);
        var catalog = new SeedCatalog
        {
            Categories = SeedCatalog.ParseCategories(categories),
            Circles = SeedCatalog.ParseCircles(circles),
            OsmTags = SeedCatalog.ParseOsmTags(osm),
            LifeCircles = SeedCatalog.ParseLifeCircles(life),
        };
        // indicators.json is optional: a seeds folder from before issue 13 still loads (with no indicators).
        if (File.Exists(Path.Combine(directory, SeedCatalog.IndicatorsFile)))
        {
            using var indicators = Open(SeedCatalog.IndicatorsFile);
            catalog = catalog with { Indicators = SeedCatalog.ParseIndicators(indicators) };
        }
        var problems = catalog.Validate();
        if (problems.Count > 0) throw new SeedFormatException(directory, string.Join("; ", problems));
        return catalog;
    }

    /// <summary>The repository's seeds/ folder: the first "seeds" beside a Coverage.sln walking up from <paramref name="start"/>.</summary>
    public static string Find(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var seeds = Path.Combine(dir.FullName, "seeds");
            if (Directory.Exists(seeds) && File.Exists(Path.Combine(seeds, SeedCatalog.CategoriesFile))) return seeds;
        }
        throw new DirectoryNotFoundException($"找不到 seeds 目录 / No seeds/ folder found above {start ?? AppContext.BaseDirectory}");
    }
}
