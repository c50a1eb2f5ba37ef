namespace Coverage.Core.Domain;

/// <summary>Facility statuses as a planner reads them (现状 / 在建 / 规划 / 拟建), for every view that says which statuses count.</summary>
public static class StatusNames
{
    public static string NameZh(this FacilityStatus status) => status switch
    {
        FacilityStatus.Existing => "现状",
        FacilityStatus.UnderConstruction => "在建",
        FacilityStatus.Planned => "规划",
        _ => "拟建",
    };

    public static string NameEn(this FacilityStatus status) => status switch
    {
        FacilityStatus.Existing => "existing",
        FacilityStatus.UnderConstruction => "under construction",
        FacilityStatus.Planned => "planned",
        _ => "proposed",
    };

    /// <summary>"现状、在建" / "existing, under construction": the counted statuses in one line.</summary>
    public static (string Zh, string En) Describe(IEnumerable<FacilityStatus> statuses)
    {
        var list = statuses.Order().ToList();
        return (string.Join("、", list.Select(NameZh)), string.Join(", ", list.Select(NameEn)));
    }
}
