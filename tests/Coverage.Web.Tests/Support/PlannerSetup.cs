using System.Text.Json;

namespace Coverage.Web.Tests.Support;

/// <summary>What planner tests start from: a circle with an uncovered village to cover, and a signed-in page showing that circle.</summary>
public static class PlannerSetup
{
    /// <summary>Signs in as the test planner, shows the circle and picks its (first) category for proposals.</summary>
    public static async Task PlanForCircleAsync(this SitePage tab, CoverageSite site, JsonElement circle)
    {
        await tab.SignInAsync(site.PlannerToken);
        await tab.Page.WaitForSelectorAsync("#planner");
        await tab.ChooseCircleAsync(Json.Text(circle, "id"));
        await tab.Page.SelectOptionAsync("#planner-category", circle.GetProperty("categories")[0].GetString()!.Split('/')[0]);
    }

    /// <summary>A single-category circle and its most populous village that is wholly outside it.</summary>
    public static async Task<(JsonElement Circle, JsonElement Village)> UncoveredVillageOfANearestCircleAsync(this CoverageSite site)
    {
        foreach (var circle in (await site.GetJsonAsync("/api/circles")).EnumerateArray())
        {
            if (Json.Text(circle, "kind") != "nearest") continue;
            var list = (await site.GetJsonAsync($"/api/coverage/{Json.Text(circle, "id")}/uncovered")).EnumerateArray()
                .Where(v => Json.Text(v, "status") == "uncovered" && !v.GetProperty("remainder").GetBoolean() && v.GetProperty("population").GetDouble() > 0 && v.GetProperty("minutes").ValueKind == JsonValueKind.Number)
                .ToList();
            if (list.Count > 0) return (circle, list[0]);
        }
        throw new InvalidOperationException("No single-category circle leaves a reachable, populated village uncovered in the test region.");
    }
}
