using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Coverage.Storage.Import;

/// <summary>
/// Validates raw rows into facilities or settlements, collecting every problem (never stopping at the first)
/// so the planner can fix a file in one pass.
/// </summary>
sealed class RowValidator(SeedCatalog seeds, ImportOptions options, string source)
{
    readonly GeometryCheck geometry = new(options);
    readonly Dictionary<string, RowLocation> seenIds = [];
    readonly Dictionary<string, RowLocation> seenGivenIds = [];
    public ErrorSink Errors { get; } = new(options.MaxErrors);
    public int LeftAsWgs84 => geometry.LeftAsWgs84;
    public int BlankPopulation { get; private set; }

    public Facility? Facility(RawRow row)
    {
        int before = Errors.Count;
        string? name = Name(row);
        var (category, kind) = CategoryAndKind(row);
        var status = Status(row);
        int? capacity = row[FieldNames.Capacity] is null ? null : Integer(row, FieldNames.Capacity);
        var geom = Geometry(row);
        if (geom is not null && category is not null) geom = FacilityShape(row, category, kind, geom);
        var (id, sourceId) = Ids(row, "fac");
        if (Errors.Count > before) return null;
        return new Facility
        {
            Id = id, Name = name!, Category = category!.Id, Kind = kind?.Id, Status = status, Capacity = capacity,
            Town = row[FieldNames.Town], Geometry = geom!, Source = row[FieldNames.Source] ?? source, SourceId = sourceId,
        };
    }

    public Settlement? Settlement(RawRow row)
    {
        int before = Errors.Count;
        string? name = Name(row);
        var kind = SettlementKind(row);
        int population = 0;
        if (row[FieldNames.Population] is null) BlankPopulation++;
        else population = Integer(row, FieldNames.Population) ?? 0;
        int elderly = row[FieldNames.Elderly] is null ? 0 : Integer(row, FieldNames.Elderly) ?? 0;
        if (elderly > population && row[FieldNames.Population] is not null)
            Errors.Add(row.Where, FieldNames.Elderly, $"老年人口 {elderly} 大于总人口 {population}", $"elderly population {elderly} exceeds population {population}");
        bool urban = Urban(row);
        var geom = Geometry(row);
        if (geom is not null) geom = SettlementShape(row, geom);
        var (id, sourceId) = Ids(row, "set");
        if (Errors.Count > before) return null;
        return new Settlement
        {
            Id = id, Name = name!, Kind = kind, Town = row[FieldNames.Town] ?? "", AdminCode = row[FieldNames.AdminCode],
            ParentId = row[FieldNames.ParentId], Geometry = geom!, Population = population, Elderly = elderly, Urban = urban,
            Source = row[FieldNames.Source] ?? source, SourceId = sourceId,
        };
    }

    /// <summary>Longest name accepted, as the API's (JsonFields.MaxNameLength).</summary>
    public const int MaxNameLength = 200;

    string? Name(RawRow row)
    {
        var name = row[FieldNames.Name];
        if (name is null) Errors.Add(row.Where, FieldNames.Name, "名称为空", "name is empty");
        else if (name.Length > MaxNameLength)
            Errors.Add(row.Where, FieldNames.Name, $"名称太长（{name.Length} 个字符，最多 {MaxNameLength}）", $"name is too long ({name.Length} characters, at most {MaxNameLength})");
        return name;
    }

    (FacilityCategory?, FacilityKind?) CategoryAndKind(RawRow row)
    {
        string? categoryText = row[FieldNames.Category] ?? options.Category, kindText = row[FieldNames.Kind];
        FacilityCategory? category = categoryText is null ? null : seeds.Categories.FirstOrDefault(c => Named(categoryText, c.Id, c.NameZh, c.NameEn));
        if (category is null && categoryText is null && kindText is not null)
            category = seeds.Categories.FirstOrDefault(c => c.Kinds.Any(k => Named(kindText, k.Id, k.NameZh, k.NameEn)));
        if (category is null)
        {
            string known = string.Join(", ", seeds.Categories.Select(c => $"{c.Id}（{c.NameZh}）"));
            if (categoryText is null)
                Errors.Add(row.Where, FieldNames.Category, $"缺少类别（可用 --category 指定）；可选：{known}", $"no category (give one with --category); known: {known}");
            else
                Errors.Add(row.Where, FieldNames.Category, $"未知类别“{categoryText}”；可选：{known}", $"unknown category '{categoryText}'; known: {known}");
            return (null, null);
        }
        if (kindText is null) return (category, null);
        var kind = category.Kinds.FirstOrDefault(k => Named(kindText, k.Id, k.NameZh, k.NameEn));
        if (kind is null)
        {
            string known = string.Join(", ", category.Kinds.Select(k => $"{k.Id}（{k.NameZh}）"));
            Errors.Add(row.Where, FieldNames.Kind, $"类别 {category.Id} 下没有类型“{kindText}”；可选：{known}", $"unknown kind '{kindText}' in category {category.Id}; known: {known}");
        }
        return (category, kind);
    }

    static bool Named(string text, params string[] names) => names.Any(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));

    static readonly (FacilityStatus Status, string[] Names)[] StatusNames =
    [
        (FacilityStatus.Existing, ["existing", "现状", "已建", "现有", "建成"]),
        (FacilityStatus.UnderConstruction, ["under_construction", "在建", "under construction"]),
        (FacilityStatus.Planned, ["planned", "规划", "计划"]),
        (FacilityStatus.Proposed, ["proposed", "拟建", "建议", "候选"]),
    ];

    FacilityStatus Status(RawRow row)
    {
        if (row[FieldNames.Status] is not { } text) return FacilityStatus.Existing;
        foreach (var (status, names) in StatusNames) if (Named(text, names)) return status;
        Errors.Add(row.Where, FieldNames.Status, $"未知状态“{text}”；可选：现状/在建/规划/拟建", $"unknown status '{text}'; known: {string.Join(", ", DomainIds.StatusIds)}");
        return FacilityStatus.Existing;
    }

    static readonly (SettlementKind Kind, string[] Names)[] KindNames =
    [
        (Core.Domain.SettlementKind.AdministrativeVillage, ["administrative_village", "行政村"]),
        (Core.Domain.SettlementKind.NaturalVillage, ["natural_village", "自然村"]),
        (Core.Domain.SettlementKind.Community, ["community", "社区", "居委会"]),
    ];

    SettlementKind SettlementKind(RawRow row)
    {
        if (row[FieldNames.Kind] is not { } text) return Core.Domain.SettlementKind.AdministrativeVillage;
        foreach (var (kind, names) in KindNames) if (Named(text, names)) return kind;
        Errors.Add(row.Where, FieldNames.Kind, $"未知居民点类型“{text}”；可选：行政村/自然村/社区", $"unknown settlement kind '{text}'; known: {string.Join(", ", DomainIds.SettlementKindIds)}");
        return Core.Domain.SettlementKind.AdministrativeVillage;
    }

    bool Urban(RawRow row)
    {
        var text = row[FieldNames.Urban];
        // "T"/"F": a dBASE logical as GDAL reads it from a shapefile.
        if (text is null || Named(text, "false", "0", "rural", "农村", "否", "乡村", "f")) return false;
        if (Named(text, "true", "1", "urban", "城镇", "是", "城市", "t")) return true;
        Errors.Add(row.Where, FieldNames.Urban, $"无法识别城乡属性“{text}”（城镇/农村）", $"'{text}' is not urban/rural (true/false)");
        return false;
    }

    int? Integer(RawRow row, string field)
    {
        var text = row[field]!;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= int.MaxValue && v == Math.Floor(v))
            return (int)v;
        Errors.Add(row.Where, field, $"“{text}”不是非负整数", $"'{text}' is not a non-negative whole number");
        return null;
    }

    Geometry? Geometry(RawRow row)
    {
        if (row.GeometryError is var (zh, en)) { Errors.Add(row.Where, FieldNames.Wkt, zh, en); return null; }
        var g = row.Geometry ?? FromFields(row);
        return g is null ? null : geometry.Prepare(g, row.Where, Errors);
    }

    Geometry? FromFields(RawRow row)
    {
        if (row[FieldNames.Wkt] is { } wkt)
        {
            if (WktDepth.Of(wkt) > WktDepth.Max)
            {
                Errors.Add(row.Where, FieldNames.Wkt, $"WKT 括号嵌套超过 {WktDepth.Max} 层，不是有效的几何", $"WKT nests brackets more than {WktDepth.Max} deep: not a usable geometry");
                return null;
            }
            try { return new WKTReader().Read(wkt); }
            catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
            {
                Errors.Add(row.Where, FieldNames.Wkt, $"WKT 无法解析：{e.Message}", $"WKT cannot be parsed: {e.Message}");
                return null;
            }
        }
        double? lon = Number(row, FieldNames.Lon), lat = Number(row, FieldNames.Lat);
        return lon is null || lat is null ? null : GeometryCheck.PointFrom(lon.Value, lat.Value);
    }

    double? Number(RawRow row, string field)
    {
        var text = row[field];
        if (text is null) { Errors.Add(row.Where, field, "坐标为空", "coordinate is empty"); return null; }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        Errors.Add(row.Where, field, $"“{text}”不是数字（小数点用“.”）", $"'{text}' is not a number (use '.' as decimal point)");
        return null;
    }

    Geometry? FacilityShape(RawRow row, FacilityCategory category, FacilityKind? kind, Geometry g)
    {
        if (g is MultiPoint { NumGeometries: 1 } mp) g = mp.GetGeometryN(0);
        var shape = g switch
        {
            Point => FacilityGeometryKind.Point,
            LineString or MultiLineString => FacilityGeometryKind.Line,
            _ => (FacilityGeometryKind?)null,
        };
        if (shape is { } s && category.Accepts(kind?.Id, s)) return g;
        string what = kind is null ? category.Id : $"{category.Id}/{kind.Id}";
        bool wantsLine = kind?.Geometry == FacilityGeometryKind.Line;
        Errors.Add(row.Where, FieldNames.Wkt,
            wantsLine ? $"{what} 需要线，而不是{ZhShape(g)}" : $"{what} 需要点，而不是{ZhShape(g)}（面状设施请给出入口或中心点）",
            wantsLine ? $"{what} needs a line, not a {g.GeometryType}" : $"{what} needs a point, not a {g.GeometryType} (for an area give its entrance or centre point)");
        return null;
    }

    Geometry? SettlementShape(RawRow row, Geometry g)
    {
        if (g is MultiPoint { NumGeometries: 1 } mp) g = mp.GetGeometryN(0);
        if (g is Point or Polygon or MultiPolygon) return g;
        Errors.Add(row.Where, FieldNames.Wkt, $"居民点需要点或面，而不是{ZhShape(g)}", $"a settlement needs a point or polygon, not a {g.GeometryType}");
        return null;
    }

    static string ZhShape(Geometry g) => g switch
    {
        Point or MultiPoint => "点", LineString or MultiLineString => "线", Polygon or MultiPolygon => "面", _ => "几何集合",
    };

    (string Id, string SourceId) Ids(RawRow row, string prefix)
    {
        string? given = row[FieldNames.SourceId] ?? row[FieldNames.Id];
        string sourceId = given ?? Hash(row);
        if (seenIds.TryGetValue(sourceId, out var first))
            Errors.Add(row.Where, FieldNames.Id, given is null ? $"与{first.Zh}内容完全相同" : $"编号“{given}”与{first.Zh}重复",
                given is null ? $"same content as {first.En}" : $"id '{given}' repeats {first.En}");
        else seenIds[sourceId] = row.Where;
        // Two rows with one id but different source ids would pass here and fail in the store: the same error, before any write.
        if (row[FieldNames.Id] is { } id && row[FieldNames.SourceId] is not null)
        {
            if (seenGivenIds.TryGetValue(id, out var firstWithId))
                Errors.Add(row.Where, FieldNames.Id, $"编号“{id}”与{firstWithId.Zh}重复", $"id '{id}' repeats {firstWithId.En}");
            else seenGivenIds[id] = row.Where;
        }
        return (row[FieldNames.Id] ?? $"{prefix}-{sourceId}", sourceId);
    }

    /// <summary>A stable id for a row without one: the same content gives the same id on every import.</summary>
    static string Hash(RawRow row)
    {
        var text = new StringBuilder();
        foreach (var (k, v) in row.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)) text.Append(k).Append('=').Append(v?.Trim()).Append('\n');
        if (row.Geometry is not null) text.Append(row.Geometry.AsText());
        return "h" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
