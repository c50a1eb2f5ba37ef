using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Coverage.Core.Domain;
using Coverage.Storage.GeoPackage;
using Coverage.Storage.Import;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Coverage.Storage.Tests.Fuzz;

/// <summary>
/// Shapefile, GeoPackage, .xlsx and OSM files: valid files written by the project's exporters (and the corpus), then
/// their fields (record counts and lengths, part/point counts, zip entries, tables and geometry blobs) or raw bytes
/// mutated. Invariants in <see cref="FileFuzz"/>; imports into a GeoPackage plan store are all or nothing.
/// </summary>
[Trait("Category", "Fuzz")]
public class BinaryFileFuzzTests(FuzzCorpus corpus, ITestOutputHelper output) : IClassFixture<FuzzCorpus>
{
    static readonly Gen<int> HostileInt = Gen.Elements(0, 1, -1, 2, 3, 5, 8, 100, 0x7FFF, 0xFFFF, 0x10000, 0x7FFFFFFF, int.MinValue, -2, 1_000_000);

    // ---- Shapefile ----

    /// <summary>One field of the exported shapefile set to a hostile value: (file, offset, width, big-endian).</summary>
    static readonly (string File, int Offset, int Width, bool BigEndian, string Name)[] ShapefileFields =
    [
        (".shp", 24, 4, true, "shp file length"), (".shp", 32, 4, false, "shp shape type"), (".shp", 100, 4, true, "record 1 number"),
        (".shp", 104, 4, true, "record 1 content length"), (".shp", 108, 4, false, "record 1 shape type"), (".shp", 144, 4, false, "record 1 part count"),
        (".shp", 148, 4, false, "record 1 point count"), (".shp", 152, 4, false, "record 1 first part index"),
        (".shx", 24, 4, true, "shx file length"), (".shx", 100, 4, true, "shx record 1 offset"), (".shx", 104, 4, true, "shx record 1 length"),
        (".shx", 108, 4, true, "shx record 2 offset"), (".dbf", 4, 4, false, "dbf record count"), (".dbf", 8, 2, false, "dbf header length"),
        (".dbf", 10, 2, false, "dbf record length"), (".dbf", 32 + 16, 1, false, "dbf field 1 length"), (".dbf", 32 + 11, 1, false, "dbf field 1 type"),
        (".dbf", 64 + 16, 1, false, "dbf field 2 length"), (".dbf", 64 + 17, 1, false, "dbf field 2 decimals"), (".dbf", 0, 1, false, "dbf version"),
    ];

    sealed record ShapefileCase(string Label, Func<Dictionary<string, byte[]>, Dictionary<string, byte[]>> Mutate, int Reader);

    static Dictionary<string, byte[]> With(Dictionary<string, byte[]> files, string ext, Func<byte[], byte[]> change)
    {
        var copy = files.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (copy.TryGetValue(ext, out var b)) copy[ext] = change(b);
        return copy;
    }

    static byte[] SetField(byte[] b, int offset, int width, bool bigEndian, int value)
    {
        var copy = (byte[])b.Clone();
        if (offset + width > copy.Length) return copy;
        var span = copy.AsSpan(offset, width);
        switch (width)
        {
            case 4 when bigEndian: BinaryPrimitives.WriteInt32BigEndian(span, value); break;
            case 4: BinaryPrimitives.WriteInt32LittleEndian(span, value); break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            default: span[0] = (byte)value; break;
        }
        return copy;
    }

    static readonly Gen<ShapefileCase> ShapefileCases = Gen.OneOf(
        from field in Gen.Elements(ShapefileFields)
        from value in HostileInt
        from reader in Gen.Choose(0, 2)
        select new ShapefileCase($"{field.Name} = {value}", f => With(f, field.File, b => SetField(b, field.Offset, field.Width, field.BigEndian, value)), reader),
        from ext in Gen.Elements(".shp", ".shx", ".dbf", ".prj", ".cpg")
        from mutation in FileFuzz.ByteMutation
        from reader in Gen.Choose(0, 2)
        select new ShapefileCase($"{ext} bytes mutated", f => With(f, ext, mutation), reader),
        from ext in Gen.Elements(".shx", ".dbf", ".prj", ".cpg")
        from reader in Gen.Choose(0, 2)
        select new ShapefileCase($"{ext} missing", f => f.Where(kv => kv.Key != ext).ToDictionary(), reader),
        from prj in Gen.Elements("", "junk", "GEOGCS[", "PROJCS[\"x\",GEOGCS[\"y\"],PROJECTION[\"Mercator\"]]", "\0\0\0",
            "PROJCS[\"CGCS2000_3_Degree_GK_CM_120E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",NaN],PARAMETER[\"Central_Meridian\",1e308],UNIT[\"Meter\",1.0]]")
        from cpg in Gen.Elements("UTF-8", "GBK", "936", "65001", "junk", "", "UTF-16", "\u00ff\u00fe")
        from reader in Gen.Choose(0, 2)
        select new ShapefileCase($"prj '{prj}' cpg '{cpg}'", f => With(With(f, ".prj", _ => Encoding.Latin1.GetBytes(prj)), ".cpg", _ => Encoding.Latin1.GetBytes(cpg)), reader),
        from cut in Gen.Choose(0, 400)
        from ext in Gen.Elements(".shp", ".shx", ".dbf")
        from reader in Gen.Choose(0, 2)
        select new ShapefileCase($"{ext} cut to {cut} bytes", f => With(f, ext, b => b[..Math.Min(cut, b.Length)]), reader));

    (FileFuzz.Input, IEnumerable<string>) ReadShapefile(ShapefileCase c)
    {
        var dir = corpus.CaseDir();
        var files = c.Mutate(corpus.ShapefileSeed);
        foreach (var (ext, bytes) in files) File.WriteAllBytes(Path.Combine(dir, "villages" + ext), bytes);
        var shp = Path.Combine(dir, "villages.shp");
        long size = files.Values.Sum(b => (long)b.Length);
        FileFuzz.Feeding(c.Label, size);
        try
        {
            return c.Reader switch
            {
                0 => Outcome.Of(c.Label, size, corpus.Importer.Settlements(shp)),
                1 => TextFileFuzzTests.Boundary(shp, size, c.Label),
                _ => TextFileFuzzTests.Layer(shp, size, c.Label, GisGeometryKind.Lines),
            };
        }
        finally { FuzzCorpus.Clean(shp); }
    }

    [Fact]
    public void Shapefile_fields_and_bytes() => FileFuzz.Run("shapefile", ShapefileCases, FileFuzz.Cases(800), ReadShapefile, output.WriteLine);

    // ---- GeoPackage ----

    sealed record GeoPackageCase(string Label, string? Sql, Func<byte[], byte[]>? Bytes, bool Settlements);

    static readonly string[] GeoPackageDamage =
    [
        "DROP TABLE gpkg_contents", "DROP TABLE gpkg_geometry_columns", "DROP TABLE gpkg_spatial_ref_sys", "DELETE FROM gpkg_spatial_ref_sys",
        "UPDATE gpkg_contents SET table_name = 'nothing'", "UPDATE gpkg_contents SET data_type = 'attributes'", "DELETE FROM gpkg_contents",
        "UPDATE gpkg_geometry_columns SET column_name = 'nope'", "UPDATE gpkg_geometry_columns SET srs_id = 99999",
        "UPDATE gpkg_spatial_ref_sys SET definition = 'junk'", "UPDATE gpkg_spatial_ref_sys SET definition = NULL",
        "UPDATE gpkg_spatial_ref_sys SET definition = 'PROJCS[\"x\",GEOGCS[\"y\"],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"central_meridian\",1e308]]'",
        "UPDATE {t} SET geom = NULL", "UPDATE {t} SET geom = x'00'", "UPDATE {t} SET geom = x'4750000100000000'", "UPDATE {t} SET geom = 'POINT (1 2)'",
        "UPDATE {t} SET geom = 42", "UPDATE {t} SET geom = x'47500001e6100000010100000000000000000000f87f000000000000f87f'",
        "UPDATE {t} SET geom = x'475000010000000001030000000100000000ffffff7f'", "UPDATE {t} SET geom = x'47500001000000000102000000ffffff7f'",
        "UPDATE {t} SET geom = x'475000ff000000000101000000'", "UPDATE {t} SET geom = substr(geom, 1, length(geom) / 2)",
        "UPDATE {t} SET geom = geom || geom", "UPDATE {t} SET name = NULL", "UPDATE {t} SET name = x'00ff00ff'", "UPDATE {t} SET name = 1e308",
        "UPDATE {t} SET name = hex(randomblob(0)) || zeroblob(2000000)", "ALTER TABLE {t} DROP COLUMN name", "ALTER TABLE {t} RENAME COLUMN geom TO g2",
        "DROP TABLE {t}", "ALTER TABLE {t} RENAME TO other", "INSERT INTO {t} SELECT * FROM {t}", "UPDATE {t} SET fid = fid + 1000000000000",
        "CREATE TABLE trap (x); INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('trap', 'features', 'trap', 4326)",
    ];

    static readonly Gen<GeoPackageCase> GeoPackageCases = Gen.OneOf(
        from n in Gen.Choose(1, 3)
        from damage in Gen.ArrayOf(Gen.Elements(GeoPackageDamage), n)
        from settlements in Gen.Elements(false, true)
        select new GeoPackageCase(string.Join("; ", damage), string.Join(";\n", damage), null, settlements),
        from n in Gen.Choose(1, 3)
        from mutations in Gen.ArrayOf(FileFuzz.ByteMutation, n)
        from settlements in Gen.Elements(false, true)
        select new GeoPackageCase($"gpkg ×{n} byte mutations", null, b => mutations.Aggregate(b, (x, m) => m(x)), settlements));

    (FileFuzz.Input, IEnumerable<string>) ReadGeoPackage(GeoPackageCase c)
    {
        var path = corpus.Write("plan.gpkg", c.Bytes is { } mutate ? mutate(corpus.GeoPackageSeed) : corpus.GeoPackageSeed);
        try
        {
            if (c.Sql is { } sql) damageApplied.Add(Damage(path, sql, c.Settlements));
            long size = new FileInfo(path).Length;
            FileFuzz.Feeding(c.Label, size);
            return c.Settlements ? Outcome.Of(c.Label, size, corpus.Importer.Settlements(path, new() { Layer = "settlements" }))
                : Outcome.Of(c.Label, size, corpus.Importer.Facilities(path, new() { Layer = "facilities" }));
        }
        finally { FuzzCorpus.Clean(path); }
    }

    /// <summary>Per damaged case of the run: how many of its statements applied (and how many were tried).</summary>
    readonly List<(int Applied, int Tried)> damageApplied = [];

    /// <summary>
    /// Applies the damage statement by statement; one that no longer applies (its table is gone) is skipped. Returns how many
    /// applied: a case whose every statement failed read an undamaged file, and the run counts those.
    /// </summary>
    static (int Applied, int Tried) Damage(string path, string sql, bool settlements)
    {
        using var conn = new SqliteConnection($"Data Source={path};Pooling=false");
        conn.Open();
        var statements = sql.Replace("{t}", settlements ? "settlements" : "facilities").Split(";\n");
        int applied = 0;
        foreach (var statement in statements)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = statement;
            try { cmd.ExecuteNonQuery(); applied++; }
            catch (SqliteException) { }
        }
        return (applied, statements.Length);
    }

    [Fact]
    public void GeoPackage_tables_blobs_and_bytes()
    {
        FileFuzz.Run("geopackage", GeoPackageCases, FileFuzz.Cases(300), ReadGeoPackage, output.WriteLine);
        int cases = damageApplied.Count, undamaged = damageApplied.Count(d => d.Applied == 0);
        int applied = damageApplied.Sum(d => d.Applied), tried = damageApplied.Sum(d => d.Tried);
        var report = $"geopackage damage: {cases} damaged cases, {applied} of {tried} statements applied, {undamaged} cases left undamaged";
        output.WriteLine(report);
        Console.WriteLine(report);
        // Each statement applies to the seed file alone (Every_GeoPackage_damage_applies_to_the_seed_and_is_read_by_the_rules):
        // most must apply here too; a damaged case whose every statement failed is only the rare one that dropped its table first.
        Assert.True(cases == 0 || (2 * applied >= tried && 4 * undamaged <= cases), report);
    }

    /// <summary>Every damage statement once, alone, on each table: it applies to the seed (so the fuzz's damage is real) and the damaged file is read by the rules.</summary>
    [Fact]
    public void Every_GeoPackage_damage_applies_to_the_seed_and_is_read_by_the_rules()
    {
        List<string> failed = [], read = [];
        foreach (var statement in GeoPackageDamage)
            foreach (var settlements in new[] { false, true })
            {
                var path = corpus.Write("damage.gpkg", corpus.GeoPackageSeed);
                try
                {
                    var (applied, tried) = Damage(path, statement, settlements);
                    if (applied != tried) failed.Add($"{statement} ({(settlements ? "settlements" : "facilities")})");
                }
                finally { FuzzCorpus.Clean(path); }
                try { FileFuzz.Run("geopackage-one-damage", Gen.Constant(new GeoPackageCase(statement, statement, null, settlements)), 1, ReadGeoPackage); }
                catch (Xunit.Sdk.XunitException e) { read.Add(e.Message); }
            }
        Assert.True(read.Count == 0, $"read against the rules: {string.Join("\n", read)}");
        // Open (issue 15 review): these statements fail on the seed (the GeoPackage's triggers and constraints refuse them), so the
        // fuzz's copies of them leave the file undamaged. Listed so a change either way is seen; to be rewritten to apply.
        string[] neverApply =
        [
            "DROP TABLE gpkg_contents", "DROP TABLE gpkg_spatial_ref_sys", "DELETE FROM gpkg_spatial_ref_sys", "UPDATE gpkg_contents SET table_name = 'nothing'",
            "DELETE FROM gpkg_contents", "UPDATE gpkg_geometry_columns SET srs_id = 99999", "UPDATE gpkg_spatial_ref_sys SET definition = NULL",
            "INSERT INTO {t} SELECT * FROM {t}",
        ];
        Assert.Equal(neverApply.SelectMany(s => new[] { $"{s} (facilities)", $"{s} (settlements)" }), failed);
        output.WriteLine($"geopackage: {GeoPackageDamage.Length - neverApply.Length} of {GeoPackageDamage.Length} damage statements apply to the seed");
    }

    // ---- Excel workbook ----

    sealed record WorkbookCase(string Label, Func<byte[], byte[]> Mutate, bool Settlements);

    static readonly string[] WorkbookEntries =
        ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"];

    static byte[] RewriteEntry(byte[] xlsx, string name, Func<byte[]?, byte[]?> change)
    {
        using var input = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            bool seen = false;
            foreach (var e in input.Entries)
            {
                using var s = e.Open();
                var ms = new MemoryStream();
                s.CopyTo(ms);
                var bytes = ms.ToArray();
                if (e.FullName == name) { seen = true; if (change(bytes) is not { } changed) continue; bytes = changed; }
                using var w = zip.CreateEntry(e.FullName, CompressionLevel.Fastest).Open();
                w.Write(bytes);
            }
            if (!seen && change(null) is { } added)
            {
                using var w = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                w.Write(added);
            }
        }
        return output.ToArray();
    }

    static readonly Gen<Func<byte[]?, byte[]?>> EntryChange = Gen.OneOf(
        Gen.Constant<Func<byte[]?, byte[]?>>(_ => null),
        from mutation in FileFuzz.ByteMutation select (Func<byte[]?, byte[]?>)(b => b is null ? null : mutation(b)),
        from xml in Gen.Elements("", "<", "<?xml version=\"1.0\"?><worksheet/>", "<sst><si><t>", "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><sst>&b;</sst>",
            "<?xml version=\"1.0\" encoding=\"GBK\"?><workbook><sheets><sheet name=\"设施\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"2147483647\"><c r=\"XFD2147483647\" t=\"s\"><v>999999999</v></c></row></sheetData></worksheet>",
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>-1</v></c><c r=\"B1\" t=\"n\"><v>NaN</v></c></row></sheetData></worksheet>",
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:XFD1048576\"/><sheetData/></worksheet>")
        select (Func<byte[]?, byte[]?>)(_ => Encoding.UTF8.GetBytes(xml)),
        from mb in Gen.Elements(2, 20)
        select (Func<byte[]?, byte[]?>)(_ => HugeSharedStrings(mb)));

    /// <summary>A shared-strings part of <paramref name="mb"/> MB of one repeated character: tiny compressed, a zip bomb uncompressed.</summary>
    static byte[] HugeSharedStrings(int mb)
    {
        var sb = new StringBuilder("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>");
        sb.Append('x', mb << 20);
        return Encoding.UTF8.GetBytes(sb.Append("</t></si></sst>").ToString());
    }

    static readonly Gen<WorkbookCase> WorkbookCases = Gen.OneOf(
        from entry in Gen.Elements(WorkbookEntries)
        from change in EntryChange
        from settlements in Gen.Elements(false, true)
        select new WorkbookCase($"{entry} changed", b => RewriteEntry(b, entry, change), settlements),
        from n in Gen.Choose(1, 3)
        from mutations in Gen.ArrayOf(FileFuzz.ByteMutation, n)
        from settlements in Gen.Elements(false, true)
        select new WorkbookCase($"xlsx ×{n} byte mutations", b => mutations.Aggregate(b, (x, m) => m(x)), settlements));

    (FileFuzz.Input, IEnumerable<string>) ReadWorkbook(WorkbookCase c)
    {
        var bytes = c.Mutate(corpus.WorkbookSeed);
        var path = corpus.Write("plan.xlsx", bytes);
        try
        {
            FileFuzz.Feeding(c.Label, bytes.Length);
            return c.Settlements ? Outcome.Of(c.Label, bytes.Length, corpus.Importer.Settlements(path, new() { Sheet = "居民点" }))
                : Outcome.Of(c.Label, bytes.Length, corpus.Importer.Facilities(path, new() { Sheet = "设施" }));
        }
        finally { FuzzCorpus.Clean(path); }
    }

    [Fact]
    public void Workbook_entries_and_bytes() => FileFuzz.Run("xlsx", WorkbookCases, FileFuzz.Cases(150), ReadWorkbook, output.WriteLine,
        // MiniExcel allocates about 50–100 MB reading any workbook (measured: 53 MB for 27 KB, 106 MB for 209 KB); beyond that
        // the usual per-byte cap holds, so a zip bomb still fails.
        fixedAllowance: 128L << 20);

    // ---- OSM (facilities and settlements from an extract) ----

    static readonly Gen<string> OsmElement = Gen.OneOf(
        from id in Gen.Elements("1", "2", "-1", "0", "9223372036854775807", "9223372036854775808", "1e3", "x", "")
        from lat in FileFuzz.HostileNumber
        from lon in FileFuzz.HostileNumber
        from tag in Gen.Elements("", "<tag k=\"amenity\" v=\"clinic\"/><tag k=\"name\" v=\"卫生室\"/>", "<tag k=\"place\" v=\"village\"/><tag k=\"name\" v=\"村\"/><tag k=\"population\" v=\"1e400\"/>",
            "<tag k=\"name\"/>", "<tag v=\"x\"/>", "<tag k=\"amenity\" v=\"clinic\"/><tag k=\"amenity\" v=\"school\"/>")
        select $"<node id=\"{id}\" lat=\"{lat}\" lon=\"{lon}\">{tag}</node>",
        from id in Gen.Elements("10", "11", "9223372036854775807", "-5")
        from refs in Gen.ArrayOf(Gen.Elements("1", "2", "3", "4", "99", "-1", "9223372036854775807", "x"), 0)
        from n in Gen.Choose(0, 6)
        from more in Gen.ArrayOf(Gen.Elements("1", "2", "3", "4", "99", "-1", "9223372036854775807", "x"), n)
        from tag in Gen.Elements("<tag k=\"leisure\" v=\"fitness_station\"/>", "<tag k=\"place\" v=\"village\"/><tag k=\"name\" v=\"村\"/>", "<tag k=\"highway\" v=\"footway\"/>", "")
        select $"<way id=\"{id}\">{string.Concat(refs.Concat(more).Select(r => $"<nd ref=\"{r}\"/>"))}{tag}</way>",
        Outcome.Pick("<relation id=\"1\"><member type=\"way\" ref=\"10\" role=\"outer\"/><tag k=\"type\" v=\"multipolygon\"/><tag k=\"place\" v=\"village\"/><tag k=\"name\" v=\"村\"/></relation>",
            "<relation id=\"2\"><member type=\"relation\" ref=\"2\" role=\"outer\"/><tag k=\"type\" v=\"multipolygon\"/><tag k=\"amenity\" v=\"clinic\"/></relation>",
            "<bounds minlat=\"NaN\" minlon=\"1\" maxlat=\"2\" maxlon=\"3\"/>", "<!-- c -->", "<node/>", "<way/>", "<nd ref=\"1\"/>", "&amp;", "<![CDATA[x]]>"));

    sealed record OsmCase(string Label, byte[] Bytes, string Name, bool Settlements);

    static readonly Gen<OsmCase> OsmCases = Gen.OneOf(
        // Structured: the corpus extract's elements shuffled, duplicated, and mixed with hostile ones; sometimes cut.
        from seedLines in Gen.Shuffle(File.Exists(Path.Combine(FuzzCorpus.CorpusDir, "facilities.osm"))
            ? File.ReadAllLines(Path.Combine(FuzzCorpus.CorpusDir, "facilities.osm")).Skip(2).SkipLast(1).ToArray() : [])
        from n in Gen.Choose(0, 6)
        from hostile in Gen.ArrayOf(OsmElement, n)
        from duplicate in Gen.Elements(false, true)
        from cut in Gen.Frequency((5, Gen.Constant(-1)), (1, Gen.Choose(0, 2000)))
        from settlements in Gen.Elements(false, true)
        select Osm(seedLines.Concat(hostile).Concat(duplicate ? seedLines.Take(3) : []), cut, settlements),
        // Raw bytes: the XML extract or the PBF, mutated.
        from seed in Gen.Elements("facilities.osm", "network.osm.pbf")
        from n in Gen.Choose(1, 4)
        from mutations in Gen.ArrayOf(FileFuzz.ByteMutation, n)
        from settlements in Gen.Elements(false, true)
        select new OsmCase($"{seed} ×{n} byte mutations", mutations.Aggregate(FuzzCorpus.Seed(seed), (b, m) => m(b)), seed, settlements));

    static OsmCase Osm(IEnumerable<string> elements, int cut, bool settlements)
    {
        var bytes = Outcome.Bytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\">\n{string.Join("\n", elements)}\n</osm>\n");
        if (cut >= 0) bytes = bytes[..Math.Min(cut, bytes.Length)];
        return new OsmCase($"structured .osm{(cut >= 0 ? $" cut at {cut}" : "")}: {(bytes.Length < 300 ? Encoding.UTF8.GetString(bytes) : bytes.Length + " bytes")}", bytes, "extract.osm", settlements);
    }

    (FileFuzz.Input, IEnumerable<string>) ReadOsm(OsmCase c)
    {
        var path = corpus.Write(c.Name, c.Bytes);
        FileFuzz.Feeding(c.Label, c.Bytes.Length);
        try
        {
            return c.Settlements ? Outcome.Of(c.Label, c.Bytes.Length, corpus.Importer.Settlements(path))
                : Outcome.Of(c.Label, c.Bytes.Length, corpus.Importer.Facilities(path));
        }
        finally { FuzzCorpus.Clean(path); }
    }

    [Fact]
    public void Osm_extracts_as_plan_rows() => FileFuzz.Run("osm-rows", OsmCases, FileFuzz.Cases(800), ReadOsm, output.WriteLine);

    // ---- All or nothing into a plan store ----

    /// <summary>
    /// Mutated facility files (CSV, GeoJSON, shapefile fields) imported into a GeoPackage plan store the way `coverage import`
    /// does: a result with errors writes nothing; an accepted one is upserted in one transaction, which either stores
    /// every row or (PlanStoreException) none. The store's row counts and edit log are compared before and after.
    /// </summary>
    [Fact]
    public async Task Imports_into_a_store_are_all_or_nothing()
    {
        var storePath = Path.Combine(corpus.Dir, "store.gpkg");
        await using var store = await GeoPackageStore.OpenAsync(storePath);
        await store.UpsertFacilitiesAsync(FuzzCorpus.Clinics, "seed");
        var gen = from seed in Gen.Elements("facilities.csv", "facilities.geojson")
                  from n in Gen.Choose(0, 3)
                  from mutations in Gen.ArrayOf(FileFuzz.ByteMutation, n)
                  select (seed, mutations);
        int written = 0, refusedByStore = 0;
        FileFuzz.Run("store-all-or-nothing", gen, FileFuzz.Cases(150), c =>
        {
            var bytes = c.mutations.Aggregate(FuzzCorpus.Seed(c.seed), (b, m) => m(b));
            var path = corpus.Write(c.seed, bytes);
            FileFuzz.Feeding($"{c.seed} ×{c.mutations.Length}", bytes.Length);
            try
            {
                var before = Counts(store);
                var r = corpus.Importer.Facilities(path);
                if (r.Succeeded && r.Items.Count > 0)
                {
                    try { store.UpsertFacilitiesAsync(r.Items, "fuzz").GetAwaiter().GetResult(); written++; }
                    catch (PlanStoreException)
                    {
                        refusedByStore++;
                        var after = Counts(store);
                        if (after != before) throw new InvalidOperationException($"a refused upsert changed the store: {before} → {after}");
                        throw;
                    }
                }
                else if (Counts(store) != before) throw new InvalidOperationException("a refused file changed the store");
                return Outcome.Of($"{c.seed} ×{c.mutations.Length}", bytes.Length, r);
            }
            finally { FuzzCorpus.Clean(path); }
        }, output.WriteLine);
        output.WriteLine($"store: {written} imports written, {refusedByStore} refused by the store");
    }

    /// <summary>
    /// The rollback the fuzz above rarely reaches (the importer refuses first what the store would): three new facilities, the
    /// third repeating the first's id, so rows 0 and 1 are written inside the transaction before row 2 fails it. Nothing of
    /// them stays: every table's count (edit log included) is as before, and neither id is found.
    /// </summary>
    [Fact]
    public async Task An_upsert_whose_third_row_the_store_refuses_writes_none()
    {
        await using var store = await GeoPackageStore.OpenAsync(Path.Combine(corpus.Dir, "rollback.gpkg"));
        await store.UpsertFacilitiesAsync(FuzzCorpus.Clinics, "seed");
        var before = Counts(store);
        Facility[] rows =
        [
            FuzzCorpus.Clinics[0] with { Id = "r1", SourceId = "r1" },
            FuzzCorpus.Clinics[1] with { Id = "r2", SourceId = "r2" },
            FuzzCorpus.Clinics[1] with { Id = "r1", SourceId = "r3" },
        ];
        var e = await Assert.ThrowsAsync<PlanStoreException>(() => store.UpsertFacilitiesAsync(rows, "fuzz"));
        Assert.Equal(2, Assert.Single(e.Rows).Index);
        Assert.Null(FileFuzz.MessageProblem(e.Message));
        Assert.Equal(before, Counts(store));
        Assert.Null(await store.GetFacilityAsync("r1"));
        Assert.Null(await store.GetFacilityAsync("r2"));
        Assert.Contains("edit_log", before); // the counts compared include the edit log
    }

    /// <summary>Every table's row count as the store reports it (facilities, settlements, edit log, …).</summary>
    static string Counts(IPlanStore store)
    {
        var h = store.PingAsync().GetAwaiter().GetResult();
        if (!h.Ok) throw new InvalidOperationException("store unhealthy: " + h.Error);
        return string.Join(", ", h.Counts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"));
    }
}
