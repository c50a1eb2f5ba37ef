using System.Net;
using System.Text.Json;

namespace Coverage.Server.Tests.Support;

/// <summary>Reads a problem+json answer and checks the parts every error must have.</summary>
public sealed record Problem(int Status, string Title, string Detail, string TitleZh, string DetailZh, IReadOnlyList<(string Where, string Field, string En, string Zh)> Errors)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body); // never a stack trace
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
        var errors = root.TryGetProperty("errors", out var list)
            ? list.EnumerateArray().Select(e => (e.GetProperty("where").GetString()!, e.GetProperty("field").GetString()!, e.GetProperty("en").GetString()!,
                e.GetProperty("zh").GetString()!)).ToList()
            : [];
        var p = new Problem(root.GetProperty("status").GetInt32(), Text("title"), Text("detail"), Text("titleZh"), Text("detailZh"), errors);
        Assert.Equal((int)expected, p.Status);
        Assert.False(string.IsNullOrWhiteSpace(p.Title));
        Assert.False(string.IsNullOrWhiteSpace(p.Detail));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", p.TitleZh);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", p.DetailZh);
        return p;
    }
}
