using Coverage.Demo.Random;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coverage.Demo.Layout;

/// <summary>
/// Facilities of every category, placed unevenly: each seat community has everything close by, each town centre
/// has the township set, and villages get their own clinic, day-care, culture hall or fitness point with a chance
/// that falls with distance from their town, so remote villages are thin and every circle has real gaps.
/// </summary>
/// <para>Built years and sports-ground areas come from their own stream (<paramref name="facts"/>), so adding them left every
/// facility, its place and its id as before.</para>
internal sealed class FacilityLayout(List<Town> towns, List<Place> places, WaterIndex wet, SeededRandom random, SeededRandom facts)
{
    public static readonly string[] Categories = ["school", "clinic", "elderly", "culture", "fitness", "bus-shelter", "park"];
    readonly List<FacilityDraft> _facilities = [];
    static readonly GeometryFactory Factory = new();

    public List<FacilityDraft> Place(IReadOnlyList<WayDraft> ways, Func<List<Coordinate>, List<Coordinate>> densify)
    {
        for (int t = 0; t < towns.Count; t++) TownCentre(t);
        foreach (var c in places.Where(p => p.Kind == PlaceKind.Community)) Community(c);
        var mainRoads = new STRtree<LineSegment>();
        foreach (var w in ways.Where(w => !w.IsBridge && w.Highway is "primary" or "secondary" or "tertiary"))
            for (int i = 0; i + 1 < w.Points.Count; i++)
            {
                var seg = new LineSegment(w.Points[i], w.Points[i + 1]);
                if (seg.Length > 0) mainRoads.Insert(new Envelope(seg.P0, seg.P1), seg);
            }
        foreach (var v in places.Where(p => p.Kind == PlaceKind.AdministrativeVillage)) Village(v, mainRoads);
        foreach (var w in ways.Where(w => w.Label == LocalRoads.TrailLabel))
        {
            var line = Factory.CreateLineString([.. densify(w.Points)]);
            if (line.Length < 500) continue;
            int town = TownLayout.Nearest(towns, line.Centroid.Coordinate);
            string name = w.Tags.First(t => t.Key == "name").Value.Replace("滨河步道", "健身步道");
            Add("fitness", "fitness-trail", name, town, line, null);
        }
        VillageStopSigns();
        return _facilities;
    }

    void TownCentre(int t)
    {
        var town = towns[t];
        string n = town.Name;
        double r = town.IsSeat ? 1200 : 350;
        if (town.IsSeat)
        {
            string stem = n.TrimEnd('镇');
            Add("clinic", "hospital", stem + "人民医院", t, Near(town.Centre, r), random.Int(300, 800));
            Add("clinic", "hospital", stem + "中医院", t, Near(town.Centre, r), random.Int(150, 400));
            string[] ordinal = ["第一", "第二", "第三"];
            foreach (var o in ordinal) Add("school", "middle", stem + o + "中学", t, Near(town.Centre, r), random.Int(900, 2000));
            foreach (var o in ordinal) Add("school", "primary", stem + o + "实验小学", t, Near(town.Centre, r), random.Int(800, 1800));
            Add("culture", "library-branch", stem + "图书馆", t, Near(town.Centre, r), null);
            Add("culture", "comprehensive-culture-centre", stem + "文化馆", t, Near(town.Centre, r), null);
            Add("elderly", "elderly-service-centre", stem + "养老服务中心", t, Near(town.Centre, r), random.Int(80, 200));
            Add("fitness", "sports-park", stem + "体育公园", t, Near(town.Centre, r), null);
            Add("park", "park", stem + "中心公园", t, Near(town.Centre, r), null);
            Add("bus-shelter", "shelter", stem + "客运站", t, Near(town.Centre, 200), null);
            return;
        }
        Add("school", "kindergarten", n + "中心幼儿园", t, Near(town.Centre, r), random.Int(180, 360));
        Add("school", "primary", n + "中心小学", t, Near(town.Centre, r), random.Int(600, 1400));
        Add("school", "middle", n + "中学", t, Near(town.Centre, r), random.Int(600, 1500));
        Add("clinic", "township-health-centre", n + "卫生院", t, Near(town.Centre, r), random.Int(30, 90));
        Add("elderly", "day-care-centre", n + "日间照料中心", t, Near(town.Centre, r), random.Int(20, 50));
        if (random.Chance(0.5)) Add("elderly", "elderly-service-centre", n + "敬老院", t, Near(town.Centre, r), random.Int(60, 150));
        Add("culture", "comprehensive-culture-centre", n + "综合文化站", t, Near(town.Centre, r), null);
        if (random.Chance(0.5)) Add("culture", "library-branch", n + "图书分馆", t, Near(town.Centre, r), null);
        Add("fitness", "fitness-station", n + "全民健身广场", t, Near(town.Centre, r), null);
        Add("park", "park", n + "公园", t, Near(town.Centre, r), null);
        Add("bus-shelter", "shelter", n + "汽车站", t, Near(town.Centre, 150), null);
    }

    void Community(Place c)
    {
        string n = c.Name.EndsWith("社区") ? c.Name[..^2] : c.Name;
        Add("school", "kindergarten", n + "幼儿园", c.Town, Near(c.Point, 250), random.Int(150, 360));
        Add("clinic", "community-health-centre", n + "社区卫生服务站", c.Town, Near(c.Point, 250), random.Int(5, 30));
        Add("elderly", "day-care-centre", n + "社区日间照料中心", c.Town, Near(c.Point, 250), random.Int(20, 45));
        Add("culture", "cultural-hall", n + "社区文化家园", c.Town, Near(c.Point, 250), null);
        Add("fitness", "fitness-station", n + "社区健身点", c.Town, Near(c.Point, 250), null);
        Add("bus-shelter", "shelter", n + "站", c.Town, Near(c.Point, 200), null);
        if (random.Chance(0.5)) Add("park", "park", n + "口袋公园", c.Town, Near(c.Point, 300), null);
    }

    void Village(Place v, STRtree<LineSegment> mainRoads)
    {
        double remoteness = Math.Min(1, towns[v.Town].Centre.Distance(v.Point) / 6000);
        double f = 1.15 - 0.6 * remoteness;                    // rich near town, thin far out
        string n = v.Name;
        if (random.Chance(0.72 * f)) Add("clinic", "village-clinic", n + "卫生室", v.Town, Near(v.Point, 70), null);
        if (random.Chance(0.40 * f)) Add("elderly", "day-care-centre", n + "居家养老服务站", v.Town, Near(v.Point, 70), random.Int(10, 30));
        if (random.Chance(0.60 * f)) Add("culture", "cultural-hall", n + "文化礼堂", v.Town, Near(v.Point, 70), null);
        if (random.Chance(0.60 * f)) Add("fitness", "fitness-station", n + "健身点", v.Town, Near(v.Point, 70), null);
        if (random.Chance(0.15 * f)) Add("school", "kindergarten", n + "幼儿园", v.Town, Near(v.Point, 120), random.Int(60, 180));
        if (random.Chance(0.12 * f)) Add("school", "primary", n + "小学", v.Town, Near(v.Point, 120), random.Int(120, 480));
        if (random.Chance(0.08 * f)) Add("park", "park", n + "村民公园", v.Town, Near(v.Point, 120), null);
        foreach (int child in v.Children.Skip(1))
            if (random.Chance(0.15)) Add("fitness", "fitness-station", places[child].Name + "健身点", v.Town, Near(places[child].Point, 60), null);
        var stop = RoadsideStop(v.Point, mainRoads);
        if (stop != null && random.Chance(0.85))
        {
            Add("bus-shelter", random.Chance(0.65) ? "shelter" : "stop-sign", n + "站", v.Town, Factory.CreatePoint(stop), null);
            _stopMetres[v] = stop.Distance(v.Point);
        }
    }

    /// <summary>How far each administrative village's own roadside stop is from its centre (none: no stop).</summary>
    readonly Dictionary<Place, double> _stopMetres = [];

    /// <summary>
    /// Two towns that have put a stop sign (站牌) at the centre of every administrative village whose roadside stop is missing or
    /// more than 250 m away (吴江 第20条 counts a shelter or a sign), so the bus-stop indicator has towns that pass as well as
    /// towns that fail. Added last and drawn from the facts stream: every other facility keeps its place and id.
    /// </summary>
    void VillageStopSigns()
    {
        var chosen = Enumerable.Range(0, towns.Count).Where(t => !towns[t].IsSeat).Take(2).ToHashSet();
        foreach (var v in places.Where(p => p.Kind == PlaceKind.AdministrativeVillage && chosen.Contains(p.Town)))
        {
            if (_stopMetres.TryGetValue(v, out double metres) && metres <= 250) continue;
            _facilities.Add(new FacilityDraft
            {
                Id = $"fac-{_facilities.Count + 1:00000}", Name = v.Name + "村口站牌", Category = "bus-shelter", Kind = "stop-sign",
                Status = FacilityStatusCode.Existing, Town = v.Town, Geometry = Near(v.Point, 40, facts), BuiltYear = facts.Int(2015, 2024),
            });
        }
    }

    /// <summary>A point 6 m beside the nearest main road within 800 m of the village centre, or none.</summary>
    static Coordinate? RoadsideStop(Coordinate centre, STRtree<LineSegment> roads)
    {
        const double reach = 800;
        Coordinate? best = null; double bestDistance = reach;
        var env = new Envelope(centre); env.ExpandBy(reach);
        foreach (var seg in roads.Query(env))
        {
            var p = seg.ClosestPoint(centre);
            double d = p.Distance(centre);
            if (d >= bestDistance) continue;
            bestDistance = d;
            double nx = -(seg.P1.Y - seg.P0.Y) / seg.Length, ny = (seg.P1.X - seg.P0.X) / seg.Length;
            best = new Coordinate(p.X + nx * 6, p.Y + ny * 6);
        }
        return best;
    }

    /// <summary>A dry spot within <paramref name="radius"/> of a place (the place itself if none is found).</summary>
    Point Near(Coordinate c, double radius, SeededRandom? from = null)
    {
        var rng = from ?? random;
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var p = new Coordinate(c.X + rng.Range(-radius, radius), c.Y + rng.Range(-radius, radius));
            if (p.Distance(c) <= radius && wet.IsDry(p, 15)) return Factory.CreatePoint(p);
        }
        return Factory.CreatePoint(c.Copy());
    }

    void Add(string category, string kind, string name, int town, Geometry geometry, int? capacity)
    {
        int status = random.Weighted([0.90, 0.04, 0.04, 0.02]);
        _facilities.Add(new FacilityDraft
        {
            Id = $"fac-{_facilities.Count + 1:00000}", Name = name, Category = category, Kind = kind,
            Status = (FacilityStatusCode)status, Capacity = capacity, Town = town, Geometry = geometry,
            BuiltYear = BuiltYear((FacilityStatusCode)status, kind), AreaM2 = Area(kind, name),
        });
    }

    /// <summary>
    /// Existing facilities: mostly before 2019, a share since (more for day-care centres, which the 2019 tasks expand);
    /// under construction: due in the next two years; planned: within the plan period; proposed: no year yet.
    /// </summary>
    int? BuiltYear(FacilityStatusCode status, string kind) => status switch
    {
        // Trails: half built in the 2019–2021 trail programme (新建健身步道), the rest before it.
        FacilityStatusCode.Existing when kind is "fitness-trail" => facts.Chance(0.5) ? facts.Int(2019, 2021) : facts.Int(1990, 2018),
        FacilityStatusCode.Existing => facts.Chance(kind is "day-care-centre" ? 0.45 : 0.25) ? facts.Int(2019, 2025) : facts.Int(1990, 2018),
        FacilityStatusCode.UnderConstruction => facts.Int(2026, 2027),
        FacilityStatusCode.Planned => facts.Int(2027, 2030),
        _ => null,
    };

    /// <summary>
    /// Sports-ground area (m²) by kind: school grounds and fitness venues count toward 人均体育场地面积. The ranges are
    /// synthetic, set so that some towns reach the 3.0 m² target and some do not.
    /// </summary>
    double? Area(string kind, string name) => kind switch
    {
        "sports-park" => Math.Round(facts.Range(60_000, 140_000)),
        "fitness-station" when name.EndsWith("全民健身广场") => Math.Round(facts.Range(10_000, 45_000)),
        "fitness-station" => Math.Round(facts.Range(400, 3_500)),
        "middle" => Math.Round(facts.Range(20_000, 45_000)),
        "primary" => Math.Round(facts.Range(10_000, 26_000)),
        _ => null,
    };
}
