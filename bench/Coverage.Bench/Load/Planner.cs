using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coverage.Bench.Load;

/// <summary>
/// One planner writing for the run: adds village clinics, moves and renames its own, deletes some. Each planner only
/// touches facilities it created, one write at a time, so the order of its acknowledged writes is the order they took
/// effect, and the store's final state can be checked against it. PUT and DELETE carry If-Match from the last ETag the
/// server sent for that facility (servers without ETags get none and ignore it).
/// </summary>
public sealed class Planner(int index, LoadClient client, string token, IReadOnlyList<(double Lon, double Lat)> places, int thinkMs)
{
    readonly Random _random = new(20261130 + index);
    readonly Dictionary<string, string?> _live = new(); // id → last ETag
    readonly List<WriteRecord> _writes = [];
    readonly List<Answer> _reloads = [];
    int _sequence;

    public IReadOnlyList<WriteRecord> Writes => _writes;
    /// <summary>The GETs that refreshed a facility after a conflict or an unknown outcome.</summary>
    public IReadOnlyList<Answer> Reloads => _reloads;

    public async Task RunAsync(Func<bool> running)
    {
        while (running())
        {
            await WriteOnceAsync();
            await Task.Delay(thinkMs);
        }
    }

    async Task WriteOnceAsync()
    {
        int seq = ++_sequence;
        double roll = _random.NextDouble();
        if (_live.Count < 3 || roll < 0.45) await PostAsync(seq);
        else if (roll < 0.85) await PutAsync(seq, PickLive());
        else await DeleteAsync(seq, PickLive());
    }

    string PickLive() => _live.Keys.ElementAt(_random.Next(_live.Count));

    async Task PostAsync(int seq)
    {
        var content = NewContent(seq, "新增");
        var reply = await client.SendAsync("POST facility", LoadClient.Request(HttpMethod.Post, "/api/facilities", token, json: Feature(content)));
        string? id = reply.Answer.Kind == AnswerKind.Ok ? IdOf(reply.Body) : null;
        if (id is not null) _live[id] = reply.ETag;
        _writes.Add(new WriteRecord(index, seq, "POST", id, content, reply.Answer));
    }

    async Task PutAsync(int seq, string id)
    {
        var content = NewContent(seq, "调整");
        var reply = await client.SendAsync("PUT facility",
            LoadClient.Request(HttpMethod.Put, Path(id), token, _live[id], Feature(content)));
        _writes.Add(new WriteRecord(index, seq, "PUT", id, content, reply.Answer));
        await AfterAsync(id, reply, deleted: false);
    }

    async Task DeleteAsync(int seq, string id)
    {
        var reply = await client.SendAsync("DELETE facility", LoadClient.Request(HttpMethod.Delete, Path(id), token, _live[id]));
        _writes.Add(new WriteRecord(index, seq, "DELETE", id, null, reply.Answer));
        await AfterAsync(id, reply, deleted: true);
    }

    /// <summary>
    /// Keeps the planner's view in step: an acknowledged write updates the ETag (or forgets a deleted facility); a conflict
    /// or an unknown outcome (timeout) re-reads the facility, as the page does when it offers to reload.
    /// </summary>
    async Task AfterAsync(string id, LoadClient.Reply reply, bool deleted)
    {
        if (reply.Answer.Kind == AnswerKind.Outage && _writes[^1].OutcomeUnknown)
        {
            await ReloadAsync(id);
            return;
        }
        switch (reply.Answer.Kind)
        {
            case AnswerKind.Ok when deleted:
                _live.Remove(id);
                break;
            case AnswerKind.Ok:
                _live[id] = reply.ETag;
                break;
            case AnswerKind.Conflict or AnswerKind.Timeout or AnswerKind.Connection or AnswerKind.OtherClientError:
                await ReloadAsync(id);
                break;
        }
    }

    async Task ReloadAsync(string id)
    {
        var fresh = await client.SendAsync("GET facility (reload)", LoadClient.Request(HttpMethod.Get, Path(id)));
        // A reload answered 404 is how a deleted facility looks: not an error of the run.
        _reloads.Add(fresh.Answer.Status == 404 ? fresh.Answer with { Kind = AnswerKind.Ok } : fresh.Answer);
        if (fresh.Answer.Status == 404) _live.Remove(id);
        else if (fresh.Answer.Kind == AnswerKind.Ok) _live[id] = fresh.ETag;
    }

    /// <summary>A unique name per write (so the store shows which write it holds) and a spot by a bus shelter, nudged.</summary>
    FacilityContent NewContent(int seq, string verb)
    {
        var (lon, lat) = places[_random.Next(places.Count)];
        lon = Math.Round(lon + (_random.NextDouble() - 0.5) * 0.001, 6);
        lat = Math.Round(lat + (_random.NextDouble() - 0.5) * 0.001, 6);
        return new FacilityContent($"压测卫生室 {verb} p{index}-{seq}", lon, lat, 1 + seq % 9);
    }

    static string Path(string id) => "/api/facilities/" + Uri.EscapeDataString(id);

    static string Feature(FacilityContent c) => new JsonObject
    {
        ["type"] = "Feature",
        ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(c.Lon, c.Lat) },
        ["properties"] = new JsonObject
        {
            ["name"] = c.Name, ["category"] = "clinic", ["kind"] = "village-clinic", ["status"] = "planned", ["capacity"] = c.Capacity,
        },
    }.ToJsonString();

    static string? IdOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("properties").GetProperty("id").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return null; }
    }
}
