using Coverage.Analysis.LifeCircles;
using Coverage.Analysis.Region;
using Coverage.Analysis.Siting;
using Coverage.Analysis.Tests.Support;
using Coverage.Core;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;

namespace Coverage.Analysis.Tests.LifeCircles;

/// <summary>
/// Units on a drawn network, checked against a plain Dijkstra written here. Adult 1.2 m/s: 15 min = 1,080 m.
/// <code>
///   street y = 0, nodes every 400 m from x = 0 to 4000; a side lane (2000,0)–(2000,800)
///   A (0,0) administrative village with natural village a1 at (2400,0): no centre reaches both within 1,080 m
///       (they are 2,400 m apart); best is a centre at (1200,0): 1,200 m = 1,000 s = 16.7 min
///   B (800,0) · C (1200,0) · D (2000,0) · L (2000,800) · E (3200,0) · F (4000,0): administrative villages
///   G (2000,1500): 700 m from the lane's end, beyond the 500 m snap limit: off the network
///   H (9000,0) on its own 100 m lane: an island, a unit of its own that meets the rule
/// </code>
/// </summary>
public class LifeCircleNetworkTests
{
    static readonly (string Id, double X, double Y, int People)[] Places =
    [
        ("A", 0, 0, 500), ("B", 800, 0, 900), ("C", 1200, 0, 700), ("D", 2000, 0, 1200), ("L", 2000, 800, 300),
        ("E", 3200, 0, 800), ("F", 4000, 0, 400), ("G", 2000, 1500, 100), ("H", 9000, 0, 50),
    ];

    static readonly List<(double X, double Y)> Nodes = [];
    static readonly List<(int A, int B)> Edges = [];

    static AnalysisRegion Region()
    {
        var s = new Street();
        Nodes.Clear(); Edges.Clear();
        int Node(double x, double y) { Nodes.Add((x, y)); return s.Node(x, y); }
        void Edge(int a, int b) { Edges.Add((a, b)); s.Edge(a, b); }
        int prev = Node(0, 0);
        int lane = -1;
        for (int x = 400; x <= 4000; x += 400) { int n = Node(x, 0); Edge(prev, n); prev = n; if (x == 2000) lane = n; }
        Edge(lane, Node(2000, 800));
        Edge(Node(9000, 0), Node(9100, 0));
        var settlements = Places.Select(p => Street.Settlement(p.Id, "T", Street.Point(p.X, p.Y), p.People, p.People / 5, SettlementKind.AdministrativeVillage))
            .Append(Street.Settlement("a1", "T", Street.Point(2400, 0), 200, 40) with { ParentId = "A" });
        var seeds = new SeedCatalog { Categories = TestSeeds.Categories, Circles = [], LifeCircles = [Gb50180(100_000)] };
        return new AnalysisRegion(s.Build(), seeds, [], settlements.ToList());
    }

    static LifeCircleReference Gb50180(int max) => new()
    {
        Id = "gb-50180-2018",
        Title = "GB 50180-2018",
        Levels =
        [
            new() { Id = "15-min", NameZh = "十五分钟生活圈居住区", NameEn = "15-minute", Minutes = 15, PopulationMin = 50_000, PopulationMax = max },
        ],
    };

    /// <summary>Textbook Dijkstra over the drawn nodes and edges (both ways), metres.</summary>
    static double[] Metres(int from)
    {
        var dist = Enumerable.Repeat(double.PositiveInfinity, Nodes.Count).ToArray();
        var queue = new PriorityQueue<int, double>();
        dist[from] = 0; queue.Enqueue(from, 0);
        while (queue.TryDequeue(out int u, out double du))
        {
            if (du > dist[u]) continue;
            foreach (var (a, b) in Edges)
            {
                if (a != u && b != u) continue;
                int v = a == u ? b : a;
                double d = du + Math.Sqrt(Math.Pow(Nodes[a].X - Nodes[b].X, 2) + Math.Pow(Nodes[a].Y - Nodes[b].Y, 2));
                if (d < dist[v]) { dist[v] = d; queue.Enqueue(v, d); }
            }
        }
        return dist;
    }

    static int NodeAt(double x, double y) => Nodes.FindIndex(n => n.X == x && n.Y == y);

    /// <summary>Oracle seconds from a centre village to a member (its slowest place: itself and its natural villages).</summary>
    static double OracleSeconds(string centre, string member)
    {
        var c = Places.Single(p => p.Id == centre);
        var dist = Metres(NodeAt(c.X, c.Y));
        var places = member == "A" ? new[] { (0.0, 0.0), (2400.0, 0.0) } : [Places.Where(p => p.Id == member).Select(p => (p.X, p.Y)).Single()];
        return places.Max(p => dist[NodeAt(p.Item1, p.Item2)]) / 1.2;
    }

    static LifeCircleResult Compute() => LifeCircleResult.Compute(Region(), new SolverLimits(10, 2));

    [Fact]
    public void Times_from_every_centre_equal_plain_dijkstra_within_the_limit()
    {
        var r = Compute();
        var onNetwork = new[] { "A", "B", "C", "D", "L", "E", "F" };
        foreach (string member in onNetwork)
        {
            int i = Index(r, member);
            var expected = onNetwork.Where(c => OracleSeconds(c, member) <= 900 && c != "A").ToDictionary(c => c, c => OracleSeconds(c, member));
            var actual = r.Instance.Within[i].Where(p => r.Instance.IsCentre(p.Key)).ToDictionary(p => r.Instance.Members[p.Key].Id, p => p.Value);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            // Coverage keeps seconds as float: 1,080 s in float is exact to about a millisecond.
            foreach (var (c, t) in expected) Assert.True(Math.Abs(t - actual[c]) < 0.02, $"{member} from {c}: {actual[c]} s, Dijkstra {t} s");
        }
    }

    [Fact]
    public void Every_settlement_is_in_exactly_one_unit_and_each_unit_that_meets_the_rule_is_within_15_minutes_by_dijkstra()
    {
        var r = Compute();
        var ids = r.Units.SelectMany(u => u.Members.Select(m => r.Instance.Members[m].Id)).ToList();
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H", "L"], ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // a1's 200 people are part of A's 500 (an administrative village's figure holds its natural villages): counted once.
        Assert.Equal(500, r.Units.Single(u => u.Members.Contains(Index(r, "A"))).Population);
        Assert.Equal(Places.Sum(p => p.People), r.Units.Sum(u => u.Population));
        foreach (var u in r.Units.Where(u => u.Meets && u.Members.All(m => r.Instance.Members[m].Id != "H")))
        {
            string centre = r.Instance.Members[u.Centre].Id;
            var times = u.Members.Select(m => OracleSeconds(centre, r.Instance.Members[m].Id)).ToList();
            Assert.All(times, t => Assert.True(t <= 900, $"{u.Id}: {t} s from {centre}"));
            Assert.Equal(times.Max() / 60, u.MaxMinutes!.Value, 3);
        }
        Assert.True(r.Units.Single(u => u.Members.Contains(Index(r, "H"))).Meets);
    }

    /// <summary>The reachable villages (B, C, D, L, E, F; H on its island) grouped as brute-force enumeration of their partitions does.</summary>
    [Fact]
    public void The_fewest_units_equal_enumeration_on_the_drawn_network()
    {
        var r = Compute();
        var best = Partitions.Best(r.Instance)!.Value;
        Assert.Equal(best.Units, r.Solution.Units);
        Assert.Equal(best.Seconds, r.Solution.Seconds);
        Assert.Equal(SolveStatus.Optimal, r.Solution.Status);
        Assert.Equal(r.Solution.Units + 2, r.Units.Count); // A and G stand alone, missing the rule
    }

    [Fact]
    public void An_unreachable_village_is_its_own_unit_saying_why()
    {
        var r = Compute();
        var a = r.Units.Single(u => u.Members.Contains(Index(r, "A")));
        Assert.Equal("too-far", a.Infeasible!.Code);
        Assert.Equal(1000.0 / 60, a.Infeasible.NearestMinutes!.Value, 2); // centre C at 1,200 m from both A and a1
        Assert.Contains("16.7 分钟", a.Infeasible.Zh);
        Assert.False(a.Meets);
        var g = r.Units.Single(u => u.Members.Contains(Index(r, "G")));
        Assert.Equal("off-network", g.Infeasible!.Code);
        Assert.Equal(700, g.Infeasible.OffNetworkMetres!.Value, 0);
        Assert.Single(g.Members);
        Assert.Contains(r.Notes, n => n.Code == "life-circle-infeasible");
        Assert.Contains("A", LifeCircleTable.Of(r).Rows.Select(row => (string)row[1]!));
    }

    [Fact]
    public void A_planner_edit_is_judged_by_the_same_rule()
    {
        var r = Compute();
        // Moving F into B's unit: F is 3,200 m from B, beyond 15 minutes, whoever of the unit is the centre.
        string unitOfB = r.Units.Single(u => u.Members.Contains(Index(r, "B"))).Id;
        var check = r.Check(new Dictionary<string, string> { ["F"] = unitOfB });
        var edited = check.Single(u => u.Id == unitOfB);
        Assert.False(edited.WithinTime);
        Assert.Contains(edited.Beyond, m => r.Instance.Members[m].Id is "F" or "B");
        Assert.All(check.Where(u => u.Id != unitOfB && u.Infeasible is null), u => Assert.True(u.Meets));
        var bad = Assert.Throws<AnalysisInputException>(() => r.Check(new Dictionary<string, string> { ["a1"] = unitOfB }));
        Assert.Contains("自然村随其行政村计入", bad.Text.Zh);
    }

    static int Index(LifeCircleResult r, string id) => r.Instance.Members.Select((m, i) => (m, i)).Single(p => p.m.Id == id).i;
}
