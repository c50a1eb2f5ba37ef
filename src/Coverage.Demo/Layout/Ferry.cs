using System.Globalization;
using Coverage.Demo.Random;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Layout;

/// <summary>The county's one ferry (渡口): straight across the largest lake, with a landing road on each shore.</summary>
internal static class Ferry
{
    /// <summary>Walking-pace equivalent of the boat, for its duration tag: 2.5 m/s crossing plus a 5-minute wait.</summary>
    const double BoatSpeed = 2.5, WaitMinutes = 5;

    public static (WayDraft Ferry, RoadPlan[] Landings)? Plan(LocalFrame frame, IReadOnlyList<WaterBody> water,
        WaterIndex wet, List<Place> places, SeededRandom random)
    {
        var lake = water.Where(w => w.Kind == WaterKind.Lake).OrderByDescending(w => w.Width).FirstOrDefault();
        if (lake == null) return null;
        var centre = lake.Outline.Centroid.Coordinate;
        double phase = random.Range(0, Math.PI);
        for (int k = 0; k < 12; k++)
        {
            var (s, c) = DetMath.SinCos(phase + k * Math.PI / 12);
            var a = Shore(centre, c, s, lake, wet);
            var b = Shore(centre, -c, -s, lake, wet);
            if (a == null || b == null || !frame.Contains(a, 300) || !frame.Contains(b, 300)) continue;
            var ferry = new WayDraft
            {
                Points = [a, b], Noded = false, IsFerry = true,
                Tags =
                [
                    ("route", "ferry"), ("foot", "yes"), ("name", lake.Name.Substring(0, lake.Name.Length - 1) + "渡"),
                    ("duration", Duration(a.Distance(b))),
                ],
            };
            return (ferry, [Landing(a, places), Landing(b, places)]);
        }
        return null;
    }

    /// <summary>The first dry point 40 m beyond the shore along a ray from the lake's centre.</summary>
    static Coordinate? Shore(Coordinate centre, double dx, double dy, WaterBody lake, WaterIndex wet)
    {
        for (double d = 0; d < lake.Width * 1.5; d += 20)
        {
            var p = new Coordinate(centre.X + dx * d, centre.Y + dy * d);
            if (!lake.Guard.Contains(new Point(p)) && wet.IsDry(p, 40))
                return new Coordinate(p.X + dx * 40, p.Y + dy * 40);
        }
        return null;
    }

    static string Duration(double metres)
    {
        int minutes = (int)Math.Round(metres / BoatSpeed / 60 + WaitMinutes);
        return (minutes / 60).ToString("00", CultureInfo.InvariantCulture) + ":" + (minutes % 60).ToString("00", CultureInfo.InvariantCulture);
    }

    static RoadPlan Landing(Coordinate shore, List<Place> places)
    {
        var nearest = places.Where(p => p.Kind != PlaceKind.AdministrativeVillage).MinBy(p => p.Point.Distance(shore))!;
        return new RoadPlan
        {
            Points = [shore.Copy(), nearest.Point.Copy()],
            Tags = [("highway", "unclassified"), ("name", "渡口路")],
            BridgeChance = 1,
        };
    }
}
