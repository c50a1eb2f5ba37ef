using System.Globalization;

namespace Coverage.Network.Roads;

/// <summary>
/// What building a walk network from a road layer read and what it repaired, so a planner can judge the layer:
/// how many features walk and why the others do not, and every topology fix the noder made.
/// </summary>
/// <param name="Layer">The layer's name or path, as given.</param>
/// <param name="FeaturesRead">Every feature of the layer.</param>
/// <param name="LineFeatures">Features with line geometry (the others are counted under "not a line").</param>
/// <param name="WalkableFeatures">Line features the rule table lets people walk (duplicates dropped after).</param>
/// <param name="NotWalkable">Features not walked, by the deciding reason (e.g. "highway=motorway", "not a line (Point)").</param>
/// <param name="WalkableKm">Length of the walkable lines, duplicates and ferries excluded, before joins.</param>
/// <param name="CrossingsNoded">Places where lines at the same grade crossed without a shared vertex and were joined.</param>
/// <param name="GradeSeparatedCrossings">Crossings left unjoined because a bridge, tunnel or another layer passes there.</param>
/// <param name="TJunctions">Line ends on (or within the tolerance of) another line's interior, joined there.</param>
/// <param name="DanglingEndsJoined">Loose ends extended to a line within the snap distance.</param>
/// <param name="VerticesMerged">Distinct vertices merged into a neighbour within the tolerance.</param>
/// <param name="DuplicatesDropped">Walkable lines with exactly the vertices of an earlier one (either direction).</param>
/// <param name="UnknownClassValues">Class values neither in the mapping's table nor OSM highway values, with counts; walked only with a foot permission.</param>
/// <param name="FieldsUsed">Which column each field was read from.</param>
/// <param name="VehicleOnewayColumn">A vehicle one-way column the layer has; walkers are not bound by it.</param>
/// <param name="TruncatedOsmTags">Features whose other_tags text was cut (Shapefile's 254-byte limit).</param>
public sealed record RoadBuildReport(
    string Layer, int FeaturesRead, int LineFeatures, int WalkableFeatures, IReadOnlyDictionary<string, int> NotWalkable,
    double WalkableKm, int CrossingsNoded, int GradeSeparatedCrossings, int TJunctions, int DanglingEndsJoined,
    int VerticesMerged, int DuplicatesDropped, IReadOnlyDictionary<string, int> UnknownClassValues,
    IReadOnlyDictionary<RoadField, string> FieldsUsed, string? VehicleOnewayColumn, int TruncatedOsmTags)
{
    /// <summary>Feature numbers of the line pairs joined at crossings and T-junctions (for audits and tests).</summary>
    internal IReadOnlyList<(int, int)> JoinedFeatures { get; init; } = [];

    /// <summary>The topology the layer was built with (Noded or Repair, never Auto) and whether Auto chose it.</summary>
    public RoadTopology Topology { get; init; } = RoadTopology.Repair;
    public bool TopologyChosen { get; init; }
    /// <summary>Distinct points where two or more lines share a vertex exactly (OSM's 1e-7° grid).</summary>
    public int SharedVertices { get; init; }
    /// <summary>Repairs the layer would need (crossings without a vertex, T-ends, dangling ends, near vertices), made or not.</summary>
    public int RepairsFound { get; init; }

    /// <summary>The topology line: which was used, why, with the counts.</summary>
    public string TopologyLine()
    {
        var ci = CultureInfo.InvariantCulture;
        double share = SharedVertices + RepairsFound == 0 ? 0 : 100.0 * RepairsFound / (SharedVertices + RepairsFound);
        string how = TopologyChosen ? "自动判断" : "按指定";
        string howEn = TopologyChosen ? "auto" : "as asked";
        return Topology == RoadTopology.Noded
            ? string.Format(ci, "已成网（{4}）：{0:N0} 处交汇为共享顶点，{1:N0} 处可修复（{2:0.0}%，阈值 {3:0}%）→ 只在共享顶点处连接，不补交叉、不吸附 / " +
                "Already noded ({5}): {0:N0} junctions are shared vertices, {1:N0} repairable ({2:0.0}%, threshold {3:0}%) → joined only at shared vertices, no crossings noded, no snapping",
                SharedVertices, RepairsFound, share, RoadNodingOptions.NodedRepairShare * 100, how, howEn)
            : string.Format(ci, "需修复（{4}）：{0:N0} 处交汇为共享顶点，{1:N0} 处需修复（{2:0.0}%，阈值 {3:0}%）→ 补交叉、合并近顶点、连接丁字路口和悬挂端 / " +
                "Needs repair ({5}): {0:N0} junctions are shared vertices, {1:N0} need repair ({2:0.0}%, threshold {3:0}%) → crossings noded, near vertices merged, T-junctions and dangling ends joined",
                SharedVertices, RepairsFound, share, RoadNodingOptions.NodedRepairShare * 100, how, howEn);
    }

    /// <summary>The report as "中文 / English" lines for the CLI.</summary>
    public IEnumerable<string> Lines()
    {
        var ci = CultureInfo.InvariantCulture;
        yield return string.Format(ci, "道路图层 {0}：要素 {1} 个，线要素 {2} 个，可步行 {3} 个（{4:0.0} 公里） / Road layer {0}: {1} features, {2} lines, {3} walkable ({4:0.0} km)",
            Layer, FeaturesRead, LineFeatures, WalkableFeatures, WalkableKm);
        if (FieldsUsed.Count > 0)
        {
            var fields = string.Join(", ", FieldsUsed.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"));
            yield return $"字段：{fields} / Fields: {fields}";
        }
        yield return TopologyLine();
        if (NotWalkable.Count > 0)
        {
            var reasons = string.Join(", ", NotWalkable.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} ×{kv.Value}"));
            yield return $"不可步行 {NotWalkable.Values.Sum()} 个：{reasons} / Not walkable {NotWalkable.Values.Sum()}: {reasons}";
        }
        yield return string.Format(ci,
            "修复：连接交叉 {0} 处，丁字路口 {1} 处，悬挂端连接 {2} 处，合并顶点 {3} 个，删除重复线 {4} 条；桥梁/隧道/分层处不连接 {5} 处 / " +
            "Fixed: {0} crossings noded, {1} T-junctions, {2} dangling ends joined, {3} vertices merged, {4} duplicate lines dropped; {5} crossings left at bridges/tunnels/layers",
            CrossingsNoded, TJunctions, DanglingEndsJoined, VerticesMerged, DuplicatesDropped, GradeSeparatedCrossings);
        if (UnknownClassValues.Count > 0)
        {
            var values = string.Join(", ", UnknownClassValues.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} ×{kv.Value}"));
            yield return $"未知道路等级（不步行，除非允许步行；请在映射文件 classes 中补充）：{values} / " +
                         $"Unknown class values (not walked unless foot access says yes; add them to the mapping's classes): {values}";
        }
        if (VehicleOnewayColumn != null)
            yield return $"字段 {VehicleOnewayColumn} 为车辆单向，行人双向通行（如指行人单向，请在映射文件中设为 onewayFoot） / " +
                         $"Column {VehicleOnewayColumn} is a vehicle one-way; walkers go both ways (map it as onewayFoot if it means walkers)";
        if (TruncatedOsmTags > 0)
            yield return $"other_tags 被截断 {TruncatedOsmTags} 个（Shapefile 254 字节上限，末尾标签丢失；请用 GeoPackage） / " +
                         $"other_tags cut short in {TruncatedOsmTags} features (Shapefile's 254-byte limit; last tags lost; use GeoPackage)";
    }
}
