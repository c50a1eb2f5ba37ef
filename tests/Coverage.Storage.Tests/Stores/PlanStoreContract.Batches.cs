using Coverage.Core.Domain;
using NetTopologySuite.Geometries;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>All-or-nothing batches, idempotent re-import, text and geometry fidelity.</summary>
public abstract partial class PlanStoreContract
{
    private async Task<(IReadOnlyList<Facility> Rows, int LogRows)> SnapshotAsync() =>
        (await Store.QueryFacilitiesAsync(new FacilityQuery()), (await LogAsync()).Count);

    [Fact]
    public async Task Batch_with_a_null_geometry_in_the_middle_writes_nothing()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1", name: "原名"), Facility("fac-2")], "alice");
        var before = await SnapshotAsync();
        // Rows 0-2 are valid (row 0 renames fac-1) and are written before row 3 is reached, then rolled back.
        Facility[] batch = [Facility("fac-1", name: "改名"), Facility("fac-3"), Facility("fac-4"),
            Facility("fac-5") with { Geometry = null! }, Facility("fac-6")];

        var e = await Assert.ThrowsAsync<PlanStoreException>(() => Store.UpsertFacilitiesAsync(batch, "bob"));

        Assert.Equal(PlanStoreError.InvalidRows, e.Error);
        var row = Assert.Single(e.Rows);
        Assert.Equal((3, "fac-5", "geometry"), (row.Index, row.Id, row.Field));
        Assert.Contains("geometry is missing", e.Message);
        Assert.Contains("缺少几何", e.Message);
        var after = await SnapshotAsync();
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.LogRows, after.LogRows);
    }

    [Fact]
    public async Task The_store_refuses_what_the_API_and_the_importer_refuse_with_the_same_words()
    {
        // The shared rules (Coverage.Core.Rules): names at most 200 characters, at most 20,000 vertices per geometry.
        var before = await SnapshotAsync();
        var longLine = Wgs84.CreateLineString(Enumerable.Range(0, 20_001).Select(i => new Coordinate(120 + i * 1e-5, 30.9)).ToArray());
        Facility[] batch = [Facility("fac-long", name: new string('村', 201)), Facility("fac-line", longLine, category: "fitness")];

        var e = await Assert.ThrowsAsync<PlanStoreException>(() => Store.UpsertFacilitiesAsync(batch, "bob"));

        Assert.Equal([(0, "name", "name is too long (201 characters, at most 200)"),
            (1, "geometry", "the geometry has 20001 vertices, above the limit of 20000; simplify it first (e.g. QGIS 'Simplify')")],
            e.Rows.Select(r => (r.Index, r.Field, r.MessageEn)));
        Assert.Equal("name 太长（201 个字符，最多 200）", e.Rows[0].MessageZh);
        Assert.Equal(before.Rows, (await SnapshotAsync()).Rows);
    }

    [Fact]
    public async Task Batch_with_a_duplicate_id_writes_nothing_and_every_bad_row_is_reported()
    {
        await Store.UpsertFacilitiesAsync([Facility("fac-1")], "alice");
        var before = await SnapshotAsync();
        var selfCrossing = Wgs84.CreatePolygon(Coords([120, 30, 120.01, 30.01, 120.01, 30, 120, 30.01, 120, 30]));
        Facility[] batch = [Facility("fac-2"), Facility("fac-3"), Facility("fac-2", name: "重复"),
            Facility("fac-4", Pt(30.9, 120.1)), Facility("fac-5", selfCrossing), Facility("fac-6") with { Name = "" }];

        var e = await Assert.ThrowsAsync<PlanStoreException>(() => Store.UpsertFacilitiesAsync(batch, "bob"));

        Assert.Equal([(2, "id"), (3, "geometry"), (4, "geometry"), (5, "name")], e.Rows.Select(r => (r.Index, r.Field)));
        Assert.Contains("swapped", e.Rows[1].MessageEn);
        Assert.Contains("invalid geometry: Self-intersection", e.Rows[2].MessageEn);
        var after = await SnapshotAsync();
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.LogRows, after.LogRows);
    }

    [Fact]
    public async Task Reimport_by_source_id_is_idempotent_and_keeps_the_stored_ids()
    {
        Facility Row(string id, string sourceId, string name) => Facility(id, Pt(120.1, 30.9), name: name, source: "villages.csv", sourceId: sourceId);
        var first = await Store.UpsertFacilitiesAsync([Row("fac-a1", "1", "甲"), Row("fac-a2", "2", "乙"), Row("fac-a3", "3", "丙")], "import");
        Assert.Equal((3, 0, 0), (first.Inserted, first.Updated, first.Unchanged));

        // The importer made new ids this time; the source ids tie the rows to what is stored.
        var again = await Store.UpsertFacilitiesAsync([Row("fac-b1", "1", "甲"), Row("fac-b2", "2", "乙"), Row("fac-b3", "3", "丙")], "import");
        Assert.Equal((0, 0, 3), (again.Inserted, again.Updated, again.Unchanged));
        Assert.Equal(["fac-a1", "fac-a2", "fac-a3"], again.Ids);
        Assert.Equal(3, (await LogAsync()).Count);

        var changed = await Store.UpsertFacilitiesAsync([Row("fac-b1", "1", "甲"), Row("fac-b2", "2", "乙二"), Row("fac-b3", "3", "丙")], "import");
        Assert.Equal((0, 1, 2), (changed.Inserted, changed.Updated, changed.Unchanged));
        Assert.Equal(["fac-a1", "fac-a2", "fac-a3"], (await Store.QueryFacilitiesAsync(new FacilityQuery())).Select(f => f.Id));
        Assert.Equal("乙二", (await Store.GetFacilityAsync("fac-a2"))!.Name);
        var log = await LogAsync();
        Assert.Equal(4, log.Count);
        Assert.Equal(("update", "fac-a2"), (log[^1].Action, log[^1].EntityId));
    }

    [Fact]
    public async Task Chinese_text_round_trips_in_rows_and_in_the_edit_log()
    {
        const string name = "湖州市南浔区和孚镇荻港村居家养老服务照料中心(𠮷)";
        await Store.UpsertFacilitiesAsync([Facility("fac-1", name: name) with { Kind = "日间照料中心", Town = "和孚镇" }], "规划师·张");
        await Store.UpsertSettlementsAsync([Settlement("v1", Pt(120.1, 30.9), town: "南浔镇", name: "荻港村")], "规划师·张");
        var f = await Store.GetFacilityAsync("fac-1");
        Assert.Equal((name, "日间照料中心", "和孚镇"), (f!.Name, f.Kind, f.Town));
        var s = await Store.GetSettlementAsync("v1");
        Assert.Equal(("荻港村", "南浔镇"), (s!.Name, s.Town));
        Assert.Equal(["荻港村"], (await Store.QuerySettlementsAsync(new SettlementQuery { Town = "南浔镇" })).Select(x => x.Name));
        var log = await LogAsync();
        Assert.Equal("规划师·张", log[0].Actor);
        Assert.Contains("湖州市南浔区和孚镇荻港村居家养老服务照料中心", log[0].AfterJson); // readable in the table, not \u-escaped
        Assert.Equal(name, PlanJson.Deserialize<Coverage.Core.Domain.Facility>(log[0].AfterJson!)!.Name);
    }

    [Fact]
    public async Task Polygon_and_line_geometries_round_trip_exactly()
    {
        var shell = Coords([120.123456789012345, 30.987654321098765, 120.2, 30.987654321098765, 120.2, 31.1, 120.123456789012345, 31.1,
            120.123456789012345, 30.987654321098765]);
        var hole = Coords([120.15, 31.0, 120.15, 31.05, 120.17, 31.05, 120.17, 31.0, 120.15, 31.0]);
        var withHole = Wgs84.CreatePolygon(Wgs84.CreateLinearRing(shell), [Wgs84.CreateLinearRing(hole)]);
        var multiPolygon = Wgs84.CreateMultiPolygon([Box(121, 30, 121.01, 30.01), Box(121.02, 30, 121.03, 30.01)]);
        var trail = Line(120.1, 30.1, 120.1000001, 30.1000002, 120.3333333333333, 30.6666666666666);
        var multiTrail = Wgs84.CreateMultiLineString([Line(120, 30, 120.01, 30.01), Line(120.02, 30.02, 120.03, 30.05)]);
        await Store.UpsertSettlementsAsync([Settlement("poly", withHole), Settlement("multi", multiPolygon)], "alice");
        await Store.UpsertFacilitiesAsync([Facility("trail", trail, "fitness"), Facility("multi-trail", multiTrail, "fitness")], "alice");

        foreach (var (expected, actual) in new (Geometry, Geometry)[]
        {
            (withHole, (await Store.GetSettlementAsync("poly"))!.Geometry),
            (multiPolygon, (await Store.GetSettlementAsync("multi"))!.Geometry),
            (trail, (await Store.GetFacilityAsync("trail"))!.Geometry),
            (multiTrail, (await Store.GetFacilityAsync("multi-trail"))!.Geometry),
        })
        {
            Assert.Equal(expected.GeometryType, actual.GeometryType);
            Assert.True(expected.EqualsExact(actual, 0), $"{expected} != {actual}");
            Assert.Equal(4326, actual.SRID);
        }
    }
}
