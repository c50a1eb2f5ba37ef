using Coverage.Demo.Random;
using NetTopologySuite.Geometries;
using NetTopologySuite.LinearReferencing;

namespace Coverage.Demo.Layout;

/// <summary>
/// Turns a planned road into OSM ways that respect the water: dry stretches stay clear of the 3 m guard round every
/// canal and lake; each wet span becomes a bridge way sharing its end nodes with the banks, or the road stops at
/// both banks. Lakes and spans over 150 m are never bridged (except by the motorway's viaducts).
/// </summary>
internal static class WaterCrossings
{
    const double MaxBridgeMetres = 150, MinDryMetres = 2;
    static readonly GeometryFactory Factory = new();

    public static void Split(RoadPlan plan, WaterIndex wet, SeededRandom random, List<WayDraft> output)
    {
        var line = Factory.CreateLineString(plan.Points);
        var guards = wet.GuardsTouching(line);
        if (guards == null) { output.Add(Draft(plan, [.. plan.Points], bridge: false)); return; }

        var indexed = new LengthIndexedLine(line);
        var dry = new List<(double Start, double End)>();
        var pieces = line.Difference(guards);
        for (int i = 0; i < pieces.NumGeometries; i++)
        {
            var piece = (LineString)pieces.GetGeometryN(i);
            if (piece.Length < MinDryMetres) continue;
            double a = indexed.Project(piece.StartPoint.Coordinate), b = indexed.Project(piece.EndPoint.Coordinate);
            dry.Add((Math.Min(a, b), Math.Max(a, b)));
        }
        dry.Sort((x, y) => x.Start.CompareTo(y.Start));
        for (int i = 0; i < dry.Count; i++)
        {
            output.Add(Draft(plan, Extract(indexed, dry[i].Start, dry[i].End), bridge: false));
            if (i + 1 == dry.Count) break;
            var span = Extract(indexed, dry[i].End, dry[i + 1].Start);
            var spanLine = Factory.CreateLineString([.. span]);
            bool bridge = plan.GradeSeparated
                || (spanLine.Length <= MaxBridgeMetres && !wet.TouchesLake(spanLine) && random.Chance(plan.BridgeChance));
            if (bridge) output.Add(Draft(plan, span, bridge: true, steps: random.Chance(plan.StepsChance)));
        }
    }

    static List<Coordinate> Extract(LengthIndexedLine indexed, double from, double to) =>
        [.. ((LineString)indexed.ExtractLine(from, to)).Coordinates.Select(c => new Coordinate(c.X, c.Y))];

    static WayDraft Draft(RoadPlan plan, List<Coordinate> points, bool bridge, bool steps = false)
    {
        var tags = plan.Tags.ToList();
        if (bridge)
        {
            if (steps) tags[tags.FindIndex(t => t.Key == "highway")] = ("highway", "steps");
            tags.Add(("bridge", "yes"));
            tags.Add(("layer", "1"));
        }
        return new WayDraft
        {
            Points = points, Tags = [.. tags], Noded = !plan.GradeSeparated, IsBridge = bridge, Label = bridge ? null : plan.Label,
        };
    }
}
