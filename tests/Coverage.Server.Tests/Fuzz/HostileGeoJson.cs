using System.Text.Json;
using Coverage.Server.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using static Coverage.Server.Tests.Fuzz.HostileJson;

namespace Coverage.Server.Tests.Fuzz;

/// <summary>What valid-shaped bodies are made of on the demo region: its facilities, settlements, circles and extent.</summary>
public sealed record FuzzWorld(IReadOnlyList<JsonElement> Facilities, IReadOnlyList<string> SettlementIds, IReadOnlyList<string> Circles)
{
    public static FuzzWorld Demo(IReadOnlyList<string> circles) =>
        new(DemoTables.Facilities(), DemoTables.Settlements().Select(s => DemoTables.Prop(s, "id")).ToList(), circles);

    public IReadOnlyList<string> FacilityIds => Facilities.Select(f => DemoTables.Prop(f, "id")).ToList();
}

/// <summary>
/// GeoJSON geometries and the API's bodies (facility Feature, what-if/scenario edits, siting, trails), valid-shaped with
/// hostile values: positions swapped, out of range, NaN, too many vertices, self-intersecting or unclosed rings, wrong types.
/// </summary>
public sealed class HostileGeoJson(FuzzWorld world)
{
    /// <summary>A position in the region: near one of its facilities.</summary>
    public Gen<(double Lon, double Lat)> Position =>
        from f in Gen.Elements(world.Facilities.ToArray())
        from dx in Gen.Choose(-2000, 2000)
        from dy in Gen.Choose(-2000, 2000)
        let p = DemoTables.FirstPosition(f)
        select (p.Lon + dx * 1e-6, p.Lat + dy * 1e-6);

    Gen<string> ValidPosition => Position.Select(p => $"[{Num(p.Lon)},{Num(p.Lat)}]");

    /// <summary>Positions that are not: swapped, [0,0], out of range, wrong arity or types, hostile numbers.</summary>
    Gen<string> BadPosition => Gen.Frequency(
        (2, Position.Select(p => $"[{Num(p.Lat)},{Num(p.Lon)}]")),
        (2, Gen.Elements("[0,0]", "[181,0]", "[0,91]", "[-180.0000001,90]", "[1e308,1e308]", "[1]", "[1,2,3,4]", "[\"120\",\"31\"]",
            "[null,null]", "[]", "{}", "[[120,31]]", "[120,31,NaN]", "[NaN,NaN]", "[Infinity,31]", "[1e400,31]", "[true,false]")),
        (1, from n in Number from p in Position select $"[{n},{Num(p.Lat)}]"));

    Gen<string> AnyPosition => Gen.Frequency((10, ValidPosition), (1, BadPosition));

    Gen<string> Line(int min, int max) =>
        from n in Gen.Choose(min, max)
        from ps in Gen.ArrayOf(AnyPosition, n)
        select Arr(ps);

    /// <summary>A closed square ring around a position, its side in metres-ish degrees.</summary>
    Gen<string> Square => Position.Select(p =>
    {
        double a = p.Lon, b = p.Lat, d = 0.0005;
        return $"[[[{Num(a)},{Num(b)}],[{Num(a + d)},{Num(b)}],[{Num(a + d)},{Num(b + d)}],[{Num(a)},{Num(b + d)}],[{Num(a)},{Num(b)}]]]";
    });

    /// <summary>Rings that are not valid polygons: a bow tie, unclosed, too short, a hole outside its shell, empty.</summary>
    Gen<string> BadPolygon => Position.SelectMany(p =>
    {
        double a = p.Lon, b = p.Lat, d = 0.0005;
        string P(double x, double y) => $"[{Num(x)},{Num(y)}]";
        return Gen.Elements(
            $"[[{P(a, b)},{P(a + d, b + d)},{P(a + d, b)},{P(a, b + d)},{P(a, b)}]]", // bow tie: self-intersecting
            $"[[{P(a, b)},{P(a + d, b)},{P(a + d, b + d)},{P(a, b + d)}]]", // not closed
            $"[[{P(a, b)},{P(a + d, b)},{P(a, b)}]]", // too few positions
            $"[[{P(a, b)},{P(a, b)},{P(a, b)},{P(a, b)}]]", // no area
            $"[[{P(a, b)},{P(a + d, b)},{P(a + d, b + d)},{P(a, b)}],[{P(a + 5 * d, b)},{P(a + 6 * d, b)},{P(a + 6 * d, b + d)},{P(a + 5 * d, b)}]]", // hole outside
            "[]", "[[]]", "[[[0,0],[0,0],[0,0],[0,0]]]", "[1,2]");
    });

    /// <summary>A geometry object: usually a valid Point/LineString/Polygon, often with one hostile part.</summary>
    public Gen<string> Geometry => Gen.Frequency(
        (8, ObjectOf(Slot("type", Gen.Constant("\"Point\"")), Slot("coordinates", ValidPosition))),
        (3, ObjectOf(Slot("type", Gen.Constant("\"LineString\"")), Slot("coordinates", Line(2, 8)))),
        (1, ObjectOf(Slot("type", Gen.Constant("\"LineString\"")), Slot("coordinates", Gen.Frequency((1, Line(0, 1)),
            (1, from n in Gen.Elements(20_000, 20_001, 100_000) select Arr(Enumerable.Repeat("[0,0]", n))))))),
        (1, ObjectOf(Slot("type", Gen.Constant("\"MultiLineString\"")), Slot("coordinates",
            Gen.Frequency((2, Gen.ArrayOf(Line(2, 5), 2).Select(Arr)), (1, Gen.Elements("[]", "[[]]", "[1]", "[[[0,0]]]", "[[[120,31],[120,31]],5]")))))),
        (2, ObjectOf(Slot("type", Gen.Constant("\"Polygon\"")), Slot("coordinates", Gen.Frequency((2, Square), (2, BadPolygon))))),
        (1, ObjectOf(Slot("type", Gen.Elements("\"MultiPolygon\"", "\"GeometryCollection\"", "\"point\"", "\"Feature\"", "\"\"", "\"Point \"")),
            Slot("coordinates", ValidPosition))),
        (1, ObjectOf(Slot("type", Gen.Constant("\"Point\"")), Slot("coordinates", BadPosition))));

    Gen<string> Circle => Gen.Elements(world.Circles.ToArray()).Select(Str);
    Gen<string> FacilityId => Gen.Elements(world.FacilityIds.ToArray()).Select(Str);

    /// <summary>Category and kind of a demo facility whose geometry has the same shape (a point category with a point).</summary>
    Gen<(string Category, string? Kind, string Geometry)> Template =>
        Gen.Elements(world.Facilities.ToArray()).Select(f => (DemoTables.Prop(f, "category"),
            f.GetProperty("properties").TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null,
            f.GetProperty("geometry").GetRawText()));

    /// <summary>Facility parts: the template's valid category/kind/geometry or the hostile geometry generator.</summary>
    Gen<IEnumerable<(string, string)>[]> FacilityParts =>
        from t in Template
        from parts in Gen.CollectToArray(new[]
        {
            Slot("category", Gen.Frequency((8, Gen.Constant(Str(t.Category))), (1, Gen.Elements("\"zoo\"", "\"学校\"", "\"SCHOOL\""))) ),
            Slot("kind", Gen.Constant(t.Kind is null ? "null" : Str(t.Kind))),
            Slot("capacity", Gen.Frequency((3, Gen.Choose(0, 500).Select(i => i.ToString())), (1, Gen.Elements("-1", "1.5", "1e308", "2147483648")))),
            Slot("geometry", Gen.Frequency((3, Gen.Constant(t.Geometry)), (2, Geometry))),
        })
        select parts;

    /// <summary>A facility as a GeoJSON Feature (POST/PUT /api/facilities).</summary>
    public Gen<string> Facility =>
        from parts in FacilityParts
        from props in ObjectOf(Slot("name", Gen.Frequency((4, Gen.Elements("\"卫生室\"", "\"Fuzz clinic\"")), (1, Text))),
            Slot("status", Gen.Frequency((4, Gen.Elements("\"existing\"", "\"planned\"", "\"规划\"", "\"proposed\"")), (1, Gen.Elements("\"gone\"", "\"\"")))),
            Slot("town", Gen.Frequency((4, Gen.Constant("\"fuzz town\"")), (1, Text))), Gen.Constant(parts[0]), Gen.Constant(parts[1]),
            Gen.Constant(parts[2]))
        from body in ObjectOf(Slot("type", Gen.Frequency((8, Gen.Constant("\"Feature\"")), (1, Gen.Elements("\"FeatureCollection\"", "\"feature\"")))),
            Slot("properties", Gen.Constant(props)), Gen.Constant(parts[3]))
        select body;

    /// <summary>One added facility of an edit list (category, kind, name, capacity, geometry at the item's top level).</summary>
    Gen<string> Added =>
        from parts in FacilityParts
        from name in Slot("name", Gen.Frequency((4, Gen.Constant("\"拟建 fuzz\"")), (1, Text)))
        select Obj(parts.SelectMany(p => p).Concat(name));

    Gen<string> Moved => ObjectOf(Slot("id", FacilityId), Slot("geometry", Geometry));

    Gen<string> List(Gen<string> item) => Gen.Frequency(
        (6, from n in Gen.Choose(0, 3) from items in Gen.ArrayOf(item, n) select Arr(items)),
        (1, Huge(item.Resize(1))));

    /// <summary>{ add, remove, move } members of a what-if or a scenario.</summary>
    Gen<IEnumerable<(string, string)>>[] Edits => [Slot("add", List(Added)), Slot("remove", List(FacilityId)), Slot("move", List(Moved))];

    public Gen<string> WhatIf => ObjectOf([Slot("circle", Circle), .. Edits]);

    public Gen<string> Scenario => ObjectOf([Slot("name", Gen.Frequency((4, Gen.Constant("\"fuzz 情景\"")), (1, Text))),
        Slot("description", Gen.Frequency((4, Gen.Constant("\"说明\"")), (1, Text))), .. Edits]);

    public Gen<string> Rename => ObjectOf(Slot("name", Gen.Frequency((2, Gen.Constant("\"改名 fuzz\"")), (1, Text))));

    /// <summary>Candidate sites: a few valid Point/Polygon features, or just over the count limit.</summary>
    Gen<string> Candidates
    {
        get
        {
            var feature = ObjectOf(Slot("type", Gen.Constant("\"Feature\"")),
                Slot("properties", ObjectOf(Slot("id", Gen.Elements("\"c1\"", "\"c2\"")), Slot("name", Gen.Constant("\"候选\"")))),
                Slot("geometry", Geometry));
            var features = Gen.Frequency((6, from n in Gen.Choose(1, 4) from fs in Gen.ArrayOf(feature, n) select Arr(fs)),
                (1, Gen.Constant(Arr(Enumerable.Repeat("{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]}}", 5_001)))));
            return ObjectOf(Slot("type", Gen.Constant("\"FeatureCollection\"")), Slot("features", features));
        }
    }

    /// <summary>A siting body. The time limit is always small or invalid: its absence means a ten-second solve.</summary>
    public Gen<string> Siting => ObjectOf(Slot("circle", Circle), Slot("new", Gen.Choose(1, 5).Select(i => i.ToString())),
        Slot("target", Gen.Frequency((1, Gen.Constant("null")), (1, Gen.Elements("50", "0.05", "100.5")))),
        Slot("candidates", Gen.Frequency((2, Gen.Constant("null")), (1, Candidates))),
        Slot("spacing", Gen.Elements("300", "49", "5001")),
        Slot("timeLimitSeconds", Gen.Elements("0.2", "0.1"), keep: true));

    public Gen<string> Trails => ObjectOf(Slot("circle", Circle), Slot("budgetKm", Gen.Elements("0.5", "2", "0.01", "501")),
        Slot("timeLimitSeconds", Gen.Elements("0.2", "0.1"), keep: true));
}
