using System.Net;
using System.Text.Json;
using Coverage.Core.Domain;
using Coverage.Server.Tests.Support;
using Coverage.Storage;

namespace Coverage.Server.Tests;

/// <summary>POST /api/edit-log/{id}/undo: the entity goes back to the row's before JSON (the oracle), or 409 names the later change.</summary>
public abstract partial class ApiContract
{
    /// <summary>The stored facility as the edit log would write it, or null: compared with a row's before JSON through the same type.</summary>
    async Task<string?> StoredFacilityJsonAsync(string id) =>
        await (await Server.StoreAsync()).GetFacilityAsync(id) is { } f ? PlanJson.Serialize(f) : null;

    static string? Canonical(string? json) => json is null ? null : PlanJson.Serialize(PlanJson.Deserialize<Facility>(json));

    async Task<IReadOnlyList<EditLogEntry>> FacilityLogAsync(string id) =>
        await (await Server.StoreAsync()).ReadEditLogAsync(new EditLogQuery { Entity = "facility", EntityId = id });

    async Task<JsonElement> UndoAsync(HttpClient planner, long editId) =>
        await JsonOf(await planner.PostAsync($"/api/edit-log/{editId}/undo", null));

    [Fact]
    public async Task Undo_of_delete_update_and_insert_puts_back_each_row_s_before_state_logged_as_undo()
    {
        var actor = "undo-" + Guid.NewGuid().ToString("N")[..6];
        var planner = await Server.PlannerAsync(actor);
        var id = P(await JsonOf(await planner.PostAsync("/api/facilities", CoverageServer.Json(Clinic("原名卫生室", InRegion.Lon, InRegion.Lat))),
            HttpStatusCode.Created), "id");
        await JsonOf(await planner.PutCurrentAsync($"/api/facilities/{id}", CoverageServer.Json(Clinic("新名卫生室", InRegion.Lon + 0.001, InRegion.Lat))));
        Assert.Equal(HttpStatusCode.NoContent, (await planner.DeleteCurrentAsync($"/api/facilities/{id}")).StatusCode);
        var (insert, update, delete) = (await FacilityLogAsync(id)) switch { var l => (l[0], l[1], l[2]) };

        var undoDelete = await UndoAsync(planner, delete.Id);
        Assert.Equal(Canonical(delete.BeforeJson), await StoredFacilityJsonAsync(id));
        Assert.Equal(("undo", actor, "facility", id), (undoDelete.GetProperty("action").GetString(), undoDelete.GetProperty("actor").GetString(),
            undoDelete.GetProperty("entity").GetString(), undoDelete.GetProperty("entityId").GetString()));

        await UndoAsync(planner, update.Id);
        Assert.Equal(Canonical(update.BeforeJson), await StoredFacilityJsonAsync(id));
        Assert.Contains("原名卫生室", await StoredFacilityJsonAsync(id));

        await UndoAsync(planner, insert.Id);
        Assert.Null(await StoredFacilityJsonAsync(id));
        await Problem.ReadAsync(await Anonymous.GetAsync($"/api/facilities/{id}"), HttpStatusCode.NotFound);
        Assert.Equal(["insert", "update", "delete", "undo", "undo", "undo"], (await FacilityLogAsync(id)).Select(l => l.Action));
    }

    [Fact]
    public async Task Undo_is_refused_with_409_naming_who_changed_the_facility_later_and_when()
    {
        var first = await Server.PlannerAsync("undo-first-" + Guid.NewGuid().ToString("N")[..6]);
        var secondName = "undo-second-" + Guid.NewGuid().ToString("N")[..6];
        var second = await Server.PlannerAsync(secondName);
        var id = P(await JsonOf(await first.PostAsync("/api/facilities", CoverageServer.Json(Clinic("甲卫生室", InRegion.Lon, InRegion.Lat))),
            HttpStatusCode.Created), "id");
        await JsonOf(await first.PutCurrentAsync($"/api/facilities/{id}", CoverageServer.Json(Clinic("乙卫生室", InRegion.Lon, InRegion.Lat))));
        await JsonOf(await second.PutCurrentAsync($"/api/facilities/{id}", CoverageServer.Json(Clinic("丙卫生室", InRegion.Lon, InRegion.Lat))));
        var log = await FacilityLogAsync(id);
        var stored = await StoredFacilityJsonAsync(id);

        var response = await first.PostAsync($"/api/edit-log/{log[1].Id}/undo", null);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await Problem.ReadAsync(response, HttpStatusCode.Conflict);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(secondName, doc.RootElement.GetProperty("changedBy").GetString());
        Assert.Equal(log[2].At, doc.RootElement.GetProperty("changedAt").GetDateTimeOffset());
        Assert.Contains(secondName, problem.Detail);
        Assert.Contains(secondName, doc.RootElement.GetProperty("detailZh").GetString());
        Assert.Equal(stored, await StoredFacilityJsonAsync(id));
        Assert.Equal(3, (await FacilityLogAsync(id)).Count);

        // The latest edit still undoes, and an unknown row is a 404.
        await UndoAsync(second, log[2].Id);
        Assert.Equal(Canonical(log[2].BeforeJson), await StoredFacilityJsonAsync(id));
        await Problem.ReadAsync(await first.PostAsync("/api/edit-log/999999999/undo", null), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await Anonymous.PostAsync($"/api/edit-log/{log[1].Id}/undo", null), HttpStatusCode.Unauthorized);
    }
}
