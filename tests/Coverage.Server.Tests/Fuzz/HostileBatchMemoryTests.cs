using System.Net;
using System.Text;
using System.Text.Json;
using Coverage.Server.Tests.Support;
using Xunit.Abstractions;
using static Coverage.Server.Tests.Fuzz.HostileJson;

namespace Coverage.Server.Tests.Fuzz;

/// <summary>Alone (no other test allocating meanwhile): the process's allocation counters measure only this batch.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileBatchCollection : ICollectionFixture<FuzzServerFixture>
{
    public const string Name = "hostile batch, alone";
}

/// <summary>
/// FINDINGS #6: eight anonymous what-ifs at once, each an 800 KB line of 100,000 [0,0] positions, took the server from 0.6 to
/// 2.7 GB and it stayed. Each is now a small 400, and a batch of them allocates a bounded amount per request and leaves
/// nothing behind once collected (managed memory measured, not time).
/// </summary>
[Collection(HostileBatchCollection.Name)]
public sealed class HostileBatchMemoryTests(FuzzServerFixture fixture, ITestOutputHelper output)
{
    static readonly string Line = $$$"""{"circle":"fitness-10","add":[{"category":"fitness","kind":"fitness-trail","geometry":{"type":"LineString","coordinates":{{{Arr(Enumerable.Repeat("[0,0]", 100_000))}}}}}]}""";

    /// <summary>n additions, each a point at [0,0] without a category.</summary>
    static string Additions(int n) => """{"circle":"elderly-15","add":[""" + string.Join(",", Enumerable.Repeat("""{"geometry":{"type":"Point","coordinates":[0,0]}}""", n)) + "]}";

    async Task<(int Status, JsonElement Problem, int Bytes)> PostAsync(string body)
    {
        var response = await fixture.Public.PostAsync("/api/whatif", CoverageServer.Json(body));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var doc = JsonDocument.Parse(bytes);
        return ((int)response.StatusCode, doc.RootElement.Clone(), bytes.Length);
    }

    [Fact]
    public async Task A_batch_of_hostile_what_ifs_gets_small_answers_and_leaves_managed_memory_bounded()
    {
        // The count of errors per addition, from a small body whose errors are all listed: the oracle for the large one.
        var three = await PostAsync(Additions(3));
        Assert.Equal(400, three.Status);
        Assert.False(three.Problem.TryGetProperty("omittedErrors", out _));
        int perAddition = three.Problem.GetProperty("errors").GetArrayLength() / 3;
        Assert.True(perAddition >= 1);
        var many = Additions(60_000);
        await PostAsync(Line); // warm: code paths jitted, pools filled

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long heldBefore = GC.GetTotalMemory(forceFullCollection: true), allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        const int Rounds = 3, AtOnce = 8;
        long sent = 0;
        for (int round = 0; round < Rounds; round++)
        {
            var bodies = Enumerable.Range(0, AtOnce).Select(i => i % 2 == 0 ? Line : many).ToList();
            sent += bodies.Sum(b => (long)Encoding.UTF8.GetByteCount(b));
            var answers = await Task.WhenAll(bodies.Select(PostAsync));
            for (int i = 0; i < AtOnce; i++)
            {
                var (status, problem, bytes) = answers[i];
                Assert.Equal(400, status);
                Assert.True(bytes < AnswerRules.MaxErrorBytes, $"an answer of {bytes} bytes");
                if (i % 2 == 0) Assert.Contains("100000 vertices", Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("en").GetString());
                else
                {
                    Assert.Equal(20, problem.GetProperty("errors").GetArrayLength());
                    Assert.Equal(60_000 * perAddition - 20, problem.GetProperty("omittedErrors").GetInt32());
                    Assert.EndsWith($"; and {60_000 * perAddition - 20} more not listed", problem.GetProperty("detail").GetString());
                }
            }
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long held = GC.GetTotalMemory(forceFullCollection: true) - heldBefore;
        output.WriteLine($"{Rounds * AtOnce} hostile what-ifs, {sent / 1e6:0.0} MB sent: {allocated / 1e6:0} MB allocated (client and server), {held / 1e6:0.0} MB held after GC");
        // Reading a body costs a few times its size (buffer, parsed document, client copy); the old answers alone were 68 MB each.
        Assert.True(allocated < 12 * sent, $"{allocated / 1e6:0} MB allocated for {sent / 1e6:0.0} MB sent");
        Assert.True(held < 32_000_000, $"{held / 1e6:0.0} MB still held after the batch");
    }
}
