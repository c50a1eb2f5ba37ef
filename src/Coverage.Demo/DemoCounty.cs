using Coverage.Demo.Layout;
using Coverage.Demo.Random;

namespace Coverage.Demo;

/// <summary>
/// The whole synthetic county in memory, built stage by stage. Each stage draws from its own random stream,
/// so the same seed always gives the same county.
/// </summary>
internal sealed class DemoCounty
{
    public required DemoOptions Options { get; init; }
    public required LocalFrame Frame { get; init; }
    public required List<Town> Towns { get; init; }
    public required List<WaterBody> Water { get; init; }
    public required List<Place> Places { get; init; }
    public required List<WayDraft> Ways { get; init; }
    public required List<FacilityDraft> Facilities { get; init; }

    public static DemoCounty Build(DemoOptions options)
    {
        options.Validate();
        ulong seed = options.Seed;
        var frame = new LocalFrame(30000 * Math.Sqrt(options.Scale));
        var names = new NameBook(SeededRandom.ForStage(seed, "names"));
        var towns = TownLayout.Place(frame, options.Scale, SeededRandom.ForStage(seed, "towns"), names);
        var trunk = TrunkRoads.Plan(towns, SeededRandom.ForStage(seed, "trunk-roads"));
        var water = WaterLayout.Place(frame, options.Scale, towns, trunk, SeededRandom.ForStage(seed, "water"), names);
        var wet = new WaterIndex(water);
        var places = VillageLayout.Place(frame, options.Scale, towns, water, wet, SeededRandom.ForStage(seed, "villages"), names);
        water.AddRange(Creeks.Cut(places, towns, SeededRandom.ForStage(seed, "creeks"), names));
        wet = new WaterIndex(water);
        var plans = new List<RoadPlan>(trunk);
        plans.AddRange(LocalRoads.Plan(frame, towns, places, water, SeededRandom.ForStage(seed, "local-roads"), names));
        var ferry = Ferry.Plan(frame, water, wet, places, SeededRandom.ForStage(seed, "ferry"));
        if (ferry is { } f) plans.AddRange(f.Landings);

        var crossings = SeededRandom.ForStage(seed, "bridges");
        var ways = new List<WayDraft>();
        foreach (var plan in plans) WaterCrossings.Split(plan, wet, crossings, ways);
        if (ferry is { } g) ways.Add(g.Ferry);
        Junctions.Insert(ways);

        var facilities = new FacilityLayout(towns, places, wet, SeededRandom.ForStage(seed, "facilities"),
            SeededRandom.ForStage(seed, "facility-facts"))
            .Place(ways, points => Output.OsmExport.Densify(points, options.NodeSpacingMetres));
        return new DemoCounty
        {
            Options = options, Frame = frame, Towns = towns, Water = water, Places = places, Ways = ways, Facilities = facilities,
        };
    }
}
