using Coverage.Core.Domain;
using Coverage.Core.Rules;

namespace Coverage.Core.Tests.Rules;

public class FacilityRulesTests
{
    [Theory]
    [InlineData("现状", FacilityStatus.Existing)]
    [InlineData("在建", FacilityStatus.UnderConstruction)]
    [InlineData("Under Construction", FacilityStatus.UnderConstruction)]
    [InlineData("规划", FacilityStatus.Planned)]
    [InlineData("拟建", FacilityStatus.Proposed)]
    [InlineData(" planned ", FacilityStatus.Planned)]
    [InlineData(null, FacilityStatus.Existing)]
    public void Status_words_of_tables_and_requests_name_one_status(string? text, FacilityStatus expected)
    {
        Assert.Equal(expected, FacilityRules.Status(text, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void An_unknown_status_lists_the_known_ones_in_both_languages()
    {
        FacilityRules.Status("拆除", out var problem);
        Assert.Equal("unknown status '拆除'; known: existing, under_construction, planned, proposed (or 现状, 在建, 规划, 拟建)", problem!.En);
        Assert.Equal("未知状态“拆除”；可选：现状、在建、规划、拟建（或 existing, under_construction, planned, proposed）", problem.Zh);
    }
}
