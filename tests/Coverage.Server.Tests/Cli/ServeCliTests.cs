namespace Coverage.Server.Tests.Cli;

public class ServeCliTests
{
    [Fact]
    public void Serve_help_describes_the_switches_and_does_not_start_a_server()
    {
        var r = CliRunner.Run("serve", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("--region", r.Stdout);
        Assert.Contains("--store", r.Stdout);
        Assert.Contains("示范县", r.Stdout);
    }

    [Fact]
    public void Root_help_lists_serve_among_the_verbs()
    {
        var r = CliRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("serve", r.Stdout);
        Assert.Contains("network", r.Stdout);
    }
}
