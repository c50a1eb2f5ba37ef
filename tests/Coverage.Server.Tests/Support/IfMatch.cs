using System.Net.Http.Headers;

namespace Coverage.Server.Tests.Support;

/// <summary>Conditional writes as a careful client makes them: GET the row for its ETag, then send it back in If-Match.</summary>
internal static class IfMatch
{
    /// <summary>The ETag of a GET of <paramref name="readUrl"/>, or "*" when there is nothing there (so a 404 stays a 404).</summary>
    public static async Task<string> ETagOfAsync(this HttpClient client, string readUrl)
    {
        using var read = await client.GetAsync(readUrl);
        return read.IsSuccessStatusCode ? read.Headers.ETag!.ToString() : "*";
    }

    /// <summary>Sends method to url with If-Match: etag (none when null).</summary>
    public static Task<HttpResponseMessage> SendIfMatchAsync(this HttpClient client, HttpMethod method, string url, string? etag,
        HttpContent? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        return client.SendAsync(request);
    }

    /// <summary>DELETE with the ETag of a GET of readUrl (the row itself unless said, e.g. the scenario of an edit).</summary>
    public static async Task<HttpResponseMessage> DeleteCurrentAsync(this HttpClient client, string url, string? readUrl = null) =>
        await client.SendIfMatchAsync(HttpMethod.Delete, url, await client.ETagOfAsync(readUrl ?? url));

    /// <summary>PUT with the ETag of a GET of the same url.</summary>
    public static async Task<HttpResponseMessage> PutCurrentAsync(this HttpClient client, string url, HttpContent body) =>
        await client.SendIfMatchAsync(HttpMethod.Put, url, await client.ETagOfAsync(url), body);

    public static string? Tag(this HttpResponseMessage response) => response.Headers.ETag?.ToString();

    public static EntityTagHeaderValue Strong(long version) => new($"\"{version}\"");
}
