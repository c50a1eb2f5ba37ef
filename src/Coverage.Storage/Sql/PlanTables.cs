using System.Globalization;
using Coverage.Core.Domain;
using Coverage.Core.Rules;

namespace Coverage.Storage.Sql;

/// <summary>The table mappings of facilities, settlements and circle standards.</summary>
internal static class PlanTables
{
    public static readonly EntityTable<Facility> Facilities = new()
    {
        Table = "facilities",
        Entity = "facility",
        EntityZh = "设施",
        Columns = ["id", "category", "kind", "name", "capacity", "status", "source", "source_id", "town", "built_year", "area_m2"],
        HasGeometry = true,
        HasSourceKey = true,
        Values = f => [f.Id, f.Category, f.Kind, f.Name, f.Capacity, PlanJson.EnumText(f.Status), f.Source ?? "", f.SourceId, f.Town, f.BuiltYear, f.AreaM2],
        Read = (v, g) => new Facility
        {
            Id = (string)v(0)!, Category = (string)v(1)!, Kind = (string?)v(2), Name = (string)v(3)!,
            Capacity = v(4) is { } c ? Convert.ToInt32(c) : null,
            Status = PlanJson.ParseEnum<FacilityStatus>((string)v(5)!),
            Source = (string)v(6)!, SourceId = (string?)v(7), Town = (string?)v(8), Geometry = g!,
            BuiltYear = v(9) is { } y ? Convert.ToInt32(y) : null, AreaM2 = v(10) is { } a ? Convert.ToDouble(a) : null,
        },
        Id = f => f.Id,
        WithId = (f, id) => f with { Id = id },
        Geometry = f => f.Geometry,
        SourceKey = f => (f.Source ?? "", f.SourceId),
        Validate = ValidateFacility,
        WithStamp = (f, stamp) => f with { Stamp = stamp },
        Stamp = f => f.Stamp,
    };

    public static readonly EntityTable<Settlement> Settlements = new()
    {
        Table = "settlements",
        Entity = "settlement",
        EntityZh = "居民点",
        Columns = ["id", "name", "kind", "town", "admin_code", "parent_id", "population", "elderly", "urban", "source", "source_id"],
        HasGeometry = true,
        HasSourceKey = true,
        Values = s => [s.Id, s.Name, PlanJson.EnumText(s.Kind), s.Town, s.AdminCode, s.ParentId, s.Population, s.Elderly, s.Urban,
            s.Source ?? "", s.SourceId],
        Read = (v, g) => new Settlement
        {
            Id = (string)v(0)!, Name = (string)v(1)!, Kind = PlanJson.ParseEnum<SettlementKind>((string)v(2)!),
            Town = (string)v(3)!, AdminCode = (string?)v(4), ParentId = (string?)v(5),
            Population = Convert.ToInt32(v(6)), Elderly = Convert.ToInt32(v(7)), Urban = Convert.ToBoolean(v(8)),
            Source = (string)v(9)!, SourceId = (string?)v(10), Geometry = g!,
        },
        Id = s => s.Id,
        WithId = (s, id) => s with { Id = id },
        Geometry = s => s.Geometry,
        SourceKey = s => (s.Source ?? "", s.SourceId),
        Validate = ValidateSettlement,
        WithStamp = (s, stamp) => s with { Stamp = stamp },
        Stamp = s => s.Stamp,
    };

    public static readonly EntityTable<CircleStandard> CircleStandards = new()
    {
        Table = "circle_standards",
        Entity = "circle_standard",
        EntityZh = "服务圈标准",
        Columns = ["id", "name_zh", "name_en", "kind", "categories", "minutes", "profile", "demand", "target_percent",
            "applies_to", "policy_source", "clause"],
        JsonColumns = new HashSet<string> { "categories", "applies_to" },
        Values = c => [c.Id, c.NameZh, c.NameEn, PlanJson.EnumText(c.Kind), PlanJson.Serialize(c.Categories), c.Minutes,
            c.Profile, PlanJson.EnumText(c.Demand), c.TargetPercent, PlanJson.Serialize(c.AppliesTo), c.PolicySource, c.Clause],
        Read = (v, _) => new CircleStandard
        {
            Id = (string)v(0)!, NameZh = (string)v(1)!, NameEn = (string)v(2)!,
            Kind = PlanJson.ParseEnum<CircleKind>((string)v(3)!),
            Categories = PlanJson.Deserialize<List<string>>((string)v(4)!)!,
            Minutes = Convert.ToDouble(v(5)), Profile = (string)v(6)!, Demand = PlanJson.ParseEnum<DemandField>((string)v(7)!),
            TargetPercent = Convert.ToDouble(v(8)),
            AppliesTo = PlanJson.Deserialize<List<SettlementKind>>((string)v(9)!)!,
            PolicySource = (string)v(10)!, Clause = (string?)v(11),
        },
        Id = c => c.Id,
        WithId = (c, id) => c with { Id = id },
        Validate = ValidateCircle,
    };

    private static IEnumerable<(string, string, string)> ValidateFacility(Facility f)
    {
        if (string.IsNullOrWhiteSpace(f.Category)) yield return ("category", "类别为空", "category is empty");
        if (FacilityRules.Name(f.Name) is { } name) yield return ("name", name.Zh, name.En);
        if (FacilityRules.Town(f.Town) is { } town) yield return ("town", town.Zh, town.En);
        if (f.Capacity is { } c && FacilityRules.Capacity(c, c.ToString(CultureInfo.InvariantCulture)) is { } capacity)
            yield return ("capacity", capacity.Zh, capacity.En);
        if (f.BuiltYear is { } y && FacilityRules.BuiltYear(y) is { } year) yield return ("built_year", year.Zh, year.En);
        if (f.AreaM2 is { } a && FacilityRules.Area(a, a.ToString(CultureInfo.InvariantCulture)) is { } area) yield return ("area_m2", area.Zh, area.En);
    }

    private static IEnumerable<(string, string, string)> ValidateSettlement(Settlement s)
    {
        if (TextRules.Check("name", s.Name, required: true) is { } name) yield return ("name", name.Zh, name.En);
        if (s.Town is null) yield return ("town", "镇/街道为空", "town is missing");
        else if (TextRules.Check("town", s.Town, required: false) is { } town) yield return ("town", town.Zh, town.En);
        if (s.Population < 0) yield return ("population", $"人口为负数 ({s.Population})", $"population is negative ({s.Population})");
        if (s.Elderly < 0) yield return ("elderly", $"老年人口为负数 ({s.Elderly})", $"elderly population is negative ({s.Elderly})");
        if (s.Elderly > s.Population)
            yield return ("elderly", $"老年人口 ({s.Elderly}) 大于总人口 ({s.Population})",
                $"elderly population ({s.Elderly}) exceeds population ({s.Population})");
    }

    private static IEnumerable<(string, string, string)> ValidateCircle(CircleStandard c)
    {
        if (string.IsNullOrWhiteSpace(c.NameZh) || string.IsNullOrWhiteSpace(c.NameEn))
            yield return ("name", "中文或英文名称为空", "Chinese or English name is empty");
        if (c.Categories is null || c.Categories.Count == 0) yield return ("categories", "未列出设施类别", "no facility category listed");
        if (c.Minutes < 0 || double.IsNaN(c.Minutes)) yield return ("minutes", $"分钟数无效 ({c.Minutes})", $"minutes is invalid ({c.Minutes})");
        if (c.TargetPercent is < 0 or > 100 || double.IsNaN(c.TargetPercent))
            yield return ("targetPercent", $"目标比例应在 0–100 之间 ({c.TargetPercent})", $"target percent must be 0–100 ({c.TargetPercent})");
        if (string.IsNullOrWhiteSpace(c.PolicySource)) yield return ("policySource", "缺少政策来源", "policy source is missing");
    }
}
