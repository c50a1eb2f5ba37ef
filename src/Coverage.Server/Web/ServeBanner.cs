using Coverage.Server.Region;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Coverage.Server.Web;

/// <summary>Prints where the map is once the region is loaded and the server listens: the line a newcomer looks for.</summary>
public static class ServeBanner
{
    public static void PrintWhenReady(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is not { Count: > 0 }) return; // in-process test server: nobody to tell
        var region = app.Services.GetRequiredService<RegionHost>();
        Console.WriteLine($"Coverage 已就绪 ready — {region.Facts.Name} ({region.Graph.NodeCount:N0} nodes), store {region.StoreLocation}");
        foreach (var url in addresses) Console.WriteLine($"  地图 Map: {url}/    接口 API: {url}/api");
    });
}
