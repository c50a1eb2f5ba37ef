using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Rules;
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
    readonly FacilityRules facilityRules = new(seeds);
    readonly Dictionary<string, RowLocation> seenIds = [];
    readonly Dictionary<string, RowLocation> seenGivenIds = [];
    public ErrorSink Errors { get; } = new(options.MaxErrors);
    public int LeftAsWgs84 => geometry.LeftAsWgs84;
    public int BlankPopulation { get; private set; }
    /// <summary>Facilities drawn as areas where their kind is a point: placed at an interior point (<see cref="FacilityRules.AreaAsPoint"/>).</summary>
    public int AreasPlaced { get; private set; }

    public Facility? Facility(RawRow row)
    {
        int before = Errors.Count;
        string? name = Name(row);
        var (category, kind) = CategoryAndKind(row);
        var status = Status(row);
        int? capacity = Capacity(row);
        string? town = Town(row);
        int? builtYear = BuiltYear(row);
        double? area = Area(row);
        var geom = Geometry(row);
        if (geom is not null && category is not null && FacilityRules.AreaAsPoint(geom, category, kind) is var (at, areaM2))
        {
            (geom, area) = (at, area ?? areaM2);
            AreasPlaced++;
        }
        if (geom is not null && category is not null) geom = FacilityShape(row, category, kind, geom);
        var (id, sourceId) = Ids(row, "fac");
        if (Errors.Count > before) return null;
        return new Facility
        {
            Id = id, Name = name!, Category = category!.Id, Kind = kind?.Id, Status = status, Capacity = capacity,
            BuiltYear = builtYear, AreaM2 = area, Town = town, Geometry = geom!, Source = row[FieldNames.Source] ?? source, SourceId = sourceId,
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
        string town = Town(row) ?? "";
        var geom = Geometry(row);
        if (geom is not null) geom = SettlementShape(row, geom);
        var (id, sourceId) = Ids(row, "set");
        if (Errors.Count > before) return null;
        return new Settlement
        {
            Id = id, Name = name!, Kind = kind, Town = town, AdminCode = row[FieldNames.AdminCode],
            ParentId = row[FieldNames.ParentId], Geometry = geom!, Population = population, Elderly = elderly, Urban = urban,
            Source = row[FieldNames.Source] ?? source, SourceId = sourceId,
        };
    }

    string? Name(RawRow row)
    {
        var name = row[FieldNames.Name];
        if (TextRules.Check(FieldNames.Name, name, required: true) is { } problem) { Errors.Add(row.Where, FieldNames.Name, problem); return null; }
        return name;
    }

    string? Town(RawRow row)
    {
        var town = row[FieldNames.Town];
        if (TextRules.Check(FieldNames.Town, town, required: false) is { } problem) { Errors.Add(row.Where, FieldNames.Town, problem); return null; }
        return town;
    }

    (FacilityCategory?, FacilityKind?) CategoryAndKind(RawRow row)
    {
        string? categoryText = row[FieldNames.Category] ?? options.Category, kindText = row[FieldNames.Kind];
        var category = facilityRules.Category(categoryText, kindText, out var problem);
        if (category is null)
        {
            Errors.Add(row.Where, FieldNames.Category, problem!);
            return (null, null);
        }
        var kind = FacilityRules.Kind(category, kindText, out problem);
        if (problem is not null) Errors.Add(row.Where, FieldNames.Kind, problem);
        return (category, kind);
    }

    static bool Named(string text, params string[] names) => names.Any(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));

    FacilityStatus Status(RawRow row)
    {
        var status = FacilityRules.Status(row[FieldNames.Status], out var problem);
        if (problem is not null) Errors.Add(row.Where, FieldNames.Status, problem);
        return status;
    }

    /// <summary>
    /// 建成年份: a year, or a date (an Excel date cell reads as yyyy-MM-dd) counted as its year, from 1900 to ten years ahead
    /// (a planned facility's due year). A day serial or a typo ("20015") is an error here rather than a silent oddity later.
    /// </summary>
    int? BuiltYear(RawRow row)
    {
        if (row[FieldNames.BuiltYear] is not { } text) return null;
        var head = text.Split('-', '/', '.', '年')[0];
        if (int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out int year) && FacilityRules.BuiltYear(year) is null
            && (head.Length == text.Length || DateTime.TryParse(text, CultureInfo.InvariantCulture, out _) || text.EndsWith('年'))) return year;
        Errors.Add(row.Where, FieldNames.BuiltYear, FacilityRules.NotABuiltYear(ShownValue.Of(text)));
        return null;
    }

    double? Area(RawRow row)
    {
        if (row[FieldNames.AreaM2] is not { } text) return null;
        double? value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        if (FacilityRules.Area(value, ShownValue.Of(text)) is { } problem) { Errors.Add(row.Where, FieldNames.AreaM2, problem); return null; }
        return value;
    }

    int? Capacity(RawRow row)
    {
        if (row[FieldNames.Capacity] is not { } text) return null;
        double? value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        if (FacilityRules.Capacity(value, text) is { } problem) { Errors.Add(row.Where, FieldNames.Capacity, problem); return null; }
        return (int)value!.Value;
    }

    static readonly (SettlementKind Kind, string[] Names)[] KindNames =
    [
        (Core.Domain.SettlementKind.AdministrativeVillage, ["administrative_village", "行政村"]),
        (Core.Domain.SettlementKind.NaturalVillage, ["natural_village", "自然村"]),
        (Core.Domain.SettlementKind.Community, ["community", "社区", "居委会"]),
    ];

    /// <summary>行政村 / 自然村 / 社区: the word a planner's table uses, read back by <see cref="SettlementKind(RawRow)"/>.</summary>
    internal static string KindZh(SettlementKind kind) => KindNames.First(k => k.Kind == kind).Names[1];

    SettlementKind SettlementKind(RawRow row)
    {
        if (row[FieldNames.Kind] is not { } text) return Core.Domain.SettlementKind.AdministrativeVillage;
        foreach (var (kind, names) in KindNames) if (Named(text, names)) return kind;
        Errors.Add(row.Where, FieldNames.Kind, $"未知居民点类型“{ShownValue.Of(text)}”；可选：行政村/自然村/社区", $"unknown settlement kind '{ShownValue.Of(text)}'; known: {string.Join(", ", DomainIds.SettlementKindIds)}");
        return Core.Domain.SettlementKind.AdministrativeVillage;
    }

    bool Urban(RawRow row)
    {
        var text = row[FieldNames.Urban];
        // "T"/"F": a dBASE logical as GDAL reads it from a shapefile.
        if (text is null || Named(text, "false", "0", "rural", "农村", "否", "乡村", "f")) return false;
        if (Named(text, "true", "1", "urban", "城镇", "是", "城市", "t")) return true;
        Errors.Add(row.Where, FieldNames.Urban, $"无法识别城乡属性“{ShownValue.Of(text)}”（城镇/农村）", $"'{ShownValue.Of(text)}' is not urban/rural (true/false)");
        return false;
    }

    int? Integer(RawRow row, string field)
    {
        var text = row[field]!;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && v <= int.MaxValue && v == Math.Floor(v))
            return (int)v;
        Errors.Add(row.Where, field, $"“{ShownValue.Of(text)}”不是非负整数", $"'{ShownValue.Of(text)}' is not a non-negative whole number");
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
                Errors.Add(row.Where, FieldNames.Wkt, $"WKT 无法解析：{ShownValue.Of(e.Message)}", $"WKT cannot be parsed: {ShownValue.Of(e.Message)}");
                return null;
            }
            catch (IndexOutOfRangeException)
            {
                // NTS's tokenizer fails this way on some non-WKT text (a comma followed by a CJK character: ",村").
                Errors.Add(row.Where, FieldNames.Wkt, $"WKT 无法解析：“{ShownValue.Of(wkt)}”不是 WKT 几何", $"WKT cannot be parsed: '{ShownValue.Of(wkt)}' is not a WKT geometry");
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
        Errors.Add(row.Where, field, $"“{ShownValue.Of(text)}”不是数字（小数点用“.”）", $"'{ShownValue.Of(text)}' is not a number (use '.' as decimal point)");
        return null;
    }

    Geometry? FacilityShape(RawRow row, FacilityCategory category, FacilityKind? kind, Geometry g)
    {
        g = FacilityRules.Normalize(g);
        if (FacilityRules.Shape(g, category, kind) is not { } problem) return g;
        Errors.Add(row.Where, FieldNames.Wkt, problem);
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
            Errors.Add(row.Where, FieldNames.Id, given is null ? $"与{first.Zh}内容完全相同" : $"编号“{ShownValue.Of(given)}”与{first.Zh}重复",
                given is null ? $"same content as {first.En}" : $"id '{ShownValue.Of(given)}' repeats {first.En}");
        else seenIds[sourceId] = row.Where;
        // Two rows with one id but different source ids would pass here and fail in the store: the same error, before any write.
        if (row[FieldNames.Id] is { } id && row[FieldNames.SourceId] is not null)
        {
            if (seenGivenIds.TryGetValue(id, out var firstWithId))
                Errors.Add(row.Where, FieldNames.Id, $"编号“{ShownValue.Of(id)}”与{firstWithId.Zh}重复", $"id '{ShownValue.Of(id)}' repeats {firstWithId.En}");
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
