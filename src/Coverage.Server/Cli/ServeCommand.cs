using System.CommandLine;
using Coverage.Server.Web;

namespace Coverage.Server.Cli;

/// <summary>`coverage serve` as seen by --help. Serving itself starts in Program before the CLI parses anything,
/// because ASP.NET configuration switches (--Coverage:TileUrl=…) are not ours to declare.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var cmd = new Command("serve", "启动 Web 地图与接口（默认：内置合成示范县）/ Serve the web map and API (default: the synthetic demo county)")
        {
            new Option<string>("--region") { Description = "区域目录或 OSM 文件 / region folder (extract + settlements*.geojson, facilities*.geojson) or extract" },
            new Option<string>("--store") { Description = "gpkg:PATH 或 postgis:连接串 / gpkg:PATH or postgis:CONNECTION (default data/coverage-REGION.gpkg)" },
            new Option<string>("--urls") { Description = "监听地址 / listen address (default http://127.0.0.1:5080)" },
            new Option<string>("--cors") { Description = "允许跨域的来源 / an origin allowed by CORS (closed by default)" },
        };
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction((_, ct) => ServerApp.RunAsync(ServerApp.ServeArgs(Environment.GetCommandLineArgs()[1..])));
        return cmd;
    }
}
