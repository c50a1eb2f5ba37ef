using Coverage.Core.Seeds;
using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Network.Graph;

namespace Coverage.Analysis.Tests.Support;

/// <summary>
/// The hand-built county of the coverage tests, in metres:
/// <code>
///                      W (1000,600) admin village, 50 people
///                      |  lane, B2 shelter at (1000,300)
/// N0 ------ N1 ------ N2 ------ N3 ------ N4      street y = 0, nodes every 500 m
/// C1 culture          K1 clinic (1000,-20)  E1 elderly (2000,10); Z admin village at N4, no population
///   A (600,0) 100 · B (900,0) 200 · C (1500,0) 300 urban · trail (1200..1800 along the street)
///   V: polygon x 200..1200, y −50..50, 1000 people, B1 shelter inside at (700,30); S1 stop sign (1950,5)
/// </code>
/// </summary>
public static class Village
{
    public static WalkGraph Graph()
    {
        var s = new Street();
        int n0 = s.Node(0, 0), n1 = s.Node(500, 0), n2 = s.Node(1000, 0), n3 = s.Node(1500, 0), n4 = s.Node(2000, 0), n5 = s.Node(1000, 600);
        s.Edge(n0, n1); s.Edge(n1, n2); s.Edge(n2, n3); s.Edge(n3, n4); s.Edge(n2, n5);
        return s.Build();
    }

    public static List<Facility> Facilities() =>
    [
        Street.Facility("C1", "culture", null, Street.Point(0, 0)),
        Street.Facility("Cplan", "culture", null, Street.Point(1500, 0), FacilityStatus.Planned),
        Street.Facility("Cfar", "culture", null, Street.Point(500, 2200)),
        Street.Facility("K1", "clinic", null, Street.Point(1000, -20)),
        Street.Facility("E1", "elderly", null, Street.Point(2000, 10)),
        Street.Facility("B1", "bus-shelter", "shelter", Street.Point(700, 30)),
        Street.Facility("B2", "bus-shelter", "shelter", Street.Point(1000, 300)),
        Street.Facility("S1", "bus-shelter", "stop-sign", Street.Point(1950, 5)),
        Street.Facility("T1", "fitness", "fitness-trail", Street.Line((1200, 0), (1800, 0))),
    ];

    public static List<Settlement> Settlements() =>
    [
        Street.Settlement("A", "T1", Street.Point(600, 0), 100, 20),
        Street.Settlement("B", "T1", Street.Point(900, 0), 200, 50),
        Street.Settlement("C", "T2", Street.Point(1500, 0), 300, 90, SettlementKind.Community, urban: true),
        Street.Settlement("V", "T2", Street.Rectangle(200, -50, 1200, 50), 1000, 200, SettlementKind.AdministrativeVillage),
        Street.Settlement("W", "T1", Street.Point(1000, 600), 50, 10, SettlementKind.AdministrativeVillage),
        Street.Settlement("Z", "T2", Street.Point(2000, 0), 0, 0, SettlementKind.AdministrativeVillage),
    ];

    public static AnalysisRegion Region(SeedCatalog seeds, AnalysisOptions? options = null,
        IEnumerable<Facility>? facilities = null) =>
        new(Graph(), seeds, facilities ?? Facilities(), Settlements(), (options ?? AnalysisOptions.Default) with { SampleSpacingMetres = 100 });
}
