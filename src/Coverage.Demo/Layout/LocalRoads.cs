using Coverage.Demo.Random;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Layout;

/// <summary>
/// Everything below the trunk roads: town street grids, village roads, lanes to natural villages, footpaths,
/// canal-side paths, the motorway (not walkable), one private factory road, and the ferry landings.
/// </summary>
internal static class LocalRoads
{
    public const string TrailLabel = "canal-trail";

    public static List<RoadPlan> Plan(LocalFrame frame, List<Town> towns, List<Place> places, IReadOnlyList<WaterBody> water,
        SeededRandom random, NameBook names)
    {
        var plans = new List<RoadPlan>();
        foreach (var town in towns) StreetGrid(town, random, names, plans);
        VillageRoads(towns, places, random, plans);
        var byId = places.ToDictionary(p => p.Id);
        foreach (var p in places.Where(p => p.Kind == PlaceKind.NaturalVillage)) Lanes(p, byId[p.ParentId!], random, plans);
        foreach (var w in water.Where(w => w.Kind == WaterKind.Canal)) CanalPaths(w, towns, random, plans);
        plans.Add(Motorway(frame, towns, random));
        plans.Add(PrivateRoad(places, random));
        return plans;
    }

    static void StreetGrid(Town town, SeededRandom random, NameBook names, List<RoadPlan> plans)
    {
        int n = (int)Math.Round(town.GridHalf / town.GridSpacing);
        for (int axis = 0; axis < 2; axis++)
            for (int j = -n; j <= n; j++)
            {
                bool main = j % 4 == 0;
                string name = main ? names.MainStreet() : names.Street();
                string highway = j == 0 && town.IsSeat ? "secondary" : main ? "tertiary" : random.Chance(0.1) ? "living_street" : "residential";
                var run = new List<Coordinate>();
                string runHighway = highway;
                for (int i = -n; i < n; i++)
                {
                    // The seat's high street is pedestrian for a few blocks either side of the centre.
                    string blockHighway = town.IsSeat && j == 1 && Math.Abs(i) <= 3 ? "pedestrian" : highway;
                    bool keep = main || random.Chance(0.92);
                    var from = axis == 0 ? town.GridPoint(i, j) : town.GridPoint(j, i);
                    var to = axis == 0 ? town.GridPoint(i + 1, j) : town.GridPoint(j, i + 1);
                    if (run.Count > 0 && (!keep || blockHighway != runHighway)) { plans.Add(Street(run, runHighway, name)); run = []; }
                    if (!keep) continue;
                    if (run.Count == 0) { run.Add(from); runHighway = blockHighway; }
                    run.Add(to);
                }
                if (run.Count > 0) plans.Add(Street(run, runHighway, name));
            }
    }

    static RoadPlan Street(List<Coordinate> run, string highway, string name) => new()
    {
        Points = [.. run],
        Tags = [("highway", highway), ("name", highway == "pedestrian" ? name.TrimEnd('路', '街', '巷') + "步行街" : name)],
        BridgeChance = highway is "secondary" or "tertiary" ? 1 : highway == "pedestrian" ? 0.6 : 0.85,
        StepsChance = highway == "pedestrian" ? 0.5 : 0,
    };

    static void VillageRoads(List<Town> towns, List<Place> places, SeededRandom random, List<RoadPlan> plans)
    {
        var villages = places.Where(p => p.Kind == PlaceKind.AdministrativeVillage).ToList();
        var sites = towns.Select(t => t.Centre).Concat(villages.Select(v => v.Point)).ToList();
        int t0 = towns.Count;
        var edges = TrunkRoads.DelaunayEdges(sites)
            .Where(e => e.B >= t0 && e.Length <= (e.A < t0 ? 4500 : 3500)).ToList();
        var tree = TrunkRoads.SpanningTree(sites.Count, edges);
        foreach (var (a, b, length) in edges)
        {
            if (!tree.Contains((a, b)) && (length > 2600 || !random.Chance(0.3))) continue;
            bool tertiary = a < t0 || random.Chance(0.1);
            plans.Add(new RoadPlan
            {
                Points = TrunkRoads.Bent(sites[a], sites[b], random, 0.08, random.Int(1, 2)),
                Tags = [("highway", tertiary ? "tertiary" : "unclassified")],
                BridgeChance = tertiary ? 1 : 0.8,
            });
        }
    }

    static void Lanes(Place village, Place parent, SeededRandom random, List<RoadPlan> plans)
    {
        if (!village.Point.Equals2D(parent.Point))
        {
            int kind = random.Weighted([0.35, 0.40, 0.25]);
            plans.Add(new RoadPlan
            {
                Points = TrunkRoads.Bent(village.Point, parent.Point, random, 0.15, 1),
                Tags = [("highway", kind switch { 0 => "track", 1 => "unclassified", _ => "path" })],
                BridgeChance = village.Detour != null ? 0 : kind switch { 0 => 0.6, 1 => 0.75, _ => 0.5 },
                StepsChance = kind == 2 ? 0.3 : 0,
            });
            if (village.Detour != null)
                plans.Add(new RoadPlan
                {
                    Points = [village.Point.Copy(), village.Detour.Copy(), parent.Point.Copy()],
                    Tags = [("highway", "track")], BridgeChance = 0.75,
                });
        }
        int spokes = random.Int(2, 4);
        for (int s = 0; s < spokes; s++)
        {
            var (ux, uy) = WaterLayout.Unit(random.Range(-1, 1), random.Range(-1, 1));
            double len = random.Range(80, 250);
            var end = new Coordinate(village.Point.X + ux * len, village.Point.Y + uy * len);
            int kind = random.Weighted([0.5, 0.3, 0.2]);
            plans.Add(new RoadPlan
            {
                Points = TrunkRoads.Bent(village.Point, end, random, 0.1, 1),
                Tags = [("highway", kind switch { 0 => "footway", 1 => "path", _ => "track" })],
                BridgeChance = 0.4, StepsChance = 0.4,
            });
        }
    }

    static void CanalPaths(WaterBody canal, List<Town> towns, SeededRandom random, List<RoadPlan> plans)
    {
        var line = canal.Centreline;
        int segments = line.Length > 100 ? random.Int(2, 4) : random.Chance(0.4) ? 1 : 0;
        for (int s = 0; s < segments; s++)
        {
            int length = random.Int(5, 15), start = random.Int(1, Math.Max(1, line.Length - length - 2));
            double side = random.Chance(0.5) ? 1 : -1, offset = canal.Width / 2 + 10;
            var pts = new List<Coordinate>();
            for (int i = start; i < Math.Min(line.Length - 1, start + length); i++)
            {
                var (tx, ty) = WaterLayout.Unit(line[i + 1].X - line[i - 1].X, line[i + 1].Y - line[i - 1].Y);
                pts.Add(new Coordinate(line[i].X - ty * offset * side, line[i].Y + tx * offset * side));
            }
            if (pts.Count < 3) continue;
            var mid = pts[pts.Count / 2];
            bool nearTown = towns.Any(t => t.Centre.Distance(mid) < 3000);
            plans.Add(new RoadPlan
            {
                Points = [.. pts],
                Tags = nearTown ? [("highway", "footway"), ("name", canal.Name + "滨河步道")] : [("highway", "path")],
                BridgeChance = 0.5, StepsChance = 0.3,
                Label = nearTown ? TrailLabel : null,
            });
        }
    }

    static RoadPlan Motorway(LocalFrame frame, List<Town> towns, SeededRandom random)
    {
        double side = frame.SideMetres;
        Coordinate[] pts = [];
        for (int attempt = 0; attempt < 20; attempt++)
        {
            pts = TrunkRoads.Bent(new Coordinate(0, side * random.Range(0.15, 0.4)), new Coordinate(side, side * random.Range(0.6, 0.85)), random, 0.03, 3);
            var line = new LineString(pts);
            if (towns.All(t => line.Distance(new Point(t.Centre)) > 1000)) break;
        }
        return new RoadPlan
        {
            Points = pts, GradeSeparated = true,
            Tags = [("highway", "motorway"), ("ref", "G1522"), ("name", "示范高速（合成）"), ("lanes", "4"), ("maxspeed", "120")],
        };
    }

    static RoadPlan PrivateRoad(List<Place> places, SeededRandom random)
    {
        var villages = places.Where(p => p.Kind == PlaceKind.AdministrativeVillage).ToList();
        var v = villages[random.Int(0, villages.Count - 1)];
        var (ux, uy) = WaterLayout.Unit(random.Range(-1, 1), random.Range(-1, 1));
        double len = random.Range(300, 500);
        return new RoadPlan
        {
            Points = [v.Point.Copy(), new Coordinate(v.Point.X + ux * len, v.Point.Y + uy * len)],
            Tags = [("highway", "service"), ("access", "private"), ("name", v.Name.TrimEnd('村') + "丝绸厂厂区道路")],
        };
    }
}
