using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Coverage.Core.Geo;
using Coverage.Network.Osm;

namespace Coverage.Network.Roads;

/// <summary>What a column of a road layer means for walking (the keys of the mapping file's "fields").</summary>
public enum RoadField { Class, Name, Bridge, Tunnel, Layer, OnewayFoot, Ferry, FerryMinutes, Steps, Foot, OsmTags }

/// <summary>
/// The tags a road feature stands for: the OSM-style <see cref="WayTags"/> that <see cref="PedestrianAccess"/> judges
/// (one rule table for OSM and layers), with the two grade-separation facts the noder needs read from them once (it asks
/// for every candidate pair of segments).
/// </summary>
public readonly record struct RoadTags(WayTags Tags)
{
    /// <summary>In a tunnel (tunnel=* other than a no-word).</summary>
    public bool Tunnel { get; } = Tags.Tunnel is { } t && LayerMapping.IsYes(t);
    /// <summary>layer=* as a whole number, 0 when absent or unreadable.</summary>
    public int Layer { get; } = Tags.Layer is { } l ? LayerMapping.ParseLayer(l) : 0;

    /// <summary>
    /// On a bridge, in a tunnel, or a ferry: lines crossing it are not joined (it passes over, under or across
    /// water); it joins other lines only at its ends or at a vertex it shares with them.
    /// </summary>
    public readonly bool IsSeparated => Tunnel || (Tags.Bridge != null && Tags.Bridge != "no") || Tags.Route == "ferry";
}

/// <summary>
/// How to read a road layer's attributes (docs/road-layers.md): for each <see cref="RoadField"/> the column(s) that
/// hold it, and a table from class values (道路等级 such as 乡道, 人行道) to OSM-style tags. The built-in
/// <see cref="Default"/> recognises ogr2ogr's OSM layers (highway, name, other_tags) and common Chinese columns; a
/// JSON file overrides fields and adds or replaces class values.
/// </summary>
public sealed class RoadMapping
{
    /// <summary>Candidate columns per field, first present wins (case-insensitive).</summary>
    public IReadOnlyDictionary<RoadField, IReadOnlyList<string>> Fields { get; }
    /// <summary>Fields a mapping file named: the layer must have that column.</summary>
    public IReadOnlySet<RoadField> Required { get; }
    /// <summary>Class value → OSM-style tags (e.g. 人行天桥 → highway=footway, bridge=yes).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> Classes { get; }
    /// <summary>Where this mapping came from, for messages ("built-in" or the file path).</summary>
    public string Source { get; }

    RoadMapping(IReadOnlyDictionary<RoadField, IReadOnlyList<string>> fields, IReadOnlySet<RoadField> required,
        IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> classes, string source)
    {
        Fields = fields; Required = required; Classes = classes; Source = source;
    }

    /// <summary>Columns a vehicle one-way lives in. Walkers are not bound by it (as OSM's oneway=*), so it is not read; the report says so.</summary>
    public static readonly IReadOnlyList<string> VehicleOnewayColumns = ["单向", "通行方向", "oneway", "DXTX"];

    static readonly Dictionary<RoadField, string[]> DefaultFields = new()
    {
        [RoadField.Class] = ["道路等级", "等级", "DLDJ", "道路类型", "道路类别", "highway"],
        [RoadField.Name] = ["名称", "道路名称", "路名", "DLMC", "NAME", "MC"],
        [RoadField.Bridge] = ["是否桥梁", "桥梁", "SFQL", "bridge"],
        [RoadField.Tunnel] = ["是否隧道", "隧道", "SFSD", "tunnel"],
        [RoadField.Layer] = ["层", "分层", "layer"],
        [RoadField.OnewayFoot] = ["步行单向", "行人单向", "oneway_foot"],
        [RoadField.Ferry] = ["渡口", "是否渡口", "ferry"],
        [RoadField.FerryMinutes] = ["渡运时间", "渡运时长", "渡河时间", "ferry_min"],
        [RoadField.Steps] = ["台阶", "是否台阶", "steps"],
        [RoadField.Foot] = ["步行", "行人通行", "foot"],
        [RoadField.OsmTags] = ["other_tags"],
    };

    static KeyValuePair<string, string>[] T(params string[] kv) =>
        Enumerable.Range(0, kv.Length / 2).Select(i => new KeyValuePair<string, string>(kv[2 * i], kv[2 * i + 1])).ToArray();

    /// <summary>
    /// Chinese road classes (GB/T 917 公路等级, CJJ 37 城市道路分类 and survey practice) as OSM China maps them:
    /// 国道 → trunk, 省道 → primary, 县道 → secondary, 乡道 → tertiary, 村道 → unclassified.
    /// </summary>
    static readonly Dictionary<string, KeyValuePair<string, string>[]> DefaultClasses = new()
    {
        ["高速公路"] = T("highway", "motorway"), ["高速"] = T("highway", "motorway"),
        // Urban expressways are motor roads (OSM China tags them motorroad=yes): not walkable whatever the trunk rule says.
        ["城市快速路"] = T("highway", "trunk", "motorroad", "yes"), ["快速路"] = T("highway", "trunk", "motorroad", "yes"),
        ["匝道"] = T("highway", "trunk_link", "motorroad", "yes"),
        ["高架路"] = T("highway", "trunk", "bridge", "yes", "motorroad", "yes"), ["高架"] = T("highway", "trunk", "bridge", "yes", "motorroad", "yes"),
        ["国道"] = T("highway", "trunk"),
        ["省道"] = T("highway", "primary"),
        ["县道"] = T("highway", "secondary"),
        ["乡道"] = T("highway", "tertiary"), ["乡镇道路"] = T("highway", "tertiary"),
        ["村道"] = T("highway", "unclassified"), ["村庄道路"] = T("highway", "unclassified"), ["村路"] = T("highway", "unclassified"),
        ["一级公路"] = T("highway", "primary"), ["二级公路"] = T("highway", "secondary"), ["三级公路"] = T("highway", "tertiary"),
        ["四级公路"] = T("highway", "unclassified"), ["等外公路"] = T("highway", "track"),
        ["主干路"] = T("highway", "primary"), ["主干道"] = T("highway", "primary"),
        ["次干路"] = T("highway", "secondary"), ["次干道"] = T("highway", "secondary"),
        ["支路"] = T("highway", "residential"), ["街巷"] = T("highway", "residential"), ["巷道"] = T("highway", "residential"),
        ["胡同"] = T("highway", "residential"), ["小区道路"] = T("highway", "service"), ["内部道路"] = T("highway", "service"),
        ["人行道"] = T("highway", "footway"), ["步行道"] = T("highway", "footway"), ["游步道"] = T("highway", "path"),
        ["步行街"] = T("highway", "pedestrian"), ["小路"] = T("highway", "path"), ["小径"] = T("highway", "path"),
        ["人行天桥"] = T("highway", "footway", "bridge", "yes"), ["地下通道"] = T("highway", "footway", "tunnel", "yes", "layer", "-1"),
        ["机耕路"] = T("highway", "track"), ["机耕道"] = T("highway", "track"),
        ["田间道"] = T("highway", "track"), ["田间路"] = T("highway", "track"), ["田埂"] = T("highway", "path"),
        ["台阶"] = T("highway", "steps"), ["踏步"] = T("highway", "steps"),
        ["渡口"] = T("route", "ferry"), ["轮渡"] = T("route", "ferry"), ["渡运"] = T("route", "ferry"), ["航线"] = T("route", "ferry"),
        ["在建"] = T("highway", "construction"), ["规划"] = T("highway", "proposed"),
    };

    /// <summary>The built-in mapping: OSM-style fields as ogr2ogr writes them and common Chinese fields and classes.</summary>
    public static RoadMapping Default { get; } = new(
        DefaultFields.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
        new HashSet<RoadField>(),
        DefaultClasses.ToFrozenDictionary(kv => kv.Key, kv => (IReadOnlyList<KeyValuePair<string, string>>)kv.Value),
        "built-in");

    /// <summary>Reads a mapping file over <see cref="Default"/>; a bad file raises <see cref="NetworkInputException"/>.</summary>
    public static RoadMapping Load(string path)
    {
        if (!File.Exists(path)) throw NetworkInputException.NotFound(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>
    /// Parses mapping JSON: <c>{"fields": {"class": "DJ", "name": ["名称", "NAME"]}, "classes": {"乡村路": {"highway": "unclassified"}}}</c>.
    /// A field given as one string must exist in the layer; a list is a set of candidates.
    /// </summary>
    public static RoadMapping Parse(string json, string source)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e)
        {
            throw new NetworkInputException(source, $"道路属性映射文件不是有效的 JSON：{source}（第 {e.LineNumber + 1} 行）",
                $"The road mapping file is not valid JSON: {source} (line {e.LineNumber + 1}: {e.Message}).", e);
        }
        using (doc)
        {
            var fields = DefaultFields.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value);
            var required = new HashSet<RoadField>();
            var classes = new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>(Default.Classes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(source, "根应为对象", "the root must be an object");
            foreach (var section in doc.RootElement.EnumerateObject())
            {
                switch (section.Name)
                {
                    case "fields": ReadFields(section.Value, fields, required, source); break;
                    case "classes": ReadClasses(section.Value, classes, source); break;
                    default: throw Bad(source, $"未知的节 \"{section.Name}\"（应为 fields 或 classes）", $"unknown section \"{section.Name}\" (use fields or classes)");
                }
            }
            return new RoadMapping(fields, required, classes, source);
        }
    }

    static void ReadFields(JsonElement e, Dictionary<RoadField, IReadOnlyList<string>> fields, HashSet<RoadField> required, string source)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (!Enum.TryParse<RoadField>(p.Name, ignoreCase: true, out var field) || int.TryParse(p.Name, out _))
                throw Bad(source, $"未知字段角色 \"{p.Name}\"（可用：{string.Join(", ", Enum.GetNames<RoadField>().Select(Camel))}）",
                    $"unknown field role \"{p.Name}\" (use {string.Join(", ", Enum.GetNames<RoadField>().Select(Camel))})");
            switch (p.Value.ValueKind)
            {
                case JsonValueKind.String: fields[field] = [p.Value.GetString()!]; required.Add(field); break;
                case JsonValueKind.Array: fields[field] = p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray(); break;
                case JsonValueKind.Null: fields[field] = []; break;
                default: throw Bad(source, $"字段 \"{p.Name}\" 应为字符串或字符串数组", $"field \"{p.Name}\" must be a column name or a list of names");
            }
        }
    }

    static void ReadClasses(JsonElement e, Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> classes, string source)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object)
                throw Bad(source, $"类别 \"{p.Name}\" 应为标签对象，如 {{\"highway\": \"footway\"}}", $"class \"{p.Name}\" must be a tag object such as {{\"highway\": \"footway\"}}");
            classes[p.Name] = p.Value.EnumerateObject().Select(t => new KeyValuePair<string, string>(t.Name, t.Value.ToString())).ToArray();
        }
    }

    static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];

    static NetworkInputException Bad(string source, string zh, string en) =>
        new(source, $"道路属性映射文件有误：{source}：{zh}，请参阅 docs/road-layers.md", $"Road mapping file is wrong: {source}: {en}. See docs/road-layers.md.");

    /// <summary>Picks this layer's column for each field from its column names; a required column that is absent is an error.</summary>
    internal LayerMapping Resolve(IReadOnlyCollection<string> columns, string layer)
    {
        var chosen = new Dictionary<RoadField, string>();
        foreach (var (field, candidates) in Fields)
        {
            var hit = candidates.FirstOrDefault(c => columns.Contains(c, StringComparer.OrdinalIgnoreCase));
            if (hit != null) chosen[field] = columns.First(c => string.Equals(c, hit, StringComparison.OrdinalIgnoreCase));
            else if (Required.Contains(field))
                throw new NetworkInputException(layer,
                    $"道路图层 {layer} 没有映射文件 {Source} 指定的字段 \"{candidates[0]}\"（{Camel(field.ToString())}）；图层字段：{string.Join("、", columns)}，请改正映射文件",
                    $"Road layer {layer} has no column \"{candidates[0]}\" that mapping {Source} names for {Camel(field.ToString())}; its columns are {string.Join(", ", columns)}. Fix the mapping file.");
        }
        var vehicleOneway = columns.FirstOrDefault(c => VehicleOnewayColumns.Contains(c, StringComparer.OrdinalIgnoreCase));
        return new LayerMapping(this, chosen, vehicleOneway);
    }
}

/// <summary>A <see cref="RoadMapping"/> bound to one layer's columns: turns each feature into <see cref="RoadTags"/>.</summary>
internal sealed class LayerMapping(RoadMapping mapping, IReadOnlyDictionary<RoadField, string> columns, string? vehicleOnewayColumn)
{
    public IReadOnlyDictionary<RoadField, string> Columns => columns;
    /// <summary>A vehicle one-way column the layer has and the walk graph deliberately ignores.</summary>
    public string? VehicleOnewayColumn => vehicleOnewayColumn;
    /// <summary>other_tags values cut short (Shapefile's 254-byte text limit): their last pairs were lost.</summary>
    public int TruncatedOsmTags { get; private set; }

    static readonly FrozenSet<string> Falsy = new[] { "否", "无", "非", "n", "no", "false", "0", "f" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    static readonly FrozenSet<string> Backward = new[] { "-1", "反向", "逆向", "reverse" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The feature's tags: other_tags first, then the mapped columns over them. <paramref name="unknownClass"/> is the
    /// class value when it is neither in the class table nor an OSM highway value (lower-case ASCII); such a feature
    /// keeps highway=&lt;value&gt; and so is walkable only with a foot permission, as an unknown highway=* in OSM.
    /// </summary>
    public RoadTags Map(GisFeature f, out string? unknownClass)
    {
        unknownClass = null;
        var t = new WayTags();

        if (Get(f, RoadField.OsmTags) is { } hstore)
        {
            var pairs = HstoreTags.Parse(hstore, out bool truncated);
            foreach (var (k, v) in pairs) t.Set(k, v);
            if (truncated) TruncatedOsmTags++;
        }
        if (Get(f, RoadField.Class) is { } cls)
        {
            if (mapping.Classes.TryGetValue(cls, out var tags)) foreach (var (k, v) in tags) t.Set(k, v);
            else
            {
                if (!IsOsmValue(cls)) unknownClass = cls;
                t.Highway = cls;
            }
        }
        else if (!columns.ContainsKey(RoadField.Class) && !columns.ContainsKey(RoadField.OsmTags))
            t.Highway = "road"; // a bare centreline layer: every line is a road of unknown type
        if (Get(f, RoadField.Name) is { } name) t.Name = name;
        if (Get(f, RoadField.Bridge) is { } bridge) t.Bridge = IsYes(bridge) ? "yes" : "no";
        if (Get(f, RoadField.Tunnel) is { } tun) t.Set("tunnel", IsYes(tun) ? "yes" : "no");
        if (Get(f, RoadField.Layer) is { } lay) t.Set("layer", ParseLayer(lay).ToString(CultureInfo.InvariantCulture));
        if (Get(f, RoadField.OnewayFoot) is { } oneway)
            t.OnewayFoot = Backward.Contains(oneway) ? "-1" : IsYes(oneway) && !oneway.Contains('双') ? "yes" : "no";
        if (Get(f, RoadField.Ferry) is { } ferry && IsYes(ferry)) { t.Route = "ferry"; t.Highway = null; }
        if (Get(f, RoadField.FerryMinutes) is { } minutes) t.Duration = minutes;
        if (Get(f, RoadField.Steps) is { } steps && IsYes(steps)) t.Highway = "steps";
        if (Get(f, RoadField.Foot) is { } foot) t.Foot = foot.ToLowerInvariant() switch
        {
            "是" or "y" or "1" or "true" or "可" or "允许" => "yes",
            var v when Falsy.Contains(v) || v is "禁止" or "不可" => "no",
            var v => v,
        };
        return new RoadTags(t);
    }

    string? Get(GisFeature f, RoadField field)
    {
        if (!columns.TryGetValue(field, out var column)) return null;
        var v = f[column]?.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    /// <summary>Yes unless the value is one of the no-words (否/无/N/no/false/0): OSM's bridge=viaduct, 是, Y, 1 are all yes.</summary>
    internal static bool IsYes(string value) => !Falsy.Contains(value.Trim());

    internal static int ParseLayer(string value) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? (int)Math.Round(d) : 0;

    static bool IsOsmValue(string v) => v.All(c => c is (>= 'a' and <= 'z') or '_' );
}
