using System.Globalization;
using System.Text.Json;
using Coverage.Demo.Layout;
using NetTopologySuite.Geometries;

namespace Coverage.Demo.Output;

/// <summary>The settlement, facility, town and water GeoJSON files, with the property names the importer reads.</summary>
internal static class DemoTables
{
    public static byte[] Settlements(DemoCounty county)
    {
        var file = new GeoJsonFile(county.Frame);
        foreach (var p in county.Places)
            file.Add(p.Area ?? new Point(p.Point), w =>
            {
                w.WriteString("id", p.Id);
                w.WriteString("name", p.Name);
                w.WriteString("kind", p.Kind switch
                {
                    PlaceKind.Community => "community",
                    PlaceKind.AdministrativeVillage => "administrative_village",
                    _ => "natural_village",
                });
                w.WriteString("town", county.Towns[p.Town].Name);
                w.WriteString("admin_code", p.AdminCode);
                if (p.ParentId == null) w.WriteNull("parent_id"); else w.WriteString("parent_id", p.ParentId);
                w.WriteNumber("population", p.Population);
                w.WriteNumber("elderly", p.Elderly);
                w.WriteBoolean("urban", p.Urban);
            });
        return file.ToBytes();
    }

    public static byte[] Facilities(DemoCounty county)
    {
        var file = new GeoJsonFile(county.Frame);
        foreach (var f in county.Facilities)
            file.Add(f.Geometry, w =>
            {
                w.WriteString("id", f.Id);
                w.WriteString("name", f.Name);
                w.WriteString("category", f.Category);
                w.WriteString("kind", f.Kind);
                w.WriteString("status", Status(f.Status));
                if (f.Capacity is int c) w.WriteNumber("capacity", c); else w.WriteNull("capacity");
                if (f.BuiltYear is int y) w.WriteNumber("built_year", y); else w.WriteNull("built_year");
                if (f.AreaM2 is double a) w.WriteNumber("area_m2", a); else w.WriteNull("area_m2");
                w.WriteString("town", county.Towns[f.Town].Name);
            });
        return file.ToBytes();
    }

    public static string Status(FacilityStatusCode s) => s switch
    {
        FacilityStatusCode.Existing => "existing",
        FacilityStatusCode.UnderConstruction => "under_construction",
        FacilityStatusCode.Planned => "planned",
        _ => "proposed",
    };

    public static byte[] Towns(DemoCounty county)
    {
        var file = new GeoJsonFile(county.Frame);
        var byTown = county.Places.Where(p => p.Kind != PlaceKind.NaturalVillage).ToLookup(p => p.Town);   // one pass, not one per town
        for (int t = 0; t < county.Towns.Count; t++)
        {
            var town = county.Towns[t];
            var people = byTown[t];
            file.Add(town.Boundary, w =>
            {
                w.WriteString("id", "town-" + town.Code3);
                w.WriteString("name", town.Name);
                w.WriteString("admin_code", VillageLayout.CountyCode + town.Code3 + "000");
                w.WriteBoolean("seat", town.IsSeat);
                w.WriteNumber("population", people.Sum(p => p.Population));
                w.WriteNumber("elderly", people.Sum(p => p.Elderly));
                var (lon, lat) = county.Frame.ToLonLat(town.Centre.X, town.Centre.Y);
                w.WriteString("centre", string.Create(CultureInfo.InvariantCulture, $"{lon:0.0000000},{lat:0.0000000}"));
            });
        }
        return file.ToBytes();
    }

    public static byte[] Water(DemoCounty county)
    {
        var file = new GeoJsonFile(county.Frame);
        foreach (var w in county.Water)
            file.Add(w.Outline, j =>
            {
                j.WriteString("name", w.Name);
                j.WriteString("kind", w.Kind == WaterKind.Canal ? "canal" : "lake");
                j.WriteNumber("width_m", Math.Round(w.Width));
            });
        return file.ToBytes();
    }
}
