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
        Source = "source", SourceId = "source_id", BuiltYear = "built_year", AreaM2 = "area_m2";

    /// <summary>
    /// Accepted headers per field. The first Chinese one is the heading our Excel export writes, so an exported workbook
    /// reads back under the same names a bureau's own table uses.
    /// </summary>
    /// 序号 is deliberately not an id: it is the row's position in a bureau's table, renumbered whenever rows are sorted,
    /// so taking it as the id would make a re-import of a re-sorted table update the wrong villages.
    static readonly Dictionary<string, string[]> Table = new()
    {
        [Id] = ["id", "编号", "编码", "fid", "objectid"],
        [Name] = ["name", "名称", "名字", "设施名称", "村名", "村庄名称", "村庄", "行政村名称", "居民点名称"],
        [Category] = ["category", "类别", "大类", "设施类别"],
        [Kind] = ["kind", "类型", "小类", "设施类型", "type"],
        [Status] = ["status", "状态", "建设状态", "现状/规划"],
        [Capacity] = ["capacity", "容量", "规模", "床位", "床位数", "容量/床位"],
        [Town] = ["town", "所属镇街", "镇街", "镇", "街道", "乡镇", "乡镇街道", "所属镇", "所属镇（街道）", "所属镇(街道)", "所属镇街道", "所属乡镇", "镇（街道）", "镇(街道)"],
        [AdminCode] = ["admin_code", "区划代码", "行政区划代码", "统计用区划代码", "admincode"],
        [ParentId] = ["parent_id", "所属行政村", "上级", "parentid"],
        [Population] = ["population", "常住人口", "人口", "户籍人口", "总人口", "pop"],
        [Elderly] = ["elderly", "60岁以上人口", "老年人口", "60岁及以上人口", "60周岁以上人口", "60周岁及以上人口", "老人", "老年人数"],
        [Urban] = ["urban", "城乡", "城镇", "城乡属性"],
        [Lon] = ["lon", "lng", "longitude", "x", "经度", "long"],
        [Lat] = ["lat", "latitude", "y", "纬度"],
        [Wkt] = ["wkt", "geometry", "geom", "几何"],
        [Source] = ["source", "来源"],
        [SourceId] = ["source_id", "来源编号"],
        [BuiltYear] = ["built_year", "建成年份", "建成时间", "建成年代", "建设年份", "投用年份"],
        // Only a sports-ground area in m²: 建筑面积 (floor area) is another quantity, and a bare 面积 could be in 亩 or 公顷.
        [AreaM2] = ["area_m2", "场地面积（平方米）", "场地面积(平方米)", "场地面积（㎡）", "场地面积(㎡)", "场地面积(m²)", "场地面积(m2)",
            "面积（平方米）", "面积(平方米)", "面积（㎡）", "面积(㎡)", "面积(m²)", "面积(m2)"],
    };

    static readonly Dictionary<string, string> Aliases = Build(Table);

    static Dictionary<string, string> Build(Dictionary<string, string[]> table)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (canonical, aliases) in table)
            foreach (var alias in aliases) map[alias] = canonical;
        return map;
    }

    /// <summary>
    /// The canonical name of a header, or null when the header is not one we know. A unit in brackets after the name
    /// ("常住人口（人）", "容量(床)") is allowed, as are spaces and line breaks inside a spreadsheet heading.
    /// </summary>
    public static string? Canonical(string header)
    {
        var text = string.Concat(header.Trim().Trim('\uFEFF').Where(c => !char.IsWhiteSpace(c)));
        if (Aliases.TryGetValue(text, out var canonical)) return canonical;
        if (text.StartsWith("area_m2", StringComparison.OrdinalIgnoreCase)) return null; // a unit on area_m2 other than m² is not m²
        int bracket = text.LastIndexOfAny(['（', '(']);
        return bracket > 0 && text[^1] is '）' or ')' ? Aliases.GetValueOrDefault(text[..bracket]) : null;
    }

    /// <summary>The Chinese heading an exported spreadsheet uses for a canonical field (one the importer reads back).</summary>
    public static string ChineseHeading(string canonical) =>
        Table[canonical].First(a => a.Any(c => c >= '\u4e00' && c <= '\u9fff'));

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
