namespace Coverage.Core.Domain;

/// <summary>
/// The interchange spelling of domain enums (GeoJSON, CSV, seeds, API): snake_case ids such as
/// "administrative_village" and "under_construction".
/// </summary>
public static class DomainIds
{
    static readonly (FacilityStatus Value, string Id)[] Statuses =
    [
        (FacilityStatus.Existing, "existing"), (FacilityStatus.UnderConstruction, "under_construction"),
        (FacilityStatus.Planned, "planned"), (FacilityStatus.Proposed, "proposed"),
    ];

    static readonly (SettlementKind Value, string Id)[] SettlementKinds =
    [
        (SettlementKind.AdministrativeVillage, "administrative_village"), (SettlementKind.NaturalVillage, "natural_village"),
        (SettlementKind.Community, "community"),
    ];

    public static string ToId(this FacilityStatus status) => Statuses.First(s => s.Value == status).Id;
    public static string ToId(this SettlementKind kind) => SettlementKinds.First(s => s.Value == kind).Id;

    public static IEnumerable<string> StatusIds => Statuses.Select(s => s.Id);
    public static IEnumerable<string> SettlementKindIds => SettlementKinds.Select(s => s.Id);

    /// <summary>Other spellings planners use for a status, in tables and requests alike.</summary>
    static readonly (FacilityStatus Value, string Id)[] StatusSynonyms =
    [
        (FacilityStatus.Existing, "现状"), (FacilityStatus.Existing, "已建"), (FacilityStatus.Existing, "现有"), (FacilityStatus.Existing, "建成"),
        (FacilityStatus.UnderConstruction, "在建"), (FacilityStatus.UnderConstruction, "under construction"),
        (FacilityStatus.Planned, "规划"), (FacilityStatus.Planned, "计划"),
        (FacilityStatus.Proposed, "拟建"), (FacilityStatus.Proposed, "建议"), (FacilityStatus.Proposed, "候选"),
    ];

    /// <summary>A status by its id or a synonym (现状, 在建, 规划, 拟建, "under construction"…), any case.</summary>
    public static bool TryParseStatus(string id, out FacilityStatus status) =>
        TryFind(Statuses, id, out status) || TryFind(StatusSynonyms, id, out status);
    public static bool TryParseSettlementKind(string id, out SettlementKind kind) => TryFind(SettlementKinds, id, out kind);

    static bool TryFind<T>((T Value, string Id)[] table, string id, out T value)
    {
        foreach (var (v, name) in table)
            if (string.Equals(name, id.Trim(), StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
        value = default!;
        return false;
    }
}
