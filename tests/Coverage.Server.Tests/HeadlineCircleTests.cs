using System.Text.Json;
using Coverage.Server.Tests.Support;

namespace Coverage.Server.Tests;

/// <summary>The page's first view: which circle it opens on (Coverage:HeadlineCircle) and the region's data date.</summary>
public sealed class HeadlineCircleTests
{
    [Theory]
    [InlineData(null, "elderly-15")]          // the default: the 15-minute elderly circle
    [InlineData("culture-10", "culture-10")]  // a region that chooses another
    [InlineData("no-such-circle", null)]      // an id the region lacks: the first circle /api/circles lists
    public async Task Config_names_the_headline_circle_the_page_opens_on(string? configured, string? expected)
    {
        await using var server = CoverageServer.OnGeoPackage(configured is null ? null : new() { ["Coverage:HeadlineCircle"] = configured });
        using var http = server.CreateClient();
        var config = JsonDocument.Parse(await http.GetStringAsync("/api/config")).RootElement;
        var circles = JsonDocument.Parse(await http.GetStringAsync("/api/circles")).RootElement;

        Assert.Equal(expected ?? circles[0].GetProperty("id").GetString(), config.GetProperty("headlineCircle").GetString());
        Assert.Contains(circles.EnumerateArray(), c => c.GetProperty("id").GetString() == config.GetProperty("headlineCircle").GetString());
    }

    [Fact]
    public async Task The_synthetic_demo_has_no_data_date_a_real_region_would_show()
    {
        await using var server = CoverageServer.OnGeoPackage();
        using var http = server.CreateClient();
        var region = JsonDocument.Parse(await http.GetStringAsync("/api/region")).RootElement;

        Assert.True(region.GetProperty("synthetic").GetBoolean());
        // geodata/demo/metadata.json carries no "dataDate", and a synthetic region's file dates are not a survey date.
        Assert.Equal(JsonValueKind.Null, region.GetProperty("dataDate").ValueKind);
    }
}
