namespace Coverage.Core.Domain;

/// <summary>
/// What a circle's demand figures count, named once for every view (map, reports, CSV headers, API): people, or older
/// people aged 60 and over (<see cref="Settlement.Elderly"/>). Views print a figure with <see cref="UnitZh"/> /
/// <see cref="UnitEn"/>, so an elderly share is never read as a share of all people.
/// </summary>
public static class DemandUnits
{
    /// <summary>Field id used in API answers and file columns: "population" or "elderly".</summary>
    public static string Id(this DemandField field) => field == DemandField.Elderly ? "elderly" : "population";

    /// <summary>The unit after a count: "人" / "老年人(60+)".</summary>
    public static string UnitZh(this DemandField field) => field == DemandField.Elderly ? "老年人(60+)" : "人";

    public static string UnitEn(this DemandField field) => field == DemandField.Elderly ? "older people (60+)" : "people";

    /// <summary>The field as a noun: "人口" / "老年人口(60岁及以上)".</summary>
    public static string NameZh(this DemandField field) => field == DemandField.Elderly ? "老年人口(60岁及以上)" : "人口";

    public static string NameEn(this DemandField field) => field == DemandField.Elderly ? "older people (60+)" : "population";
}
