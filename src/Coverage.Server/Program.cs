using Coverage.Server.Cli;
using Coverage.Server.Web;

// `coverage` is one executable: the web server (`coverage serve`, also when started with no verb, as
// WebApplicationFactory does) and the planner's CLI verbs.
if (ServerApp.IsServeInvocation(args))
    return await ServerApp.RunAsync(ServerApp.ServeArgs(args));
return await CoverageCli.RunAsync(args);

public partial class Program;
