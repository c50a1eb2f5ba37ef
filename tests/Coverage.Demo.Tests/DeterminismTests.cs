namespace Coverage.Demo.Tests;

[Collection(DemoCollection.Name)]
public sealed class DeterminismTests(DemoRegionFixture demo)
{
    [Fact]
    public void Same_seed_gives_byte_identical_files()
    {
        string again = TempFolder();
        try
        {
            DemoRegion.Generate(new DemoOptions { Seed = DemoOptions.DefaultSeed }, again);
            foreach (var file in DemoFiles.All)
                Assert.True(File.ReadAllBytes(Path.Combine(demo.Folder, file)).AsSpan()
                    .SequenceEqual(File.ReadAllBytes(Path.Combine(again, file))), $"{file} differs between two runs with the same seed");
        }
        finally { Directory.Delete(again, true); }
    }

    [Fact]
    public void Committed_demo_region_is_what_the_generator_makes_from_the_default_seed()
    {
        string committed = Path.Combine(RepositoryRoot(), DemoFiles.RepositoryFolder);
        Assert.True(Directory.Exists(committed), $"{committed} is missing: run `coverage demo generate --seed {DemoOptions.DefaultSeed} --out geodata/demo`");
        foreach (var file in DemoFiles.All)
            Assert.True(File.ReadAllBytes(Path.Combine(demo.Folder, file)).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(committed, file))),
                $"geodata/demo/{file} is stale: regenerate it with seed {DemoOptions.DefaultSeed}");
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Coverage.sln above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Different_seed_gives_a_different_county()
    {
        string other = TempFolder();
        try
        {
            var summary = DemoRegion.Generate(new DemoOptions { Seed = 7 }, other);
            foreach (var file in new[] { DemoFiles.Osm, DemoFiles.Settlements, DemoFiles.Facilities, DemoFiles.Towns })
                Assert.False(File.ReadAllBytes(Path.Combine(demo.Folder, file)).AsSpan()
                    .SequenceEqual(File.ReadAllBytes(Path.Combine(other, file))), $"{file} is the same for seeds 7 and {DemoOptions.DefaultSeed}");
            Assert.InRange(summary.AdministrativeVillages, 150, 300);
        }
        finally { Directory.Delete(other, true); }
    }

    [Fact]
    public void Output_folder_holds_exactly_the_listed_files_and_no_temporaries()
    {
        var names = Directory.GetFiles(demo.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(DemoFiles.All.Order(StringComparer.Ordinal).ToArray(), names);
    }

    [Fact]
    public void Metadata_records_seed_version_and_file_hashes()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(demo.Folder, DemoFiles.Metadata)));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("synthetic").GetBoolean());
        Assert.Equal(DemoOptions.DefaultSeed, root.GetProperty("seed").GetUInt64());
        Assert.Equal(DemoRegion.GeneratorVersion, root.GetProperty("generator_version").GetString());
        foreach (var f in root.GetProperty("files").EnumerateArray())
        {
            var bytes = File.ReadAllBytes(Path.Combine(demo.Folder, f.GetProperty("name").GetString()!));
            Assert.Equal(f.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        }
        Assert.Contains("SYNTHETIC", File.ReadAllText(Path.Combine(demo.Folder, DemoFiles.Readme)));
    }

    [Fact]
    public void Osm_header_says_synthetic()
    {
        var bytes = File.ReadAllBytes(Path.Combine(demo.Folder, DemoFiles.Osm));
        Assert.True(bytes.AsSpan().IndexOf("SYNTHETIC demo county"u8) > 0, "the PBF header block should carry the SYNTHETIC source line");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(1000.0)]
    public void Scale_out_of_range_is_refused_with_a_bilingual_message(double scale)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DemoRegion.Generate(new DemoOptions { Scale = scale }, TempFolder()));
        Assert.Contains("规模", e.Message);
        Assert.Contains("Scale must be", e.Message);
    }

    static string TempFolder() => Path.Combine(Path.GetTempPath(), "coverage-demo-" + Guid.NewGuid().ToString("N"));
}
