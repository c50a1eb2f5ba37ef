using Coverage.Network.Cache;
using Coverage.Network.Snapping;
using Coverage.Server.Api;
using Coverage.Server.Region;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Cli;

/// <summary>
/// The region an import lands in (--region, else as the server): its extent, widened by the API's margin (about 5 km),
/// outside which rows are refused as the API refuses them; and the placement check on its walking graph and towns.
/// </summary>
public sealed record ImportRegion(string Name, Envelope Extent, PlacementCheck Placement)
{
    public static ImportRegion Load(string? region, Coverage.Core.Seeds.SeedCatalog seeds)
    {
        var source = RegionSource.Resolve(CliStore.Region(region), CliStore.RepoRoot);
        var graph = WalkGraphCache.LoadOrBuild(source.Extract, Environment.GetEnvironmentVariable("Coverage__GraphCache")).Graph;
        var bbox = RegionFacts.Read(source, graph).Bbox;
        const double m = GeometryInput.RegionMargin;
        var extent = new Envelope(bbox[0] - m, bbox[2] + m, bbox[1] - m, bbox[3] + m);
        return new(source.Name, extent, new PlacementCheck(graph, new Snapper(graph), seeds, PlacementCheck.ReadTowns(source.Towns)));
    }
}
