using System.Globalization;
using Coverage.Demo.Random;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Union;
using NetTopologySuite.Triangulate;

namespace Coverage.Demo.Layout;

/// <summary>
/// Communities in the seat and town centres, administrative villages spread over the dry farmland with their
/// natural villages, village areas from a Voronoi diagram (lakes cut out) and town boundaries as unions of them.
/// </summary>
internal static class VillageLayout
{
    /// <summary>
    /// The synthetic county's 6-digit prefix of every 12-digit admin_code. "99" is no province of GB/T 2260, so no
    /// demo code can be mistaken for (or collide with) a real one.
    /// </summary>
    public const string CountyCode = "990001";
    const double VillageSpacing = 1300;
    static readonly GeometryFactory Factory = new();

    public static List<Place> Place(LocalFrame frame, double scale, List<Town> towns, IReadOnlyList<WaterBody> water,
        WaterIndex wet, SeededRandom random, NameBook names)
    {
        var places = new List<Place>();
        PlaceCommunities(towns, wet, random, names, places);
        var centres = PlaceVillageCentres(frame, scale, towns, wet, random);
        var cells = VoronoiCells(frame, towns.Select(t => t.Centre).Concat(centres).ToList());
        var lakes = LakeTree(water);
        var perTown = new int[towns.Count];
        int naturalCount = 0;
        var townCells = towns.Select(t => new List<Geometry> { cells[t.Centre] }).ToList();
        for (int v = 0; v < centres.Count; v++)
        {
            var c = centres[v];
            int town = TownLayout.Nearest(towns, c);
            townCells[town].Add(cells[c]);
            var area = CutLakes(cells[c], water, lakes);
            var (name, stem) = names.AdministrativeVillage();
            var village = new Place
            {
                Id = $"av-{v + 1:0000}", Name = name, Kind = PlaceKind.AdministrativeVillage, Town = town,
                AdminCode = Code(towns[town], 200 + perTown[town]++), Point = c, Area = area, Urban = false,
            };
            places.Add(village);
            double remoteness = Math.Min(1, towns[town].Centre.Distance(c) / 6000);
            AddNaturalVillages(village, stem, remoteness, wet, random, names, places, ref naturalCount);
        }
        for (int t = 0; t < towns.Count; t++) towns[t].Boundary = CascadedPolygonUnion.Union(townCells[t]);
        return places;
    }

    static string Code(Town town, int local) =>
        CountyCode + town.Code3 + (local % 1000).ToString("000", CultureInfo.InvariantCulture);

    static void PlaceCommunities(List<Town> towns, WaterIndex wet, SeededRandom random, NameBook names, List<Place> places)
    {
        int id = 0;
        for (int t = 0; t < towns.Count; t++)
        {
            var town = towns[t];
            int count = town.IsSeat ? random.Int(6, 10) : random.Int(1, 2);
            double radius = town.IsSeat ? 1200 : 450, spacing = town.IsSeat ? 450 : 300;
            var spaced = new SpacedPoints(spacing);
            for (int attempt = 0; attempt < 500 && spaced.Points.Count < count; attempt++)
            {
                var p = new Coordinate(town.Centre.X + random.Range(-radius, radius), town.Centre.Y + random.Range(-radius, radius));
                if (p.Distance(town.Centre) > radius || !spaced.IsFarFrom(p, spacing) || !wet.IsDry(p, 40)) continue;
                spaced.Add(p);
                int population = town.IsSeat ? random.Int(5000, 12000) : random.Int(3000, 8000);
                places.Add(new Place
                {
                    Id = $"com-{++id:000}", Name = names.Community(), Kind = PlaceKind.Community, Town = t,
                    AdminCode = Code(town, spaced.Points.Count), Point = p, Urban = true,
                    Population = population, Elderly = (int)Math.Round(population * random.Range(0.20, 0.27)),
                });
            }
        }
    }

    static List<Coordinate> PlaceVillageCentres(LocalFrame frame, double scale, List<Town> towns, WaterIndex wet, SeededRandom random)
    {
        int wanted = (int)Math.Round(random.Int(190, 250) * scale);
        var seat = new SpacedPoints(2600);
        var townCentres = new SpacedPoints(1300);
        foreach (var t in towns) (t.IsSeat ? seat : townCentres).Add(t.Centre);
        var spaced = new SpacedPoints(VillageSpacing);
        double side = frame.SideMetres;
        for (int attempt = 0; attempt < wanted * 60 && spaced.Points.Count < wanted; attempt++)
        {
            var p = new Coordinate(random.Range(400, side - 400), random.Range(400, side - 400));
            if (!seat.IsFarFrom(p, 2600) || !townCentres.IsFarFrom(p, 1300) || !spaced.IsFarFrom(p, VillageSpacing)) continue;
            if (!wet.IsDry(p, 150)) continue;
            spaced.Add(p);
        }
        return spaced.Points;
    }

    /// <summary>Voronoi cell of each site, clipped to the county square. Cells are looked up by site, never enumerated.</summary>
    static Dictionary<Coordinate, Geometry> VoronoiCells(LocalFrame frame, List<Coordinate> sites)
    {
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites);
        var clip = frame.Envelope; clip.ExpandBy(frame.SideMetres * 0.1);
        builder.ClipEnvelope = clip;
        var diagram = builder.GetDiagram(Factory);
        var square = Factory.ToGeometry(frame.Envelope);
        var cells = new Dictionary<Coordinate, Geometry>();
        for (int i = 0; i < diagram.NumGeometries; i++)
        {
            var cell = diagram.GetGeometryN(i);
            cells[(Coordinate)cell.UserData] = cell.Intersection(square);
        }
        return cells;
    }

    /// <summary>Lakes by outline envelope, as indices into the water list (a province has thousands of lakes and canals).</summary>
    static STRtree<int> LakeTree(IReadOnlyList<WaterBody> water)
    {
        var tree = new STRtree<int>();
        for (int i = 0; i < water.Count; i++)
            if (water[i].Kind == WaterKind.Lake) tree.Insert(water[i].Outline.EnvelopeInternal, i);
        tree.Build();
        return tree;
    }

    static Geometry CutLakes(Geometry cell, IReadOnlyList<WaterBody> water, STRtree<int> lakes)
    {
        var result = cell;
        // In water-list order, as a scan would, so the differences (and the output bytes) do not depend on the tree.
        var near = lakes.Query(cell.EnvelopeInternal).ToList();
        near.Sort();
        foreach (int i in near)
            if (water[i].Outline.Intersects(result)) result = result.Difference(water[i].Outline);
        return result;
    }

    static void AddNaturalVillages(Place village, string stem, double remoteness, WaterIndex wet, SeededRandom random,
        NameBook names, List<Place> places, ref int naturalCount)
    {
        int wanted = 1 + random.Weighted([0.15, 0.25, 0.30, 0.20, 0.10]);
        var points = new List<Coordinate> { village.Point };
        var boundary = village.Area!.Boundary;
        for (int attempt = 0; attempt < 60 && points.Count < wanted; attempt++)
        {
            var p = new Coordinate(village.Point.X + random.Range(-750, 750), village.Point.Y + random.Range(-750, 750));
            double d = p.Distance(village.Point);
            if (d < 250 || d > 750 || points.Any(q => q.Distance(p) < 250)) continue;
            var point = Factory.CreatePoint(p);
            if (!village.Area.Contains(point) || boundary.Distance(point) < 100 || !wet.IsDry(p, 60)) continue;
            points.Add(p);
        }
        int total = 1000 + (int)(3000 * Math.Pow(random.NextDouble(), 1.3));
        var weights = points.Select((_, i) => random.Range(0.5, 1.5) * (i == 0 ? 1.8 : 1)).ToArray();
        var split = SplitInteger(total, weights);
        for (int i = 0; i < points.Count; i++)
        {
            double share = random.Range(0.24, 0.30) + 0.05 * remoteness;        // remote villages are older
            int index = places.Count;
            places.Add(new Place
            {
                Id = $"nv-{++naturalCount:00000}", Name = i == 0 ? stem : names.NaturalVillage(),
                Kind = PlaceKind.NaturalVillage, Town = village.Town, AdminCode = village.AdminCode,
                ParentId = village.Id, Point = points[i], Urban = false,
                Population = split[i], Elderly = (int)Math.Round(split[i] * share),
            });
            village.Children.Add(index);
        }
        village.Population = village.Children.Sum(c => places[c].Population);
        village.Elderly = village.Children.Sum(c => places[c].Elderly);
    }

    /// <summary>Splits <paramref name="total"/> in proportion to the weights, by largest remainder, summing exactly.</summary>
    public static int[] SplitInteger(int total, double[] weights)
    {
        double sum = weights.Sum();
        var exact = weights.Select(w => total * w / sum).ToArray();
        var parts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        int left = total - parts.Sum();
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => exact[i] - parts[i]).ThenBy(i => i).ToArray();
        for (int k = 0; k < left; k++) parts[order[k % order.Length]]++;
        return parts;
    }
}
