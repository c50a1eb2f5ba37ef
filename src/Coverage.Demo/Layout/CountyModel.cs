using NetTopologySuite.Geometries;

namespace Coverage.Demo.Layout;

/// <summary>A town (镇) or the county seat, with its street grid around the centre.</summary>
internal sealed class Town
{
    public required string Name { get; init; }
    /// <summary>Three-digit town part of the 12-digit statistical code (001 = seat sub-district, 1xx = towns).</summary>
    public required string Code3 { get; init; }
    public required Coordinate Centre { get; init; }
    public bool IsSeat { get; init; }
    /// <summary>Half the side of the square street grid, in metres.</summary>
    public double GridHalf { get; init; }
    public double GridSpacing { get; init; }
    /// <summary>Unit vector of the grid's first axis (the second is its left normal).</summary>
    public (double X, double Y) GridAxis { get; init; }
    public Geometry Boundary { get; set; } = Polygon.Empty;

    public Coordinate GridPoint(int i, int j) => new(
        Centre.X + (i * GridAxis.X - j * GridAxis.Y) * GridSpacing,
        Centre.Y + (i * GridAxis.Y + j * GridAxis.X) * GridSpacing);
}

internal enum PlaceKind { Community, AdministrativeVillage, NaturalVillage }

/// <summary>A settlement in metres; administrative villages also carry their area.</summary>
internal sealed class Place
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public PlaceKind Kind { get; init; }
    public int Town { get; init; }
    public required string AdminCode { get; init; }
    public string? ParentId { get; init; }
    public required Coordinate Point { get; init; }
    public Geometry? Area { get; set; }
    public int Population { get; set; }
    public int Elderly { get; set; }
    public bool Urban { get; init; }
    /// <summary>For a natural village cut off by a creek: the bend of the long way round (beyond the creek's end).</summary>
    public Coordinate? Detour { get; set; }
    /// <summary>For administrative villages: indices of their natural villages (the first sits at the village centre).</summary>
    public List<int> Children { get; } = [];
}

internal enum WaterKind { Canal, Lake }

/// <summary>A canal (河道) or lake (湖荡): its outline, and a guard 3 m wider that dry ways must keep out of.</summary>
internal sealed class WaterBody
{
    public required string Name { get; init; }
    public WaterKind Kind { get; init; }
    public Coordinate[] Centreline { get; init; } = [];
    public double Width { get; init; }
    public required Polygon Outline { get; init; }
    public required Polygon Guard { get; init; }
    /// <summary>Outline and guard in short pieces for fast local queries (a lake is one piece).</summary>
    public List<Polygon>? OutlinePieces { get; init; }
    public List<Polygon>? GuardPieces { get; init; }
}

/// <summary>A road before it meets the water: where it runs, its OSM tags, and how it crosses canals.</summary>
internal sealed class RoadPlan
{
    public required Coordinate[] Points { get; init; }
    public required (string Key, string Value)[] Tags { get; init; }
    /// <summary>Chance that a canal crossing gets a bridge; otherwise the road stops at both banks.</summary>
    public double BridgeChance { get; init; } = 1;
    /// <summary>Motorways are viaducts: every water span is a bridge, lakes included, and no junction with local roads.</summary>
    public bool GradeSeparated { get; init; }
    /// <summary>Chance that a footpath bridge is a stepped arch bridge (highway=steps).</summary>
    public double StepsChance { get; init; }
    /// <summary>Label to find this road's ways again (fitness trails follow canal-side paths).</summary>
    public string? Label { get; init; }
}

/// <summary>An OSM way in metres, ready for noding and densifying.</summary>
internal sealed class WayDraft
{
    public required List<Coordinate> Points { get; set; }
    public required (string Key, string Value)[] Tags { get; init; }
    public bool Noded { get; init; } = true;
    public bool IsBridge { get; init; }
    public bool IsFerry { get; init; }
    public string? Label { get; init; }
    public string Highway => Tags.FirstOrDefault(t => t.Key == "highway").Value ?? "";
}

internal enum FacilityStatusCode { Existing, UnderConstruction, Planned, Proposed }

/// <summary>A facility in metres: a point, or a line for fitness trails.</summary>
internal sealed class FacilityDraft
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Category { get; init; }
    public required string Kind { get; init; }
    public FacilityStatusCode Status { get; init; }
    public int? Capacity { get; init; }
    /// <summary>Year completed or opened (planned: due); null for a proposed one.</summary>
    public int? BuiltYear { get; init; }
    /// <summary>Sports-ground area in m² (schools' grounds, fitness venues); null where a venue has none.</summary>
    public double? AreaM2 { get; init; }
    public int Town { get; init; }
    public required Geometry Geometry { get; init; }
}
