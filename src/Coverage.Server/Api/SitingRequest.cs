using System.Globalization;
using System.Text.Json;
using Coverage.Analysis.Siting;
using NetTopologySuite.Geometries;

namespace Coverage.Server.Api;

/// <summary>
/// A siting request: { circle, new: k | target: %, candidates?: FeatureCollection of Point/Polygon, spacing?, timeLimitSeconds?,
/// capacitated?: places } (capacitated: each new site's capacity; answers new: k by <see cref="CapacitatedSiting"/>) and a trail request: { circle, budgetKm, timeLimitSeconds? }. Every problem is collected into one 400.
/// </summary>
public sealed record SitingRequest(string Circle, int? New, double? Target, IReadOnlyList<GivenSite>? Candidates, double Spacing, double TimeLimitSeconds,
    int? Capacitated = null)
{
    public const int MaxNew = 200;
    public const int MaxCandidates = 5000;
    public const double MinSpacing = 50, MaxSpacing = 5000;
    /// <summary>A request holds a connection and both cores: the solver never runs longer than this.</summary>
    public const double MaxTimeLimitSeconds = 30, DefaultTimeLimitSeconds = 10;
    public const double MaxBudgetKm = 500;
    /// <summary>Places of one new site: a 1,000-bed home is already a large county institution.</summary>
    public const int MaxSiteCapacity = 100_000;
    static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static SitingRequest Read(JsonElement body, GeometryInput geometry)
    {
        var fields = new JsonFields();
        if (body.ValueKind != JsonValueKind.Object)
            throw RequestProblem.Invalid("body", "circle", "请求体应为 JSON 对象", "the body must be a JSON object");
        var circle = fields.Text(body, "body", "circle", required: true, maxLength: IdRules.MaxLength);
        var k = fields.Integer(body, "body", "new", 1, MaxNew);
        var target = fields.Number(body, "body", "target", 0.1, 100);
        bool hasNew = JsonFields.TryGet(body, "new", out _), hasTarget = JsonFields.TryGet(body, "target", out _);
        if (hasNew == hasTarget)
            fields.Add("body", "new", "请给出 new（新建数量）或 target（目标覆盖率 %）之一，且只给一个",
                "give exactly one of new (number of new sites) or target (target share of demand, %)");
        var spacing = fields.Number(body, "body", "spacing", MinSpacing, MaxSpacing) ?? CandidateGenerator.DefaultSpacingMetres;
        var limit = TimeLimit(body, fields);
        var candidates = JsonFields.TryGet(body, "candidates", out var fc) ? ReadCandidates(fc, geometry, fields) : null;
        var capacitated = SiteCapacity(body, fields, hasTarget);
        fields.ThrowIfAny();
        return new SitingRequest(circle!, k, target, candidates, spacing, limit, capacitated);
    }

    public static (string Circle, double BudgetKm, double TimeLimitSeconds) ReadTrails(JsonElement body)
    {
        var fields = new JsonFields();
        var circle = fields.Text(body, "body", "circle", required: true, maxLength: IdRules.MaxLength);
        var budget = fields.Number(body, "body", "budgetKm", 0.05, MaxBudgetKm);
        if (!JsonFields.TryGet(body, "budgetKm", out _))
            fields.Add("body", "budgetKm", "缺少 budgetKm（步道长度预算，公里）", "budgetKm (trail length budget, km) is missing");
        var limit = TimeLimit(body, fields);
        fields.ThrowIfAny();
        return (circle!, budget!.Value, limit);
    }

    /// <summary>capacitated: the new sites' capacity in places, a positive whole number; it answers new: k (best k sites) only.</summary>
    static int? SiteCapacity(JsonElement body, JsonFields fields, bool hasTarget)
    {
        if (!JsonFields.TryGet(body, "capacitated", out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int places) || places < 1 || places > MaxSiteCapacity)
        {
            fields.Add("body", "capacitated", $"capacitated 应为每处新设施的容量（床位/座位数），1 到 {MaxSiteCapacity} 之间的正整数，如 40",
                $"capacitated must be each new site's capacity (places), a positive whole number from 1 to {MaxSiteCapacity}, e.g. 40");
            return null;
        }
        if (hasTarget)
            fields.Add("body", "capacitated", "按容量选址只回答 new（新建数量），不能与 target 同用", "capacitated siting answers new (number of sites) only, not target");
        return places;
    }

    static double TimeLimit(JsonElement body, JsonFields fields) =>
        fields.Number(body, "body", "timeLimitSeconds", 0.1, MaxTimeLimitSeconds) ?? DefaultTimeLimitSeconds;

    /// <summary>A GeoJSON FeatureCollection of Point (a site) or Polygon (a parcel) features; id and name properties optional.</summary>
    static List<GivenSite> ReadCandidates(JsonElement fc, GeometryInput geometry, JsonFields fields)
    {
        var sites = new List<GivenSite>();
        if (fc.ValueKind != JsonValueKind.Object || !JsonFields.TryGet(fc, "features", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            fields.Add("body", "candidates", "candidates 应为 GeoJSON FeatureCollection（含 features 数组）",
                "candidates must be a GeoJSON FeatureCollection (with a features array)");
            return sites;
        }
        if (list.GetArrayLength() > MaxCandidates)
        {
            fields.Add("body", "candidates", $"候选点最多 {MaxCandidates} 个（收到 {list.GetArrayLength()} 个）",
                $"at most {MaxCandidates} candidates (got {list.GetArrayLength()})");
            return sites;
        }
        int i = 0;
        foreach (var f in list.EnumerateArray())
        {
            string where = string.Create(Ci, $"candidates.features[{i++}]");
            var props = fields.Object(f, where, "properties", required: false);
            string? id = props is { } p ? fields.Text(p, $"{where}.properties", "id", required: false, maxLength: IdRules.MaxLength) : null;
            string? name = props is { } q ? fields.Text(q, $"{where}.properties", "name", required: false) : null;
            var g = geometry.Read(fields.Object(f, where, "geometry", required: true), $"{where}.geometry", fields, allowPolygon: true);
            if (g is null) continue;
            if (g is not (Point or Polygon))
            {
                fields.Add($"{where}.geometry", "type", $"候选点应为点（Point）或地块（Polygon），而不是 {g.GeometryType}",
                    $"a candidate is a Point or a parcel Polygon, not a {g.GeometryType}");
                continue;
            }
            id ??= string.Create(Ci, $"site-{i}");
            sites.Add(new GivenSite(id, name ?? id, g));
        }
        return sites;
    }
}
