using Coverage.Core.Geo;

namespace Coverage.Analysis.LifeCircles;

/// <summary>
/// A place a unit is made of: an administrative village or community with its natural villages rolled in (people as
/// <see cref="Circles.VillageHierarchy"/> counts them, each person once), or a natural village with no known parent.
/// </summary>
/// <param name="Settlement">Index into the region's settlements; -1 for a hand-made instance.</param>
/// <param name="At">Where the member stands on a map and, when <see cref="CanBeCentre"/>, where a centre there is walked from.</param>
/// <param name="CanBeCentre">The member's own ground touches the walkable network, so a centre can stand there.</param>
public sealed record LifeCircleMember(int Settlement, string Id, string Name, string Town, double Population, double Elderly,
    LonLat At, bool CanBeCentre = true);

/// <summary>Why a member is a unit of its own that misses the rule: the nearest centre's minutes, or how far it is from any walkable way.</summary>
/// <param name="Code">too-far | isolated | off-network | no-geometry</param>
public sealed record LifeCircleInfeasible(string Code, double? NearestMinutes, double? OffNetworkMetres, string Zh, string En);
