using Coverage.Analysis.Reports;
using Coverage.Analysis.Siting;
using MiniExcelLibs;

namespace Coverage.Analysis.Tests.Siting;

/// <summary>The sites table as a spreadsheet when there is nothing to build (the base already meets the target).</summary>
public class SitingTableFileTests
{
    [Fact]
    public void A_spreadsheet_of_no_sites_still_has_its_chinese_headings()
    {
        var empty = new ReportTable("siting", "选址建议：测试", "Suggested sites: test", SitingTable.Columns, []);
        using var file = new MemoryStream();
        TableWriters.WriteXlsx(empty, file);
        file.Position = 0;
        var headings = MiniExcel.Query(file, useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        var first = Assert.Single(headings);
        Assert.Equal(["序号", "名称", "名称（英文）", "所属镇"], first.Values.Take(4).Select(v => v?.ToString()));
        Assert.Equal(16, first.Values.Count);
    }
}
