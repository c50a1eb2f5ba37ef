using System.CommandLine;

namespace Coverage.Server.Cli;

/// <summary>The command tree. Each verb group lives in its own file; this one only assembles them.</summary>
public static class CoverageCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Coverage — 步行时间公共服务设施覆盖规划 / walk-time facility-coverage planner");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(NetworkCommands.Create());
        root.Subcommands.Add(TokenCommands.Create());
        root.Subcommands.Add(DemoCommands.Create());
        root.Subcommands.Add(SiteCommands.Create());
        root.Subcommands.Add(LifeCircleCommands.Create());
        root.Subcommands.Add(ImportCommands.Create());
        root.Subcommands.Add(ExportCommands.Create());
        root.Subcommands.Add(ReportCommands.Create());
        root.Subcommands.Add(IndicatorCommands.Create());
        root.Subcommands.Add(RegionCommands.Create());
        root.Subcommands.Add(BackupCommands.CreateBackup());
        root.Subcommands.Add(BackupCommands.CreateRestore());
        var parse = root.Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (UserFacingError.TryDescribe(ex, out var message))
        {
            // Plain stderr, not Spectre: one line that never wraps, whatever the terminal width.
            Console.Error.WriteLine($"错误 Error: {message}");
            return 2;
        }
        catch (Exception ex)
        {
            // Never a stack trace to a planner: one line, plus where to look.
            Console.Error.WriteLine($"内部错误 Internal error: {ex.GetType().Name}: {ex.Message}");
            return 70;
        }
    }
}
