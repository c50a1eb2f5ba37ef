using Coverage.Analysis.Region;
using Coverage.Core.Domain;
using Coverage.Core.Seeds;
using Coverage.Storage.Import;

namespace Coverage.Server.Region;

/// <summary>
/// A region's facilities and settlements as the plan store receives them: read from its tables (else from the extract's
/// OSM tags) all-or-nothing, then split by the county boundary (<see cref="RegionScope"/>): settlements outside it and
/// facilities beyond its margin are left out of the store and listed by the health report. Without a boundary all are kept.
/// </summary>
public sealed record RegionTables(ImportResult<Facility> FacilityImport, ImportResult<Settlement> SettlementImport,
    ScopeSplit<Facility> Facilities, ScopeSplit<Settlement> Settlements)
{
    /// <summary>Reads both tables; a table with bad rows stops with <see cref="RegionImportException"/> naming the rows.</summary>
    public static RegionTables Read(RegionSource source, SeedCatalog seeds, RegionScope? scope)
    {
        var importer = new PlanImporter(seeds);
        var facilities = importer.Facilities(source.Facilities ?? source.Extract);
        var settlements = importer.Settlements(source.Settlements ?? source.Extract);
        RegionImportException.ThrowIfFailed(source.Facilities ?? source.Extract, facilities.Errors);
        RegionImportException.ThrowIfFailed(source.Settlements ?? source.Extract, settlements.Errors);
        return new(facilities, settlements,
            scope?.Facilities(facilities.Items) ?? new(facilities.Items, [], []),
            scope?.Settlements(settlements.Items) ?? new(settlements.Items, [], []));
    }
}
