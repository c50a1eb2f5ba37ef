using Coverage.Demo.Random;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Layout;

/// <summary>
/// Dead-end creeks (浜) between some natural villages and their village centre. The direct lane stops at the
/// creek; a track goes round its end, at least 2.5 times the straight distance: villages reached the long way round.
/// </summary>
internal static class Creeks
{
    const double Share = 0.12, PlaceClearance = 80, TownClearance = 300;

    public static List<WaterBody> Cut(List<Place> places, IReadOnlyList<Town> towns, SeededRandom random, NameBook names)
    {
        var all = new SpacedPoints(500);
        foreach (var p in places) all.Add(p.Point);
        foreach (var t in towns) all.Add(t.Centre);
        var townCentres = towns.Select(t => t.Centre).ToHashSet();     // Coordinate equality is 2D equality
        var byId = places.Where(p => p.Kind == PlaceKind.AdministrativeVillage).ToDictionary(p => p.Id);
        var creeks = new List<WaterBody>();
        foreach (var nv in places.Where(p => p.Kind == PlaceKind.NaturalVillage))
        {
            if (!random.Chance(Share)) continue;
            var centre = byId[nv.ParentId!].Point;
            double d = centre.Distance(nv.Point);
            if (d < 1) continue;
            var mid = new Coordinate((centre.X + nv.Point.X) / 2, (centre.Y + nv.Point.Y) / 2);
            double ux = (nv.Point.X - centre.X) / d, uy = (nv.Point.Y - centre.Y) / d;
            double half = Math.Max(250, 1.146 * d - 150) + random.Range(100, 250);   // long enough for a 2.5× detour
            var line = new Coordinate[9];
            for (int k = 0; k < line.Length; k++)
            {
                double s = -half + 2 * half * k / (line.Length - 1), wiggle = random.Range(-8, 8);
                line[k] = new Coordinate(mid.X - uy * s + ux * wiggle, mid.Y + ux * s + uy * wiggle);
            }
            var creekLine = new LineString(line);
            bool clear = all.Within(mid, half + TownClearance + 10).All(q =>
                creekLine.Distance(new Point(q)) >= (townCentres.Contains(q) ? TownClearance : PlaceClearance));
            if (!clear) continue;
            double side = random.Chance(0.5) ? 1 : -1;
            nv.Detour = new Coordinate(mid.X - uy * (half + 150) * side, mid.Y + ux * (half + 150) * side);
            creeks.Add(WaterLayout.Canal(line, random.Range(8, 12), names.Canal()));
        }
        return creeks;
    }
}
