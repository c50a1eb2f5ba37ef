using Coverage.Core.Domain;
using Coverage.Core.Seeds;

namespace Coverage.Analysis.Tests.Support;

/// <summary>A small catalogue with circles whose numbers make hand-checked expectations easy.</summary>
public static class TestSeeds
{
    public static FacilityCategory Category(string id, params FacilityKind[] kinds) =>
        new() { Id = id, NameZh = id, NameEn = id, Kinds = kinds };

    public static CircleStandard Circle(string id, CircleKind kind, double minutes, string profile, params string[] categories) =>
        new() { Id = id, NameZh = id, NameEn = id, Kind = kind, Minutes = minutes, Profile = profile, Categories = categories, PolicySource = "test" };

    public static readonly FacilityCategory[] Categories =
    [
        Category("culture"), Category("clinic"), Category("elderly"),
        Category("bus-shelter", new FacilityKind("shelter", "候车亭", "shelter"), new FacilityKind("stop-sign", "站牌", "stop sign")),
        Category("fitness", new FacilityKind("fitness-trail", "健身步道", "trail", FacilityGeometryKind.Line), new FacilityKind("fitness-station", "健身点", "station")),
    ];

    public static SeedCatalog Catalog(params CircleStandard[] circles) => new() { Categories = Categories, Circles = circles };
}
