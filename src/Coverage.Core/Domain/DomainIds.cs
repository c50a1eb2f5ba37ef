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

    public static bool TryParseStatus(string id, out FacilityStatus status) => TryFind(Statuses, id, out status);
    public static bool TryParseSettlementKind(string id, out SettlementKind kind) => TryFind(SettlementKinds, id, out kind);

    static bool TryFind<T>((T Value, string Id)[] table, string id, out T value)
    {
        foreach (var (v, name) in table)
            if (string.Equals(name, id.Trim(), StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
        value = default!;
        return false;
    }
}
