namespace Coverage.Server.Tests.Cli;

/// <summary>`coverage site` refuses bad requests with one bilingual line and no stack trace.</summary>
public class SiteCliTests
{
    [Fact]
    public void Both_or_neither_of_new_and_target_is_one_clear_line()
    {
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "5", "--target", "90");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("错误 Error: 请给出 --new（新建数量）或 --target（目标覆盖率 %）之一 / Give exactly one of --new (number of sites) or --target (target %)", r.Stderr.Trim());
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_missing_region_folder_is_one_clear_line()
    {
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "5", "--region", "/nonexistent/region");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("错误 Error: 找不到区域：/nonexistent/region（请给出含提取文件的文件夹或提取文件路径） / Region not found: /nonexistent/region (give a folder with an OSM extract, or an extract path)", r.Stderr.Trim());
    }

    [Fact]
    public void Sites_are_proposed_over_the_plan_in_the_store_not_the_raw_tables()
    {
        // A fresh store gets the demo region on first use; the answer lists two numbered sites and their villages.
        var store = Path.Combine(Directory.CreateTempSubdirectory("coverage-site-cli-").FullName, "plan.gpkg");
        var r = CliRunner.Run("site", "--circle", "elderly-15", "--new", "2", "--time-limit", "10", "--store", "gpkg:" + store);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.Exists(store), "the store was created and filled like the server's");
        var lines = r.Stdout.Split('\n');
        Assert.Single(lines, l => l.StartsWith("  1. cand-", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("  2. cand-", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("  3. ", StringComparison.Ordinal));
        Assert.Contains("CP-SAT", r.Stdout);
    }
}
