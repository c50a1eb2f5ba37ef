namespace Coverage.Storage.Import;

/// <summary>
/// Canonical field names of the interchange format and the column headers planners use for them
/// (Chinese and English, case-insensitive). Our exporters write the canonical names.
/// </summary>
public static class FieldNames
{
    public const string Id = "id", Name = "name", Category = "category", Kind = "kind", Status = "status",
        Capacity = "capacity", Town = "town", AdminCode = "admin_code", ParentId = "parent_id",
        Population = "population", Elderly = "elderly", Urban = "urban", Lon = "lon", Lat = "lat", Wkt = "wkt",
        Source = "source", SourceId = "source_id";

    static readonly Dictionary<string, string> Aliases = Build(new()
    {
        [Id] = ["id", "编号", "编码", "序号", "fid", "objectid"],
        [Name] = ["name", "名称", "名字", "设施名称", "村名", "村庄名称"],
        [Category] = ["category", "类别", "大类", "设施类别"],
        [Kind] = ["kind", "类型", "小类", "设施类型", "type"],
        [Status] = ["status", "状态", "建设状态"],
        [Capacity] = ["capacity", "容量", "规模", "床位", "床位数"],
        [Town] = ["town", "镇街", "镇", "街道", "乡镇", "乡镇街道", "所属镇街"],
        [AdminCode] = ["admin_code", "区划代码", "行政区划代码", "统计用区划代码", "admincode"],
        [ParentId] = ["parent_id", "上级", "所属行政村", "parentid"],
        [Population] = ["population", "人口", "常住人口", "户籍人口", "总人口", "pop"],
        [Elderly] = ["elderly", "老年人口", "60岁以上人口", "60岁及以上人口", "老人"],
        [Urban] = ["urban", "城乡", "城镇", "城乡属性"],
        [Lon] = ["lon", "lng", "longitude", "x", "经度", "long"],
        [Lat] = ["lat", "latitude", "y", "纬度"],
        [Wkt] = ["wkt", "geometry", "geom", "几何"],
        [Source] = ["source"],
        [SourceId] = ["source_id"],
    });

    static Dictionary<string, string> Build(Dictionary<string, string[]> table)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (canonical, aliases) in table)
            foreach (var alias in aliases) map[alias] = canonical;
        return map;
    }

    /// <summary>The canonical name of a header, or null when the header is not one we know.</summary>
    public static string? Canonical(string header) => Aliases.GetValueOrDefault(header.Trim().Trim('\uFEFF'));

    /// <summary>The headers accepted for a canonical field, for "missing column" messages.</summary>
    public static string AliasesOf(string canonical) => string.Join("/", Aliases.Where(a => a.Value == canonical).Select(a => a.Key));
}

/// <summary>One input row before validation: its location, fields by canonical name, and geometry if the format has one.</summary>
public sealed record RawRow(RowLocation Where, IReadOnlyDictionary<string, string?> Fields, NetTopologySuite.Geometries.Geometry? Geometry)
{
    /// <summary>Why the format's geometry could not be read (missing, malformed), reported against the row.</summary>
    public (string Zh, string En)? GeometryError { get; init; }

    /// <summary>Values the format holds but that are not text (a BLOB in a name column): each fails the row.</summary>
    public IReadOnlyList<(string Field, string Zh, string En)> FieldErrors { get; init; } = [];

    public string? this[string field] => Fields.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>Maps source column names to canonical names; unknown columns are dropped and reported in <paramref name="ignored"/>.</summary>
    public static Dictionary<string, string?> Canonicalise(IEnumerable<KeyValuePair<string, string?>> columns, ISet<string> ignored)
    {
        var fields = new Dictionary<string, string?>();
        foreach (var (name, value) in columns)
        {
            if (FieldNames.Canonical(name) is { } canonical) fields.TryAdd(canonical, value);
            else ignored.Add(name);
        }
        return fields;
    }
}
