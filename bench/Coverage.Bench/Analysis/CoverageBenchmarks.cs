using BenchmarkDotNet.Attributes;
using Coverage.Analysis;
using Coverage.Analysis.Circles;
using Coverage.Analysis.Isochrones;
using Coverage.Analysis.Region;
using Coverage.Core;
using Coverage.Core.Domain;
using NetTopologySuite.Geometries;

namespace Coverage.Bench.Analysis;

/// <summary>
/// The demo county: every circle of seeds/circles.json from a cold engine (targets ≤ 1 s after the graph is loaded),
/// a what-if addition, and 15-minute isochrones (target ≤ 15 ms median).
/// </summary>
[MemoryDiagnoser]
public class CoverageBenchmarks
{
    AnalysisRegion _region = null!;
    CoverageEngine _warm = null!;
    string _facility = "";
    Facility _added = null!;

    [GlobalSetup]
    public void Setup()
    {
        _region = DemoCountyRegion.Load();
        _warm = new CoverageEngine(_region);
        _warm.EvaluateAll();
        // A central elderly-care facility: the one nearest the network's mean position.
        var g = _region.Graph;
        double lon = Enumerable.Range(0, g.NodeCount).Average(g.NodeLon), lat = Enumerable.Range(0, g.NodeCount).Average(g.NodeLat);
        _facility = Enumerable.Range(0, _region.Facilities.Count).Where(_region.IsCounted)
            .OrderBy(i => _region.Facilities[i].Geometry.Coordinate.Distance(new Coordinate(lon, lat))).Select(i => _region.Facilities[i].Id).First();
        _added = new Facility { Id = "what-if", Category = "elderly", Name = "新增", Geometry = new Point(lon, lat) { SRID = 4326 } };
    }

    /// <summary>Snapping every settlement sample and facility, then every circle.</summary>
    [Benchmark]
    public int RegionAndAllCircles()
    {
        var region = new AnalysisRegion(_region.Graph, _region.Seeds, _region.Facilities, _region.Settlements, snapper: _region.Snapper);
        return new CoverageEngine(region).EvaluateAll().Sum(c => c.Settlements.Count);
    }

    /// <summary>Every circle from a cold engine over an already-snapped region (all searches run).</summary>
    [Benchmark]
    public int AllCirclesColdEngine() => new CoverageEngine(_region).EvaluateAll().Sum(c => c.Settlements.Count);

    [Benchmark]
    public double WhatIfAddOneElderlyCentre() => _warm.WhatIf("elderly-15", [_added], []).CoveredDemandDelta;

    [Benchmark]
    public double Isochrone15Minutes() => _warm.Isochrone(_facility, [15], WalkProfile.Adult).Bands[0].AreaKm2;

    [Benchmark]
    public double Isochrone5_10_15Minutes() => _warm.Isochrone(_facility, [5, 10, 15], WalkProfile.Adult).Bands[^1].AreaKm2;
}
