using System.Globalization;

namespace Coverage.Network.Roads;

/// <summary>What merging a road layer into an OSM network did, in walkable kilometres (ferries excluded).</summary>
/// <param name="OsmKm">Walkable length of the OSM ways.</param>
/// <param name="LayerKm">Walkable length of the road layer(s) before the merge.</param>
/// <param name="AddedKm">Layer length kept and added to OSM (<see cref="LayerKm"/> minus <see cref="DuplicateKm"/>).</param>
/// <param name="DuplicateKm">Layer length dropped because OSM already has the road (overlap by distance and direction).</param>
/// <param name="Junctions">Distinct points where a layer road now meets an OSM way.</param>
/// <param name="EndJoins">Of those, layer road ends joined to an OSM way within the join distance.</param>
/// <param name="Crossings">Of those, at-grade crossings of a layer road and an OSM way (never at bridges).</param>
public sealed record NetworkMergeReport(double OsmKm, double LayerKm, double AddedKm, double DuplicateKm, int Junctions, int EndJoins, int Crossings)
{
    /// <summary>The report as bilingual lines for the CLI and the region's health report.</summary>
    public IReadOnlyList<string> Lines()
    {
        var ci = CultureInfo.InvariantCulture;
        return
        [
            string.Create(ci, $"OSM 道路 {OsmKm:N1} km / from OSM: {OsmKm:N1} km"),
            string.Create(ci, $"道路图层 {LayerKm:N1} km / from the road layer: {LayerKm:N1} km"),
            string.Create(ci, $"新增 {AddedKm:N1} km（OSM 缺少的道路）/ added: {AddedKm:N1} km (roads OSM lacks)"),
            string.Create(ci, $"与 OSM 重复而舍弃 {DuplicateKm:N1} km / dropped as duplicates of OSM ways: {DuplicateKm:N1} km"),
            string.Create(ci, $"连接点 {Junctions} 个（端点接入 {EndJoins}，平面交叉 {Crossings}）/ junctions made: {Junctions} ({EndJoins} road ends joined, {Crossings} at-grade crossings)"),
        ];
    }
}
