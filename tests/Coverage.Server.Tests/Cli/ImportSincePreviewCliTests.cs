using System.Text.RegularExpressions;
using Coverage.Storage;
using Coverage.Storage.GeoPackage;
using Coverage.Storage.PostGis;
using Npgsql;

namespace Coverage.Server.Tests.Cli;

/// <summary>
/// Issue 15: an import reviewed in a dry run does not silently overwrite what others changed after it. The dry run names
/// its edit-log cursor; --since-preview N lists the rows the import would change that were changed after N, and refuses
/// (input error, nothing written) unless --overwrite.
/// </summary>
public sealed class ImportSincePreviewCliTests : IDisposable
{
    readonly PlanFiles _files = new();
    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("gpkg")]
    [InlineData("postgis")]
    public async Task An_import_refuses_rows_changed_since_its_preview_and_overwrite_takes_them(string kind)
    {
        var (store, open, cleanup) = await StoreAsync(kind);
        try
        {
            PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(4)), "--store", store);
            // The new file renames e0001 and e0002, leaves e0003 as it is and does not hold e0004.
            var csv = _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(3, i => i < 3 ? $"新名称{i}" : $"日间照料中心{i}"));

            var preview = PlanFiles.Succeeds("import", "facilities", csv, "--store", store, "--dry-run");
            var cursor = long.Parse(Regex.Match(preview.Stdout, @"preview at edit-log #(\d+)").Groups[1].Value);
            Assert.Contains($"预览基于编辑日志 #{cursor}", preview.Stdout);
            await using (var s = await open())
            {
                Assert.Equal((await s.ReadEditLogAsync(new EditLogQuery { Limit = 100000 })).Max(e => e.Id), cursor);
                var all = await s.QueryFacilitiesAsync(new FacilityQuery());
                var e1 = all.Single(f => f.SourceId == "e0001");
                var e4 = all.Single(f => f.SourceId == "e0004");
                // Meanwhile: bob renames e0001 (the import would change it) and carol changes e0004 (the import leaves it alone).
                Assert.True(await s.UpdateFacilityAsync(e1 with { Name = "bob 的名称" }, "bob"));
                Assert.True(await s.UpdateFacilityAsync(e4 with { Capacity = 99 }, "carol"));
            }

            var refused = CliRunner.Run("import", "facilities", csv, "--store", store, "--since-preview", cursor.ToString());

            Assert.Equal(2, refused.ExitCode);
            var lines = refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 2, refused.Stderr); // bob's row, then the refusal
            Assert.Matches(@"^  \S+:bob 于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC 修改", lines[0]);
            Assert.Contains("changed by bob at", lines[0]);
            Assert.StartsWith("错误 Error:", lines[1]);
            Assert.Contains("1 facilities this import would change were changed by others after the preview", lines[1]);
            Assert.DoesNotContain("carol", refused.Stderr);
            await using (var s = await open())
            {
                var all = await s.QueryFacilitiesAsync(new FacilityQuery());
                Assert.Equal("bob 的名称", all.Single(f => f.SourceId == "e0001").Name);
                Assert.Equal("日间照料中心2", all.Single(f => f.SourceId == "e0002").Name); // nothing written
            }

            var forced = PlanFiles.Succeeds("import", "facilities", csv, "--store", store, "--since-preview", cursor.ToString(), "--overwrite");
            Assert.Contains("更新 updated 2, 未变 unchanged 1", forced.Stdout); // e0001 (over bob's change) and e0002
            await using (var s = await open())
            {
                var all = await s.QueryFacilitiesAsync(new FacilityQuery());
                Assert.Equal(("新名称1", "新名称2"), (all.Single(f => f.SourceId == "e0001").Name, all.Single(f => f.SourceId == "e0002").Name));
            }
        }
        finally { await cleanup(); }
    }

    [Fact]
    public void An_import_since_a_preview_nobody_changed_after_goes_through()
    {
        PlanFiles.Succeeds("import", "facilities", _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(2)), "--store", _files.Store);
        var csv = _files.FacilitiesCsv("centres.csv", PlanFiles.Centres(2, i => $"新名称{i}"));
        var preview = PlanFiles.Succeeds("import", "facilities", csv, "--store", _files.Store, "--dry-run");
        var cursor = Regex.Match(preview.Stdout, @"preview at edit-log #(\d+)").Groups[1].Value;
        var r = PlanFiles.Succeeds("import", "facilities", csv, "--store", _files.Store, "--since-preview", cursor);
        Assert.Contains("更新 updated 2", r.Stdout);
    }

    async Task<(string Store, Func<Task<IPlanStore>> Open, Func<Task> Cleanup)> StoreAsync(string kind)
    {
        if (kind == "gpkg")
            return (_files.Store, async () => await GeoPackageStore.OpenAsync(_files.StorePath), () => Task.CompletedTask);
        var admin = TestPostGis.ConnectionString;
        var schema = "cli_" + Guid.NewGuid().ToString("N")[..16];
        await ExecAsync(admin, $"CREATE SCHEMA {schema}");
        var conn = new NpgsqlConnectionStringBuilder(admin) { SearchPath = $"{schema},public" }.ConnectionString;
        return ("postgis:" + conn, async () => await PostGisStore.OpenAsync(conn), () => ExecAsync(admin, $"DROP SCHEMA {schema} CASCADE"));
    }

    static async Task ExecAsync(string connection, string sql)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}
