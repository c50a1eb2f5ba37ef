using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Coverage.Demo.Layout;

namespace Coverage.Demo.Output;

/// <summary>metadata.json and README.md for a generated region: what it is (synthetic), how it was made, what is in it.</summary>
internal static class DemoMetadata
{
    public static byte[] Json(DemoSummary s)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteBoolean("synthetic", true);
            w.WriteString("attribution", GeoJsonFile.Attribution);
            w.WriteString("name", "江南水乡示范县（合成） Synthetic water-town demo county");
            w.WriteString("generator", "Coverage.Demo");
            w.WriteString("generator_version", DemoRegion.GeneratorVersion);
            w.WriteNumber("seed", s.Seed);
            w.WriteNumber("scale", s.Scale);
            w.WriteString("crs", "EPSG:4326");
            w.WriteString("centre", string.Create(CultureInfo.InvariantCulture, $"{LocalFrame.CentreLon},{LocalFrame.CentreLat}"));
            w.WriteStartObject("counts");
            w.WriteNumber("towns", s.Towns);
            w.WriteNumber("communities", s.Communities);
            w.WriteNumber("administrative_villages", s.AdministrativeVillages);
            w.WriteNumber("natural_villages", s.NaturalVillages);
            w.WriteNumber("population", s.Population);
            w.WriteNumber("elderly", s.Elderly);
            w.WriteStartObject("facilities");
            foreach (var (c, n) in s.FacilitiesByCategory) w.WriteNumber(c, n);
            w.WriteEndObject();
            w.WriteNumber("osm_nodes", s.Osm.Nodes);
            w.WriteNumber("osm_ways", s.Osm.Ways);
            w.WriteNumber("bridges", s.Osm.Bridges);
            w.WriteNumber("ferries", s.Osm.Ferries);
            w.WriteNumber("water_areas", s.Osm.WaterAreas);
            w.WriteEndObject();
            w.WriteStartArray("files");
            foreach (var (file, bytes, sha) in s.Files)
            {
                w.WriteStartObject();
                w.WriteString("name", file);
                w.WriteNumber("bytes", bytes);
                w.WriteString("sha256", sha);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static byte[] Readme(DemoSummary s)
    {
        var inv = CultureInfo.InvariantCulture;
        var facilities = string.Join(", ", s.FacilitiesByCategory.Select(f => $"{f.Category} {f.Count}"));
        var text = $"""
            # 合成示范县 · Synthetic demo county (SYNTHETIC — not a real place)

            **合成数据 Synthetic demo data — not a real place.** Every road, canal, village, name, population and facility
            here was invented by `Coverage.Demo` (generator {DemoRegion.GeneratorVersion}) from seed `{s.Seed}` at scale
            {s.Scale.ToString(inv)}. It is modelled on a Yangtze-delta water-town county (水乡) around 120.6°E, 31.0°N so that
            Coverage runs offline and GCJ-02 logic applies; it resembles no real county, and names are generated from syllables.

            Regenerate (byte-identical for the same seed): `coverage demo generate --seed {s.Seed} --out geodata/demo`
            or `DemoRegion.Generate(new DemoOptions {"{"} Seed = {s.Seed} {"}"}, dir)`.

            | file | what |
            |---|---|
            | `{DemoFiles.Osm}` | OSM PBF: roads and paths (bridges as separate `bridge=yes` ways, one `route=ferry`), a motorway (not walkable), one `access=private` road, canals and lakes as `natural=water` |
            | `{DemoFiles.Settlements}` | communities (points), administrative villages (areas), natural villages (points); `population`, `elderly` (60+) |
            | `{DemoFiles.Facilities}` | school, clinic, elderly, culture, fitness (fitness trails are lines), bus-shelter, park |
            | `{DemoFiles.Towns}` | town boundaries (unions of village areas) |
            | `{DemoFiles.Water}` | canal and lake outlines |
            | `{DemoFiles.Metadata}` | seed, generator version, counts, file hashes |

            Counts: {s.Towns} towns (incl. the seat), {s.Communities} communities, {s.AdministrativeVillages} administrative villages,
            {s.NaturalVillages} natural villages, population {s.Population}, elderly {s.Elderly}; facilities: {facilities};
            OSM: {s.Osm.Nodes} nodes, {s.Osm.Ways} ways, {s.Osm.Bridges} bridges, {s.Osm.Ferries} ferry.

            Natural villages carry their administrative village's 12-digit code (natural villages have none of their own).
            Every `admin_code` is synthetic: it starts with {VillageLayout.CountyCode}, and no province has the code 99.

            """;
        return Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n"));
    }
}
