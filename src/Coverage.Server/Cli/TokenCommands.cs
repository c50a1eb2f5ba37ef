using System.CommandLine;
using Coverage.Server.Region;
using Coverage.Server.Security;
using Coverage.Server.Web;
using Coverage.Storage;
using Spectre.Console;

namespace Coverage.Server.Cli;

/// <summary>`coverage token issue|list|revoke`: planners' bearer tokens, stored hashed in the plan store the server uses.</summary>
public static class TokenCommands
{
    public static Command Create()
    {
        var token = new Command("token", "规划人员令牌 / Planner bearer tokens for the web API");
        token.Subcommands.Add(Issue());
        token.Subcommands.Add(List());
        token.Subcommands.Add(Revoke());
        return token;
    }

    static Option<string?> StoreOption() => CliStore.StoreOption();
    static Option<string?> RegionOption() => CliStore.RegionOption();
    static string Actor => CliStore.DefaultActor;

    static Command Issue()
    {
        var name = new Option<string>("--name") { Description = "令牌名称（记入修改日志）/ Token name, recorded as the actor in the edit log", Required = true };
        var role = new Option<string>("--role") { Description = "角色 / Role: planner or admin", DefaultValueFactory = _ => "planner" };
        var store = StoreOption();
        var region = RegionOption();
        var cmd = new Command("issue", "签发令牌（只显示一次）/ Issue a token (shown once; only its hash is stored)") { name, role, store, region };
        cmd.SetAction(async (parse, ct) =>
        {
            var roleValue = parse.GetValue(role)!.Trim().ToLowerInvariant();
            if (!PlannerAuthentication.WriterRoles.Contains(roleValue))
                throw new ArgumentException($"角色应为 {string.Join("/", PlannerAuthentication.WriterRoles)} / Role must be one of: {string.Join(", ", PlannerAuthentication.WriterRoles)}");
            await using var planStore = await Open(parse.GetValue(store), parse.GetValue(region), ct);
            var issued = await planStore.IssuePlannerTokenAsync(parse.GetValue(name)!.Trim(), roleValue, Actor, ct: ct);
            Console.Error.WriteLine($"已签发令牌 Issued token {issued.Token.Id} for '{issued.Token.Name}' ({issued.Token.Role}). " +
                "请妥善保存，它不会再次显示 / Keep it safe: it is not shown again. Use: Authorization: Bearer <token>");
            Console.WriteLine(issued.Secret);
            return 0;
        });
        return cmd;
    }

    static Command List()
    {
        var store = StoreOption();
        var region = RegionOption();
        var cmd = new Command("list", "列出令牌 / List tokens (never their secrets)") { store, region };
        cmd.SetAction(async (parse, ct) =>
        {
            await using var planStore = await Open(parse.GetValue(store), parse.GetValue(region), ct);
            var table = new Table().Border(TableBorder.Rounded).AddColumns("编号 Id", "名称 Name", "角色 Role", "签发 Issued", "签发人 By", "状态 State");
            foreach (var t in await planStore.ListPlannerTokensAsync(ct))
                table.AddRow(Markup.Escape(t.Id), Markup.Escape(t.Name), Markup.Escape(t.Role), t.CreatedAt.ToString("yyyy-MM-dd HH:mm"),
                    Markup.Escape(t.CreatedBy), t.IsActive ? "有效 active" : $"已吊销 revoked {t.RevokedAt:yyyy-MM-dd HH:mm}");
            AnsiConsole.Write(table);
            return 0;
        });
        return cmd;
    }

    static Command Revoke()
    {
        var which = new Argument<string>("token") { Description = "令牌编号或名称 / Token id (tok-…) or name" };
        var store = StoreOption();
        var region = RegionOption();
        var cmd = new Command("revoke", "吊销令牌（立即生效）/ Revoke a token (effective at once)") { which, store, region };
        cmd.SetAction(async (parse, ct) =>
        {
            var key = parse.GetValue(which)!.Trim();
            await using var planStore = await Open(parse.GetValue(store), parse.GetValue(region), ct);
            var token = (await planStore.ListPlannerTokensAsync(ct)).FirstOrDefault(t => t.Id == key || t.Name == key)
                ?? throw new ArgumentException($"没有编号或名称为“{key}”的令牌（见 coverage token list）/ No token with id or name '{key}' (see coverage token list)");
            await planStore.RevokePlannerTokenAsync(token.Name, Actor, ct);
            Console.WriteLine($"已吊销 Revoked {token.Id} ({token.Name})");
            return 0;
        });
        return cmd;
    }

    static Task<IPlanStore> Open(string? store, string? region, CancellationToken ct) => CliStore.OpenAsync(store, region, ct);
}
