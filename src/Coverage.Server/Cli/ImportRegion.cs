using Coverage.Network.Cache;
using Coverage.Network.Snapping;
using Coverage.Server.Api;
using Coverage.Server.Region;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Cli;

/// <summary>
/// The region an import lands in (--region, else as the server): its extent, beyond which (plus the API's margin, about
/// 5 km, added by GeometryRules) rows are refused as the API refuses them; and the placement check on its walking graph and towns.
/// </summary>
public sealed record ImportRegion(string Name, Envelope Extent, PlacementCheck Placement)
{
    public static ImportRegion Load(string? region, Coverage.Core.Seeds.SeedCatalog seeds)
    {
        var source = RegionSource.Resolve(CliStore.Region(region), CliStore.RepoRoot);
        var graph = RegionNetwork.Open(source, Environment.GetEnvironmentVariable("Coverage__GraphCache")).Graph;
        var bbox = RegionFacts.Read(source, graph).Bbox;
        var extent = new Envelope(bbox[0], bbox[2], bbox[1], bbox[3]); // GeometryRules adds the API's margin

        return new(source.Name, extent, new PlacementCheck(graph, new Snapper(graph), seeds, PlacementCheck.ReadTowns(source.Towns)));
    }
}
