using System.Security.Claims;
using System.Text.Encodings.Web;
using Coverage.Server.Api;
using Coverage.Server.Region;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Coverage.Server.Security;

/// <summary>
/// Bearer tokens issued by `coverage token issue`: the token's SHA-256 is looked up in the plan store on each request,
/// so a revoked token stops working at once. No header → anonymous (read-only).
/// </summary>
public sealed class PlannerAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, RegionHost region) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PlannerToken";
    public const string PlannerPolicy = "planner";
    public static readonly string[] WriterRoles = ["planner", "admin"];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.Fail("not a bearer token");
        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length is 0 or > 200) return AuthenticateResult.Fail("malformed token");
        // A store that is down throws here: the exception handler answers 503, not a misleading 401.
        var token = await (await region.StoreAsync(Context.RequestAborted)).FindPlannerTokenAsync(secret, Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("unknown token");
        if (!token.IsActive) return AuthenticateResult.Fail("revoked token");
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, token.Name), new Claim(ClaimTypes.Role, token.Role),
            new Claim("token_id", token.Id)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await Context.AuthenticateAsync(SchemeName);
        Response.Headers.WWWAuthenticate = "Bearer";
        var (zh, en) = result.Failure?.Message switch
        {
            "revoked token" => ("此令牌已被吊销，请向管理员申请新令牌。", "This token has been revoked; ask an administrator for a new one."),
            "unknown token" or "malformed token" => ("令牌无效。", "The token is not valid."),
            "not a bearer token" => ("Authorization 请求头应为“Bearer <令牌>”。", "The Authorization header must be 'Bearer <token>'."),
            _ => ("此操作需要规划人员令牌：请在请求头中加入 Authorization: Bearer <令牌>（用 coverage token issue 签发）。",
                "This action needs a planner token: send 'Authorization: Bearer <token>' (issued with `coverage token issue`)."),
        };
        await Write(Problems.Result(401, "需要登录", "Sign-in required", zh, en));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Write(Problems.Result(403, "无权操作", "Forbidden", $"令牌角色只能为 {string.Join("/", WriterRoles)} 才能修改数据。",
            $"Only tokens with role {string.Join(" or ", WriterRoles)} may change data."));

    Task Write(ProblemHttpResult problem) => problem.ExecuteAsync(Context);

    /// <summary>The actor recorded in the edit log: the token's name.</summary>
    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? throw new InvalidOperationException("write without a signed-in planner");
}
