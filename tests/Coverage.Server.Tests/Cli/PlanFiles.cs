using System.Globalization;
using System.Text;
using Coverage.Storage;
using Coverage.Storage.GeoPackage;

namespace Coverage.Server.Tests.Cli;

/// <summary>Test tables a planner would import, a temporary GeoPackage store, and the one-line error rule.</summary>
public sealed class PlanFiles : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("coverage-cli-io-").FullName;
    public string StorePath => Path.Combine(Dir, "plan.gpkg");
    public string Store => "gpkg:" + StorePath;
    public void Dispose() => Directory.Delete(Dir, true);

    public string In(string name) => Path.Combine(Dir, name);

    /// <summary>Writes a facilities CSV: id, name, category, lon, lat, one row per item.</summary>
    public string FacilitiesCsv(string name, IEnumerable<(string Id, string Name, string Category, string Lon, string Lat)> rows, Encoding? encoding = null)
    {
        var text = new StringBuilder("id,name,category,lon,lat\n");
        foreach (var r in rows) text.Append($"{r.Id},{r.Name},{r.Category},{r.Lon},{r.Lat}\n");
        var path = In(name);
        File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(text.ToString()));
        return path;
    }

    /// <summary>n elderly day centres on a 0.001° lattice inside the demo county (imports refuse rows 5 km outside the region), ids e0001…, in WGS84.</summary>
    public static IEnumerable<(string Id, string Name, string Category, string Lon, string Lat)> Centres(int n, Func<int, string>? name = null) =>
        Enumerable.Range(1, n).Select(i => ($"e{i:0000}", name?.Invoke(i) ?? $"日间照料中心{i}", "elderly",
            (120.58 + i % 40 * 0.001).ToString("0.000", CultureInfo.InvariantCulture), (30.96 + i / 40 * 0.001).ToString("0.000", CultureInfo.InvariantCulture)));

    public async Task<T> WithStoreAsync<T>(Func<IPlanStore, Task<T>> read)
    {
        await using var store = await GeoPackageStore.OpenAsync(StorePath, readOnly: true);
        return await read(store);
    }

    /// <summary>Runs coverage and requires exit 0 (stderr shown when not).</summary>
    public static CliRunner.Result Succeeds(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    public static void AssertOneLineError(CliRunner.Result r, params string[] mustContain)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("错误 Error:", lines[0]);
        Assert.Contains(" / ", lines[0]); // 中文 / English
        foreach (var s in mustContain) Assert.Contains(s, lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr + r.Stdout);
    }
}
