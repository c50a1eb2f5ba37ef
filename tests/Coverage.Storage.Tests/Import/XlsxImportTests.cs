using Coverage.Core.Domain;
using Coverage.Storage.Export;
using Coverage.Storage.Import;
using NetTopologySuite.Geometries;
using static Coverage.Storage.Tests.Import.HandWorkbook;

namespace Coverage.Storage.Tests.Import;

/// <summary>Excel workbooks as county bureaus keep them, built cell by cell (<see cref="HandWorkbook"/>), and our own export read back.</summary>
public class XlsxImportTests(ImportFixture fx) : IClassFixture<ImportFixture>
{
    /// <summary>
    /// A bureau's table: a notes sheet first, then 村庄人口 with a title merged across A1:H1, the header on row 2 with units
    /// and variant names, the town merged down B3:B5, (Excel keeps the covered cells, empty), a population typed as text, an elderly count as a formula, a blank
    /// row inside and styled empty rows below.
    /// </summary>
    string BureauWorkbook(string name) => new HandWorkbook()
        .Sheet("填表说明").Row(1, "本表由镇统计站填报").Row(2, "人口为 2024 年末常住人口")
        .Sheet("村庄人口")
        .Row(1, "平望镇村庄人口统计表").Merge("A1:H1")
        .Row(2, "序号", "所属镇（街道）", "名称", "经度", "纬度", "常住人口（人）", "60周岁以上人口", "所属行政村")
        .Row(3, 1.0, "平望镇", "南麻村", 120.637, 30.971, 3120.0, 890.0, null)
        .Row(4, 2.0, new Blank(), "东港", 120.641, 30.975, "300", new Formula("F4*0.3", 90), "南麻村")
        .Row(5, 3.0, new Blank(), "梅堰社区", 120.652, 30.962, 5000.0, 1200.0, null).Merge("B3:B5")
        .Row(7, 4.0, "黎里镇", "北厍村", 120.71, 31.01, 2100.0, 640.0, null)
        .Row(12, new Blank(), new Blank())
        .Save(Path.Combine(fx.Dir, name));

    [Fact]
    public void Bureau_workbook_with_merged_title_chinese_headers_and_chinese_sheet_name_imports_every_village()
    {
        var r = fx.Importer.Settlements(BureauWorkbook("villages.xlsx"), new ImportOptions { Sheet = "村庄人口" });
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        var got = r.Items.Select(s => (s.Name, s.Town, s.Population, s.Elderly, s.ParentId, X: ((Point)s.Geometry).X, Y: ((Point)s.Geometry).Y)).ToList();
        var nanma = r.Items.Single(s => s.Name == "南麻村").Id; // 所属行政村 names the village; the roll-up needs its id
        Assert.StartsWith("set-", nanma);
        Assert.Equal(
        [
            ("南麻村", "平望镇", 3120, 890, null, 120.637, 30.971),
            ("东港", "平望镇", 300, 90, nanma, 120.641, 30.975),
            ("梅堰社区", "平望镇", 5000, 1200, null, 120.652, 30.962),
            ("北厍村", "黎里镇", 2100, 640, null, 120.71, 31.01),
        ], got);
        Assert.Equal([3, 4, 5, 7], r.ItemRows.Select(w => int.Parse(w.En.Split(' ')[^1])));
        Assert.Equal("工作表“村庄人口”第 7 行", r.ItemRows[3].Zh);
        Assert.Contains(r.Warnings, w => w.Zh.Contains("表头在第 2 行"));
    }

    /// <summary>
    /// 序号 is a row number, not an id: the same villages re-sorted and renumbered keep their ids (the content decides), where
    /// taking 序号 as the id would have given 南麻村's id to 北厍村.
    /// </summary>
    [Fact]
    public void A_resorted_and_renumbered_table_keeps_every_villages_id()
    {
        var first = fx.Importer.Settlements(BureauWorkbook("numbered.xlsx"), new ImportOptions { Sheet = "村庄人口" });
        var resorted = new HandWorkbook().Sheet("村庄人口")
            .Row(1, "序号", "所属镇（街道）", "名称", "经度", "纬度", "常住人口（人）", "60周岁以上人口", "所属行政村")
            .Row(2, 1.0, "黎里镇", "北厍村", 120.71, 31.01, 2100.0, 640.0, null)
            .Row(3, 2.0, "平望镇", "梅堰社区", 120.652, 30.962, 5000.0, 1200.0, null)
            .Row(4, 3.0, "平望镇", "东港", 120.641, 30.975, "300", 90.0, "南麻村")
            .Row(5, 4.0, "平望镇", "南麻村", 120.637, 30.971, 3120.0, 890.0, null)
            .Save(Path.Combine(fx.Dir, "renumbered.xlsx"));
        var second = fx.Importer.Settlements(resorted);
        Assert.True(first.Succeeded && second.Succeeded, string.Join("\n", first.Errors.Concat(second.Errors)));
        var before = first.Items.ToDictionary(s => s.Name, s => s.Id);
        Assert.Equal(4, before.Values.Distinct().Count());
        Assert.All(second.Items, s => Assert.Equal(before[s.Name], s.Id));
    }

    /// <summary>
    /// 所属行政村 by name: the same name in two towns resolves by the row's own town; twice in one town is an error naming both
    /// rows, and nothing imports.
    /// </summary>
    [Fact]
    public void Parent_villages_given_by_name_resolve_within_the_town_and_an_ambiguous_name_is_a_row_error()
    {
        HandWorkbook Table() => new HandWorkbook().Sheet("村庄")
            .Row(1, "所属镇（街道）", "名称", "类型", "经度", "纬度", "常住人口", "所属行政村")
            .Row(2, "平望镇", "新村", "行政村", 120.63, 30.97, 1000.0, null)
            .Row(3, "黎里镇", "新村", "行政村", 120.71, 31.01, 900.0, null)
            .Row(4, "黎里镇", "张家浜", "自然村", 120.712, 31.012, 200.0, "新村");
        var ok = fx.Importer.Settlements(Table().Save(Path.Combine(fx.Dir, "parents.xlsx")));
        Assert.True(ok.Succeeded, string.Join("\n", ok.Errors));
        var lili = ok.Items.Single(s => s.Name == "新村" && s.Town == "黎里镇").Id;
        Assert.Equal(lili, ok.Items.Single(s => s.Name == "张家浜").ParentId);
        Assert.Contains(ok.Warnings, w => w.Zh.Contains("1 个居民点的所属行政村按名称对应"));

        var twice = fx.Importer.Settlements(Table().Row(5, "黎里镇", "新村", "社区", 120.72, 31.02, 500.0, null)
            .Save(Path.Combine(fx.Dir, "parents-twice.xlsx")));
        var e = Assert.Single(twice.Errors);
        Assert.Empty(twice.Items);
        Assert.Equal("工作表“村庄”第 4 行", e.Where.Zh);
        Assert.Contains("所属行政村“新村”有 2 个同名村（工作表“村庄”第 3 行、工作表“村庄”第 5 行）", e.Zh);
    }

    /// <summary>
    /// A two-row heading under the title: 名称 merged down A2:A3, 位置 over 经度/纬度 and 人口 over 常住人口/60岁以上人口
    /// merged across. The real header is row 3 (名称 read from its merge); data start on row 4.
    /// </summary>
    [Fact]
    public void A_two_row_merged_heading_is_read_from_its_lower_row()
    {
        var path = new HandWorkbook().Sheet("人口")
            .Row(1, "黎里镇村庄人口统计表", new Blank(), new Blank(), new Blank(), new Blank()).Merge("A1:E1")
            .Row(2, "名称", "位置", new Blank(), "人口", new Blank()).Merge("A2:A3").Merge("B2:C2").Merge("D2:E2")
            .Row(3, new Blank(), "经度", "纬度", "常住人口", "60岁以上人口")
            .Row(4, "北厍村", 120.71, 31.01, 2100.0, 640.0)
            .Row(5, "西岑村", 120.72, 31.02, 1800.0, 500.0)
            .Save(Path.Combine(fx.Dir, "two-row-heading.xlsx"));
        var r = fx.Importer.Settlements(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal([("北厍村", 2100, 640), ("西岑村", 1800, 500)], r.Items.Select(s => (s.Name, s.Population, s.Elderly)));
        Assert.Equal(["sheet '人口' row 4", "sheet '人口' row 5"], r.ItemRows.Select(w => w.En));
    }

    [Fact]
    public void The_first_sheet_is_read_by_default_and_a_notes_sheet_is_refused_for_having_no_header()
    {
        var path = BureauWorkbook("default-sheet.xlsx");
        var r = fx.Importer.Settlements(path);
        var e = Assert.Single(r.Errors);
        Assert.Equal(RowLocation.File, e.Where);
        Assert.Contains("工作表“填表说明”前 20 行中没有可识别的表头", e.Zh);
        var missing = Assert.Single(fx.Importer.Settlements(path, new ImportOptions { Sheet = "人口" }).Errors);
        Assert.Contains("没有名为“人口”的工作表；现有：填表说明、村庄人口", missing.Zh);
    }

    /// <summary>Nine facility rows, three bad (rows 4, 8 and 11, with a blank row 6 between): nothing imports, exactly those three are listed.</summary>
    [Fact]
    public void Workbook_with_three_bad_rows_imports_nothing_and_lists_exactly_those_rows_with_column_letters()
    {
        var path = new HandWorkbook().Sheet("设施")
            .Row(1, "名称", "类别", "状态", "床位", "经度", "纬度", "建成年份")
            .Row(2, "平望镇卫生院", "医疗卫生", "现状", 120.0, 120.637, 30.971, new Date(new DateTime(2012, 9, 1)))
            .Row(3, "南麻村卫生室", "clinic", "在建", null, 120.64, 30.97, 2024.0)
            .Row(4, "梅堰日间照料中心", "养老服务", "拆除", 30.0, 120.65, 30.96, null)
            .Row(5, "黎里卫生院", "医疗卫生", "规划", "45", "120.71", "31.01", null)
            .Row(7, "北厍文化站", "文化设施", "现状", null, 120.72, 31.02, null)
            .Row(8, "盛泽日间照料中心", "养老服务", "现状", 20.0, "一百二十", 30.9, null)
            .Row(9, "坛丘卫生室", "医疗卫生", "现状", null, 120.6, 30.88, null)
            .Row(10, "八坼卫生室", "医疗卫生", "现状", null, 120.61, 30.89, new Formula("2010+5", 2015))
            .Row(11, "同里文化站", "文化设施", "现状", null, 120.62, 30.91, 20015.0)
            .Save(Path.Combine(fx.Dir, "three-bad.xlsx"));
        var r = fx.Importer.Facilities(path);
        Assert.False(r.Succeeded);
        Assert.Empty(r.Items);
        Assert.Equal(9, r.RowCount);
        Assert.Equal(3, r.BadRows);
        Assert.Equal(["sheet '设施' row 4", "sheet '设施' row 8", "sheet '设施' row 11"], r.Errors.Select(e => e.Where.En).Distinct());
        Assert.Equal(["status（C 列“状态”）", "lon（E 列“经度”）", "built_year（G 列“建成年份”）"], r.Errors.Select(e => e.Field));
        Assert.Contains("拆除", r.Errors[0].Zh);
    }

    [Fact]
    public void Dates_formulas_and_numbers_typed_as_text_read_as_their_values()
    {
        var path = new HandWorkbook().Sheet("Sheet1")
            .Row(1, "名称", "类别", "容量/床位", "经度", "纬度", "建成年份")
            .Row(2, "卫生院", "医疗卫生", new Formula("60*2", 120), "120.637", " 30.971 ", new Date(new DateTime(1998, 5, 4)))
            .Save(Path.Combine(fx.Dir, "values.xlsx"));
        var r = fx.Importer.Facilities(path);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        var f = Assert.Single(r.Items);
        Assert.Equal((120, "clinic", 120.637, 30.971), (f.Capacity, f.Category, ((Point)f.Geometry).X, ((Point)f.Geometry).Y));
        Assert.Equal(1998, f.BuiltYear); // an Excel date cell is its year, and the store keeps it (migration 0003)
    }

    [Fact]
    public void A_workbook_without_name_or_coordinates_is_refused_naming_what_it_lacks()
    {
        var path = new HandWorkbook().Sheet("统计").Row(1, "名称", "常住人口").Row(2, "南麻村", 3120.0).Save(Path.Combine(fx.Dir, "no-coords.xlsx"));
        var e = Assert.Single(fx.Importer.Settlements(path).Errors);
        Assert.Contains("缺少必需的列：lon", e.Zh);
        Assert.Contains("经度", e.Zh);
    }

    [Fact]
    public void Old_xls_and_a_damaged_workbook_are_refused_with_what_to_do()
    {
        var xls = fx.Write("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        Assert.Contains("另存为 .xlsx", Assert.Single(fx.Importer.Facilities(xls).Errors).Zh);
        var broken = fx.Write("broken.xlsx", "PK\u0003\u0004 not really a zip"u8.ToArray());
        Assert.Contains("无法读取 Excel 工作簿", Assert.Single(fx.Importer.Facilities(broken).Errors).Zh);
    }

    [Fact]
    public void A_workbook_unpacking_past_ten_times_the_size_limit_is_refused_before_reading()
    {
        var book = new HandWorkbook().Sheet("大表").Row(1, "名称", "经度", "纬度", "备注");
        for (int r = 2; r < 3000; r++) book.Row(r, $"南麻村{r}", 120.6, 30.9, new string('备', 300));
        var path = book.Save(Path.Combine(fx.Dir, "bomb.xlsx"));
        long size = new FileInfo(path).Length;
        var e = Assert.Single(fx.Importer.Settlements(path, new ImportOptions { MaxBytes = size + 1 }).Errors);
        Assert.Contains("工作簿解压后有", e.Zh);
        var whole = fx.Importer.Settlements(path);
        Assert.True(whole.Succeeded, string.Join("\n", whole.Errors.Take(3)));
    }

    [Fact]
    public void Rows_outside_the_region_and_overlong_names_are_row_errors_as_in_csv()
    {
        var path = new HandWorkbook().Sheet("村庄")
            .Row(1, "名称", "经度", "纬度")
            .Row(2, "南麻村", 120.63, 30.97)
            .Row(3, "北京", 116.4, 39.9)
            .Row(4, new string('村', 201), 120.64, 30.97)
            .Save(Path.Combine(fx.Dir, "region.xlsx"));
        var r = fx.Importer.Settlements(path, new ImportOptions { Region = new Envelope(120.5, 120.8, 30.8, 31.1) });
        Assert.Empty(r.Items);
        Assert.Equal(["sheet '村庄' row 3", "sheet '村庄' row 4"], r.Errors.Select(e => e.Where.En).Distinct());
    }

    /// <summary>Sheet names live in workbook.xml: one declared and written as GBK reads; GBK bytes under a UTF-8 declaration are refused saying so.</summary>
    [Fact]
    public void A_gbk_workbook_directory_reads_its_chinese_sheet_names_and_a_broken_one_is_refused_clearly()
    {
        var gbk = InputText.Gb18030;
        HandWorkbook Book(string declared) => new HandWorkbook { WorkbookEncoding = (gbk, declared) }
            .Sheet("村庄人口").Row(1, "名称", "经度", "纬度").Row(2, "南麻村", 120.63, 30.97);
        var declaredGbk = Book("GBK").Save(Path.Combine(fx.Dir, "gbk-names.xlsx"));
        var r = fx.Importer.Settlements(declaredGbk, new ImportOptions { Sheet = "村庄人口" });
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal("工作表“村庄人口”第 2 行", Assert.Single(r.ItemRows).Zh);

        var mislabelled = Book("UTF-8").Save(Path.Combine(fx.Dir, "broken-names.xlsx"));
        var e = Assert.Single(fx.Importer.Settlements(mislabelled).Errors);
        Assert.StartsWith("工作表名称无法读取", e.Zh);
    }

    static string Demo(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Coverage.sln"))) return Path.Combine(dir.FullName, "geodata", "demo", name);
        throw new DirectoryNotFoundException("Coverage.sln not found");
    }

    [Fact]
    public void Demo_facilities_round_trip_through_xlsx_with_every_field_equal()
    {
        var demo = fx.Importer.Facilities(Demo("facilities.synthetic.geojson"));
        Assert.True(demo.Succeeded && demo.Items.Count > 500, string.Join("\n", demo.Errors));
        var path = Path.Combine(fx.Dir, "demo-facilities.xlsx");
        PlanExporter.Facilities(demo.Items, path);
        var statuses = MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => r["状态"]).Distinct();
        Assert.Equal(["在建", "拟建", "现状", "规划"], statuses.Select(s => s?.ToString()).Order(StringComparer.Ordinal));
        var back = fx.Importer.Facilities(path);
        Assert.True(back.Succeeded, string.Join("\n", back.Errors.Take(5)));
        Assert.Equal(demo.Items, back.Items);
    }

    [Fact]
    public void Demo_settlements_round_trip_through_xlsx_with_every_field_equal_and_from_the_all_workbook_by_sheet()
    {
        var demo = fx.Importer.Settlements(Demo("settlements.synthetic.geojson"));
        Assert.True(demo.Succeeded && demo.Items.Count > 100, string.Join("\n", demo.Errors));
        var path = Path.Combine(fx.Dir, "demo-plan.xlsx");
        XlsxExport.Write(path, [], demo.Items);
        var back = fx.Importer.Settlements(path, new ImportOptions { Sheet = XlsxExport.SettlementSheet });
        Assert.True(back.Succeeded, string.Join("\n", back.Errors.Take(5)));
        Assert.Equal(demo.Items, back.Items);
    }

    [Fact]
    public void Export_headings_are_chinese_names_the_importer_maps_back_to_each_field()
    {
        foreach (var column in ExportColumns.Facility.Select(c => c.Name).Concat(ExportColumns.Settlement.Select(c => c.Name)).Append(FieldNames.Wkt))
        {
            var heading = FieldNames.ChineseHeading(column);
            Assert.True(heading.Any(c => c >= '\u4e00'), heading);
            Assert.Equal(column, FieldNames.Canonical(heading));
        }
        Assert.Equal(FieldNames.Town, FieldNames.Canonical("所属镇（街道）"));
        Assert.Equal(FieldNames.Elderly, FieldNames.Canonical("60周岁以上人口（人）"));
        Assert.Equal(FieldNames.Capacity, FieldNames.Canonical("床位（张）"));
    }
}
