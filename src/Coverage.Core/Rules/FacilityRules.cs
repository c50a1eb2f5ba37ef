using Coverage.Core.Domain;
using Coverage.Core.Geo;
using Coverage.Core.Seeds;
using NetTopologySuite.Geometries;

namespace Coverage.Core.Rules;

/// <summary>
/// What a facility may be, wherever it is made: the API reader, the file importers and the scenario editor all ask
/// here, so the same bad value gets the same message everywhere. Each check answers null (fine) or why not, in both
/// languages; the caller says where (a JSON path, a CSV line). Geometry itself is checked by <see cref="GeometryRules"/>.
/// </summary>
public sealed class FacilityRules(SeedCatalog seeds)
{
    /// <summary>Capacity (beds, places, seats): a whole number up to this.</summary>
    public const int MaxCapacity = 1_000_000;

    public static Bilingual? Name(string? name) => TextRules.Check("name", name, required: true);

    public static Bilingual? Town(string? town) => TextRules.Check("town", town, required: false);

    /// <summary>
    /// The category named by id, Chinese or English name (any case); with no category text, the one whose kind is
    /// named. Null with the reason when there is none.
    /// </summary>
    public FacilityCategory? Category(string? categoryText, string? kindText, out Bilingual? problem)
    {
        problem = null;
        if (categoryText is not null && seeds.Categories.FirstOrDefault(c => Named(categoryText, c.Id, c.NameZh, c.NameEn)) is { } named)
            return named;
        if (categoryText is null && kindText is not null
            && seeds.Categories.FirstOrDefault(c => c.Kinds.Any(k => Named(kindText, k.Id, k.NameZh, k.NameEn))) is { } byKind)
            return byKind;
        string known = string.Join(", ", seeds.Categories.Select(c => $"{c.Id}（{c.NameZh}）"));
        problem = categoryText is null
            ? new($"缺少类别 category（导入文件时可用 --category 指定）；可选：{known}", $"category is missing (when importing a file, give one with --category); known: {known}")
            : new($"未知类别“{ShownValue.Of(categoryText)}”；可选：{known}", $"unknown category '{ShownValue.Of(categoryText)}'; known: {known}");
        return null;
    }

    /// <summary>The kind of <paramref name="category"/> named by id, Chinese or English name; null when none is given or with the reason.</summary>
    public static FacilityKind? Kind(FacilityCategory category, string? kindText, out Bilingual? problem)
    {
        problem = null;
        if (kindText is null) return null;
        if (category.Kinds.FirstOrDefault(k => Named(kindText, k.Id, k.NameZh, k.NameEn)) is { } kind) return kind;
        string known = string.Join(", ", category.Kinds.Select(k => $"{k.Id}（{k.NameZh}）"));
        problem = new($"类别 {category.Id} 下没有类型“{ShownValue.Of(kindText)}”；可选：{known}", $"unknown kind '{ShownValue.Of(kindText)}' in category {category.Id}; known: {known}");
        return null;
    }

    /// <summary>The status named in English or Chinese (现状, 规划, 在建, planned, under construction…); Existing when blank.</summary>
    public static FacilityStatus Status(string? text, out Bilingual? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return FacilityStatus.Existing;
        if (DomainIds.TryParseStatus(text, out var status)) return status;
        problem = new($"未知状态“{ShownValue.Of(text)}”；可选：现状、在建、规划、拟建（或 {string.Join(", ", DomainIds.StatusIds)}）",
            $"unknown status '{ShownValue.Of(text)}'; known: {string.Join(", ", DomainIds.StatusIds)} (or 现状, 在建, 规划, 拟建)");
        return FacilityStatus.Existing;
    }

    /// <summary>Why <paramref name="value"/> (shown as <paramref name="shown"/>) is not a capacity; null value: not a number at all.</summary>
    public static Bilingual? Capacity(double? value, string shown)
    {
        if (value is { } v && v >= 0 && v <= MaxCapacity && v == Math.Floor(v)) return null;
        return new($"capacity 应为 0 到 {MaxCapacity} 之间的整数，而不是 {shown}", $"capacity must be a whole number from 0 to {MaxCapacity}, not {shown}");
    }

    /// <summary>Largest area accepted, m² (100 km²: larger is a unit mistake, e.g. hectares read as m² the other way round).</summary>
    public const double MaxAreaM2 = 1e8;

    /// <summary>Why <paramref name="value"/> (shown as <paramref name="shown"/>) is not an area in m²; null value: not a number at all.</summary>
    public static Bilingual? Area(double? value, string shown)
    {
        if (value is { } v && double.IsFinite(v) && v >= 0 && v <= MaxAreaM2) return null;
        return new($"area_m2（面积，平方米）应为 0 到 {MaxAreaM2:0} 之间的数，而不是 {shown}", $"area_m2 (area in m²) must be a number from 0 to {MaxAreaM2:0}, not {shown}");
    }

    /// <summary>The latest built year accepted: ten years ahead (a planned facility's due year).</summary>
    public static int MaxBuiltYear => DateTime.UtcNow.Year + 10;

    /// <summary>Why <paramref name="year"/> is not a built year (from 1900 to <see cref="MaxBuiltYear"/>); null when it is.</summary>
    public static Bilingual? BuiltYear(int year) =>
        year >= 1900 && year <= MaxBuiltYear ? null : NotABuiltYear(year.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The one message for a value (shown as <paramref name="shown"/>) that is not a built year, for files and the API alike.</summary>
    public static Bilingual NotABuiltYear(string shown) =>
        new($"建成年份“{shown}”不是 1900 到 {MaxBuiltYear} 之间的年份或日期", $"built year '{shown}' is not a year or date from 1900 to {MaxBuiltYear}");

    /// <summary>A one-point MultiPoint as its Point; anything else as it is.</summary>
    public static Geometry Normalize(Geometry g) => g is MultiPoint { NumGeometries: 1 } mp ? mp.GetGeometryN(0) : g;

    /// <summary>
    /// A facility drawn as an area (a sports ground, a park, a centre's plot) where its kind is a point: placed at its interior
    /// point, and its ground area measured (<see cref="GeoArea"/>) for the per-capita area indicator, as the OSM reader places
    /// areas. Null for anything else (a point, a line, or an area where the kind needs a line, which <see cref="Shape"/> refuses).
    /// </summary>
    public static (Point At, double AreaM2)? AreaAsPoint(Geometry g, FacilityCategory category, FacilityKind? kind) =>
        g is Polygon or MultiPolygon && !g.IsEmpty && g.IsValid && category.Accepts(kind?.Id, FacilityGeometryKind.Point)
            ? ((Point)g.InteriorPoint, Math.Round(GeoArea.SquareMetres(g), 1)) : null;

    /// <summary>The note for facilities placed at their areas' interior points, for files and the API alike.</summary>
    public static Bilingual AreasPlaced(int count) =>
        new($"{count} 个面状设施按其内部点定位，未给面积的取多边形面积（平方米）", $"{count} facilities drawn as areas are placed at an interior point; those without an area take the polygon's (m²)");

    /// <summary>Points for most kinds, lines for fitness trails, as the seeds say.</summary>
    public static Bilingual? Shape(Geometry g, FacilityCategory category, FacilityKind? kind)
    {
        FacilityGeometryKind? shape = g switch
        {
            Point => FacilityGeometryKind.Point,
            LineString or MultiLineString => FacilityGeometryKind.Line,
            _ => null,
        };
        if (shape is { } s && category.Accepts(kind?.Id, s)) return null;
        string what = kind is null ? category.Id : $"{category.Id}/{kind.Id}";
        if (kind?.Geometry == FacilityGeometryKind.Line)
            return new($"{what} 需要线（LineString），而不是{ZhShape(g)}", $"{what} needs a LineString, not a {g.GeometryType}");
        return g is Polygon or MultiPolygon
            ? new($"{what} 需要点（Point），而不是面（面状设施请给出入口或中心点）", $"{what} needs a Point, not a {g.GeometryType} (for an area give its entrance or centre point)")
            : new($"{what} 需要点（Point），而不是{ZhShape(g)}", $"{what} needs a Point, not a {g.GeometryType}");
    }

    static string ZhShape(Geometry g) => g switch
    {
        Point or MultiPoint => "点", LineString or MultiLineString => "线", Polygon or MultiPolygon => "面", _ => "几何集合",
    };

    static bool Named(string text, params string[] names) => names.Any(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
}
