using System.Text.Json;
using Coverage.Server.Tests.Support;
using Coverage.Storage;
using Coverage.Storage.Backup;

namespace Coverage.Server.Tests;

/// <summary>A restore under a running server: the next coverage answer is the restored plan's, without a restart.</summary>
public sealed class RestoreNoticedTests
{
    static async Task<string> CountyAsync(HttpClient http, string circle)
    {
        var body = await http.GetStringAsync($"/api/coverage/{circle}");
        return JsonDocument.Parse(body).RootElement.GetProperty("county").GetRawText();
    }

    [Fact]
    public async Task A_running_server_serves_the_restored_plan_after_a_restore()
    {
        await using var server = CoverageServer.OnGeoPackage();
        var http = server.CreateClient();
        var circle = JsonDocument.Parse(await http.GetStringAsync("/api/circles")).RootElement[0].GetProperty("id").GetString()!;
        var storePath = server.StoreSpec["gpkg:".Length..];
        var original = await CountyAsync(http, circle);
        var backup = Path.Combine(Path.GetDirectoryName(storePath)!, "plan.coverage-backup");
        await GeoPackageBackup.BackupAsync(storePath, backup);

        var store = await server.StoreAsync();
        foreach (var f in await store.QueryFacilitiesAsync(new FacilityQuery())) await store.DeleteFacilityAsync(f.Id, "test");
        var emptied = await CountyAsync(http, circle);
        Assert.NotEqual(original, emptied); // the oracle below means something: the plan's coverage did change

        await GeoPackageBackup.RestoreAsync(backup, storePath, force: true, actor: "test");
        Assert.Equal(original, await CountyAsync(http, circle));
    }
}
