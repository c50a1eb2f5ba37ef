using System.Globalization;
using System.Text;

namespace Coverage.Server.Region;

/// <summary>
/// Writes a <see cref="RegionHealth"/> as bilingual Markdown (health.md, and the console with long lists cut) and JSON
/// (health.json). Only formats: every figure comes from the model.
/// </summary>
public static class RegionHealthReport
{
    public const string JsonFile = "health.json", MarkdownFile = "health.md";

    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Writes health.json and health.md into <paramref name="folder"/>.</summary>
    public static void WriteFiles(RegionHealth health, string folder)
    {
        File.WriteAllText(Path.Combine(folder, JsonFile), health.ToJson());
        File.WriteAllText(Path.Combine(folder, MarkdownFile), Markdown(health, int.MaxValue));
    }

    /// <summary>The report as Markdown; lists longer than <paramref name="maxRows"/> end with "… N more (see health.md)".</summary>
    public static string Markdown(RegionHealth h, int maxRows)
    {
        var md = new StringBuilder();
        void Line(string s = "") => md.AppendLine(s);
        void List<T>(IReadOnlyList<T> items, Func<T, string> row)
        {
            if (items.Count == 0) { Line("- 无 / none"); return; }
            foreach (var item in items.Take(maxRows)) Line("- " + row(item));
            if (items.Count > maxRows) Line($"- … 另有 {items.Count - maxRows} 条，见 {MarkdownFile} / {items.Count - maxRows} more, see {MarkdownFile}");
        }
        string N(double v, string format = "N0") => v.ToString(format, Ci);
        string Place(HealthPlace p) => $"{p.Name} ({p.Id}{(string.IsNullOrEmpty(p.Town) ? "" : ", " + p.Town)}{(p.Category is null ? "" : ", " + p.Category)})";

        Line($"# 数据体检 Data health: {h.Region}");
        Line();
        Line("## 路网 Network");
        var n = h.Network;
        Line($"- 节点 nodes {N(n.Nodes)}, 路段 edges {N(n.Edges)}, 可步行 walkable {N(n.WalkableKm, "N1")} km, 连通分量 components {N(n.Components)} (主网 main {N(n.MainComponentNodes)} nodes)");
        if (n.MarginMetres is { } margin)
            Line($"- 按县界外扩 {N(margin)} 米裁剪：保留 {N(n.KeptKm ?? 0, "N1")} km（{N(n.KeptEdges ?? 0)} 段），去除 {N(n.DroppedKm ?? 0, "N1")} km（{N(n.DroppedEdges ?? 0)} 段） / " +
                 $"clipped to the boundary + {N(margin)} m: kept {N(n.KeptKm ?? 0, "N1")} km ({N(n.KeptEdges ?? 0)} edges), dropped {N(n.DroppedKm ?? 0, "N1")} km ({N(n.DroppedEdges ?? 0)} edges)");
        Line();
        Line("## 坐标系 Coordinate systems");
        List(h.CoordinateSystems, c => $"{c.Input} `{c.File}`: {c.Crs} — {c.ReasonZh} / {c.ReasonEn}");
        Line();
        Line("## 数量 Counts");
        Line($"- 居民点 settlements: 读入 read {N(h.SettlementsRead)}, 计入 counted {N(h.SettlementsCounted)}, 人口 people {N(h.PeopleCounted)}");
        Line($"- 设施 facilities: 读入 read {N(h.FacilitiesRead)}, 保留 kept {N(h.FacilitiesKept)} — " +
             string.Join(", ", h.FacilitiesByCategory.Select(kv => $"{kv.Key} {N(kv.Value)}")));
        Line();
        Line($"## 缺少人口的居民点 Settlements without population ({N(h.WithoutPopulation.Count)})");
        List(h.WithoutPopulation, Place);
        Line();
        Line($"## 缺少老年人口（60 岁以上）的居民点 Settlements without elderly (60+) figures ({N(h.WithoutElderly.Count)})");
        List(h.WithoutElderly, Place);
        Line();
        Line($"## 超出吸附距离（{N(h.SnapLimitMetres)} 米）Beyond the snap limit ({N(h.SnapLimitMetres)} m) ({N(h.BeyondSnapLimit.Count)})");
        List(h.BeyondSnapLimit, s => $"{s.Zh} / {s.En} [{s.Id}, {N(s.DistanceMetres, "N0")} m]");
        Line();
        Line($"## 有人居住的孤立路网 Islands that hold people ({N(h.Islands.Count)}; {N(h.PeopleOnIslands)} 人 people)");
        List(h.Islands, i => $"分量 component {i.Component} ({N(i.Nodes)} nodes): {N(i.Settlements)} 个居民点 settlements, {N(i.People)} 人 people — {string.Join("、", i.Names.Take(5))}");
        Line();
        Line($"## 缺少某类设施的镇街 Towns without any facility of a category ({N(h.TownsWithoutCategory.Count)} / {N(h.Towns.Count)})");
        if (h.Towns.Count == 0) Line("- 数据中没有镇街名称，无法按镇街统计 / the data names no towns: no per-town figures");
        else List(h.TownsWithoutCategory, t => $"{t.Town}: {string.Join(", ", t.MissingCategories)}");
        Line();
        Line($"## 县界外的居民点（不计入）Settlements outside the boundary (not counted) ({N(h.SettlementsOutside.Count)})");
        List(h.SettlementsOutside, Place);
        Line();
        Line($"## 县界外、边距以外的设施（不计入）Facilities beyond the boundary's margin (left out) ({N(h.FacilitiesOutside.Count)})");
        List(h.FacilitiesOutside, Place);
        Line();
        Line($"## 县界外、边距以内的设施（保留：就近服务县内居民）Facilities just over the line, within the margin (kept: they serve villages near the line) ({N(h.FacilitiesInMargin.Count)})");
        List(h.FacilitiesInMargin, Place);
        if (h.Warnings.Count > 0)
        {
            Line();
            Line("## 读取提示 Reader notes");
            List(h.Warnings, w => w);
        }
        return md.ToString();
    }
}
