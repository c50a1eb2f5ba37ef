using System.Text.Json;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>
/// The one specification every IPlanStore passes; each store runs it through a subclass on a fresh, empty store.
/// </summary>
public abstract partial class PlanStoreContract : IAsyncLifetime
{
    protected IPlanStore Store { get; set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IPlanStore> OpenStoreAsync();
    /// <summary>Removes what OpenStoreAsync made (file, schema).</summary>
    protected abstract Task CleanupAsync();
    /// <summary>Every text value stored in planner_tokens, read with raw SQL.</summary>
    protected abstract Task<IReadOnlyList<string>> RawTokenTextAsync();
    /// <summary>Backs this store up (GeoPackageBackup / PostGisBackup) to backupPath.</summary>
    protected abstract Task BackupStoreAsync(string backupPath);
    /// <summary>Restores backupPath over this store (forced) and reopens <see cref="Store"/> on the result.</summary>
    protected abstract Task RestoreStoreAsync(string backupPath);

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await CleanupAsync();
    }

    private async Task<IReadOnlyList<EditLogEntry>> LogAsync() => await Store.ReadEditLogAsync(new EditLogQuery());

    private static string Field(string? json, string name) => JsonDocument.Parse(json!).RootElement.GetProperty(name).ToString();

    [Fact]
    public async Task Facility_written_is_read_back_field_for_field()
    {
        var f = Facility("fac-1", Pt(120.1234567, 30.7654321)) with { Capacity = 45, Status = FacilityStatus.UnderConstruction, SourceId = "17" };
        var result = await Store.UpsertFacilitiesAsync([f], "alice");
        Assert.Equal(new[] { "fac-1" }, result.Ids);
        Assert.Equal((1, 0, 0), (result.Inserted, result.Updated, result.Unchanged));
        var back = await Store.GetFacilityAsync("fac-1");
        Assert.Equal(f, Unstamped(back));
        Assert.Equal(4326, back!.Geometry.SRID);
        Assert.Null(await Store.GetFacilityAsync("fac-none"));
    }

    [Fact]
    public async Task Update_replaces_the_row_and_logs_before_and_after()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "旧名")], "alice");
        var changed = Facility("fac-1", 120.2, 30.8, name: "新名") with { Status = FacilityStatus.Planned };
        Assert.True(await Store.UpdateFacilityAsync(changed, "bob"));
        Assert.Equal(changed, Unstamped(await Store.GetFacilityAsync("fac-1")));
        var last = (await LogAsync())[^1];
        Assert.Equal(("bob", "update", "facility", "fac-1"), (last.Actor, last.Action, last.Entity, last.EntityId));
        Assert.Equal("旧名", Field(last.BeforeJson, "name"));
        Assert.Equal("新名", Field(last.AfterJson, "name"));
        Assert.Equal("planned", Field(last.AfterJson, "status"));
        Assert.Equal(changed, PlanJson.Deserialize<Facility>(last.AfterJson!));

        Assert.False(await Store.UpdateFacilityAsync(Facility("fac-none"), "bob"));
        Assert.Equal(2, (await LogAsync()).Count);
    }

    [Fact]
    public async Task Delete_removes_the_row_and_logs_what_it_was()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1"), Facility("fac-2")], "alice");
        Assert.True(await Store.DeleteFacilityAsync("fac-1", "carol"));
        Assert.False(await Store.DeleteFacilityAsync("fac-1", "carol"));
        Assert.Null(await Store.GetFacilityAsync("fac-1"));
        Assert.Equal(["fac-2"], (await Store.QueryFacilitiesAsync(new FacilityQuery())).Select(f => f.Id));
        var last = (await LogAsync())[^1];
        Assert.Equal(("carol", "delete", "fac-1"), (last.Actor, last.Action, last.EntityId));
        Assert.Equal("fac-1", Field(last.BeforeJson, "id"));
        Assert.Null(last.AfterJson);
    }

    [Fact]
    public async Task Query_filters_by_category_and_status()
    {
        await Store.UpsertFacilitiesAsync([
            Facility("a", Pt(120, 30), "elderly", FacilityStatus.Existing),
            Facility("b", Pt(120, 30), "elderly", FacilityStatus.Planned),
            Facility("c", Pt(120, 30), "culture", FacilityStatus.Planned),
            Facility("d", Line(120, 30, 120.01, 30.01), "fitness", FacilityStatus.Existing),
        ], "alice");
        async Task<string> Ids(FacilityQuery q) => string.Join(",", (await Store.QueryFacilitiesAsync(q)).Select(f => f.Id));
        Assert.Equal("a,b,c,d", await Ids(new FacilityQuery()));
        Assert.Equal("a,b", await Ids(new FacilityQuery { Categories = ["elderly"] }));
        Assert.Equal("b,c", await Ids(new FacilityQuery { Statuses = [FacilityStatus.Planned] }));
        Assert.Equal("b", await Ids(new FacilityQuery { Categories = ["elderly"], Statuses = [FacilityStatus.Planned] }));
        Assert.Equal("c,d", await Ids(new FacilityQuery { Categories = ["fitness", "culture"] }));
        Assert.Equal("a,d", await Ids(new FacilityQuery { Statuses = [FacilityStatus.Existing] }));
        Assert.Equal("", await Ids(new FacilityQuery { Categories = [] }));
    }

    [Fact]
    public async Task Bbox_query_returns_what_brute_force_intersection_returns()
    {
        var facilities = new List<Facility>();
        for (var i = 0; i < 10; i++)
        for (var j = 0; j < 10; j++)
            facilities.Add(Facility($"p{i}{j}", Pt(120 + i * 0.01, 30 + j * 0.01)));
        facilities.Add(Facility("crossing", Line(119.9, 30.045, 120.2, 30.045), "fitness"));   // no vertex inside the box
        facilities.Add(Facility("near-miss", Line(120.0, 30.06, 120.03, 30.09), "fitness"));   // envelope overlaps, line does not
        await Store.UpsertFacilitiesAsync(facilities, "alice");
        var box = new Envelope(120.025, 120.055, 30.025, 30.065);

        var got = (await Store.QueryFacilitiesAsync(new FacilityQuery { Bbox = box })).Select(f => f.Id).ToList();

        var boxGeometry = Wgs84.ToGeometry(box);
        var oracle = facilities.Where(f => boxGeometry.Intersects(f.Geometry)).Select(f => f.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(oracle, got);
        Assert.Equal(3 * 4 + 1, got.Count); // x in .03..05, y in .03..06, plus the crossing line
        Assert.Contains("crossing", got);
        Assert.DoesNotContain("near-miss", got);
        var culture = await Store.QueryFacilitiesAsync(new FacilityQuery { Bbox = box, Categories = ["fitness"] });
        Assert.Equal(["crossing"], culture.Select(f => f.Id));
    }

    [Fact]
    public async Task Settlements_are_stored_queried_by_town_kind_and_bbox_updated_and_deleted()
    {
        var village = Settlement("v1", Box(120.0, 30.0, 120.02, 30.02));
        var natural = Settlement("v2", Pt(120.05, 30.05), kind: SettlementKind.NaturalVillage, name: "东港") with { ParentId = "v1" };
        var community = Settlement("c1", Pt(120.5, 30.5), town: "练市镇", kind: SettlementKind.Community, name: "南浔社区") with { Urban = true };
        Assert.Equal(3, (await Store.UpsertSettlementsAsync([village, natural, community], "alice")).Inserted);
        Assert.Equal(natural, Unstamped(await Store.GetSettlementAsync("v2")));
        Assert.Equal(community, Unstamped(await Store.GetSettlementAsync("c1")));
        Assert.Equal(["v1", "v2"], (await Store.QuerySettlementsAsync(new SettlementQuery { Town = "和孚镇" })).Select(s => s.Id));
        Assert.Equal(["c1", "v2"], (await Store.QuerySettlementsAsync(new SettlementQuery
            { Kinds = [SettlementKind.Community, SettlementKind.NaturalVillage] })).Select(s => s.Id));
        Assert.Equal(["v1"], (await Store.QuerySettlementsAsync(new SettlementQuery
            { Bbox = new Envelope(120.019, 120.03, 30.019, 30.03) })).Select(s => s.Id));

        Assert.True(await Store.UpdateSettlementAsync(village with { Population = 2500 }, "bob"));
        Assert.Equal(2500, (await Store.GetSettlementAsync("v1"))!.Population);
        Assert.True(await Store.DeleteSettlementAsync("v2", "bob"));
        Assert.Equal(["c1", "v1"], (await Store.QuerySettlementsAsync(new SettlementQuery())).Select(s => s.Id));
    }
}
