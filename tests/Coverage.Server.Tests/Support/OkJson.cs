using System.Net;
using System.Text.Json;

namespace Coverage.Server.Tests.Support;

/// <summary>The JSON body of a GET that must answer 200; the failure names the address, the status and the body.</summary>
public static class OkJson
{
    public static async Task<JsonElement> GetOkJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
