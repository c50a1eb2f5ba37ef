using System.Globalization;
using Coverage.Demo.Random;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Layout;

/// <summary>The county seat near the middle and 6–10 market towns (per county-sized area) spread around it.</summary>
internal static class TownLayout
{
    public const double SeatGridHalf = 1500, SeatGridSpacing = 150;
    public const double TownGridHalf = 600, TownGridSpacing = 120;
    const double MinTownSpacing = 6500;

    public static List<Town> Place(LocalFrame frame, double scale, SeededRandom random, NameBook names)
    {
        double side = frame.SideMetres;
        var seatCentre = new Coordinate(side / 2 + random.Range(-0.08, 0.08) * side, side / 2 + random.Range(-0.08, 0.08) * side);
        var towns = new List<Town> { MakeTown(names.Town(), "001", seatCentre, true, random) };
        int wanted = Math.Max(1, (int)Math.Round(random.Int(6, 10) * scale));
        var spaced = new SpacedPoints(MinTownSpacing);
        spaced.Add(seatCentre);
        double minDistance = MinTownSpacing;
        for (int attempt = 0; towns.Count - 1 < wanted; attempt++)
        {
            if (attempt > 0 && attempt % (400 * wanted) == 0) minDistance *= 0.9;   // crowded: relax the spacing
            var p = new Coordinate(random.Range(2500, side - 2500), random.Range(2500, side - 2500));
            if (!spaced.IsFarFrom(p, minDistance)) continue;
            spaced.Add(p);
            int i = towns.Count - 1;
            towns.Add(MakeTown(names.Town(), (100 + i % 900).ToString("000", CultureInfo.InvariantCulture), p, false, random));
        }
        return towns;
    }

    static Town MakeTown(string name, string code3, Coordinate centre, bool seat, SeededRandom random)
    {
        double tx = 1, ty = random.Range(-0.2, 0.2);               // a slight rotation without trigonometry
        double len = Math.Sqrt(tx * tx + ty * ty);
        return new Town
        {
            Name = name, Code3 = code3, Centre = centre, IsSeat = seat,
            GridHalf = seat ? SeatGridHalf : TownGridHalf,
            GridSpacing = seat ? SeatGridSpacing : TownGridSpacing,
            GridAxis = (tx / len, ty / len),
        };
    }

    /// <summary>Index of the town whose centre is nearest.</summary>
    public static int Nearest(IReadOnlyList<Town> towns, Coordinate p)
    {
        int best = 0;
        for (int i = 1; i < towns.Count; i++)
            if (towns[i].Centre.Distance(p) < towns[best].Centre.Distance(p)) best = i;
        return best;
    }
}
