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
        Assert.Equal("错误 Error: 找不到区域目录 /nonexistent/region / Region folder not found: /nonexistent/region", r.Stderr.Trim());
    }
}
