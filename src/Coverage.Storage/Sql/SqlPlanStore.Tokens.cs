using System.Data.Common;

namespace Coverage.Storage.Sql;

/// <summary>Planner bearer tokens, kept only as SHA-256 hashes.</summary>
public abstract partial class SqlPlanStore
{
    private const string TokenColumns = "id, name, role, created_at, created_by, revoked_at";

    public Task<IssuedPlannerToken> IssuePlannerTokenAsync(string name, string role, string actor, string? secret = null,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(role))
            throw new PlanStoreException(PlanStoreError.InvalidRows, "令牌名称或角色为空", "token name or role is empty");
        if (secret is { Length: < 16 })
            throw new PlanStoreException(PlanStoreError.InvalidRows, "令牌太短(至少 16 个字符)", "token is too short (16 characters at least)");
        secret ??= PlannerTokenHash.NewSecret();
        return WriteAsync(actor, async (conn, tx) =>
        {
            if ((await SelectTokensAsync(conn, tx, "name = @v", name, ct)).Count > 0)
                throw new PlanStoreException(PlanStoreError.Conflict, $"令牌名称已存在:{name}", $"a token named {name} already exists");
            var token = new PlannerToken("tok-" + Guid.NewGuid().ToString("N")[..12], name, role, Now(), actor, null);
            await using var cmd = Command(conn, tx,
                "INSERT INTO planner_tokens (id, name, role, token_hash, created_at, created_by) VALUES (@id, @name, @role, @hash, @at, @by)");
            Add(cmd, "@id", token.Id);
            Add(cmd, "@name", name);
            Add(cmd, "@role", role);
            Add(cmd, "@hash", PlannerTokenHash.Of(secret));
            AddTime(cmd, "@at", token.CreatedAt);
            Add(cmd, "@by", actor);
            await cmd.ExecuteNonQueryAsync(ct);
            await LogAsync(conn, tx, actor, token.CreatedAt, "insert", "planner_token", token.Id, null, PlanJson.Serialize(token), ct);
            return new IssuedPlannerToken(token, secret);
        }, ct);
    }

    public Task<PlannerToken?> FindPlannerTokenAsync(string bearerToken, CancellationToken ct = default) =>
        ReadAsync(async conn => (await SelectTokensAsync(conn, null, "token_hash = @v", PlannerTokenHash.Of(bearerToken), ct))
            .FirstOrDefault(), ct);

    public Task<IReadOnlyList<PlannerToken>> ListPlannerTokensAsync(CancellationToken ct = default) =>
        ReadAsync<IReadOnlyList<PlannerToken>>(async conn =>
            (await SelectTokensAsync(conn, null, null, null, ct)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList(), ct);

    public Task<bool> RevokePlannerTokenAsync(string name, string actor, CancellationToken ct = default) =>
        WriteAsync(actor, async (conn, tx) =>
        {
            var before = (await SelectTokensAsync(conn, tx, "name = @v", name, ct)).FirstOrDefault();
            if (before is null) return false;
            if (!before.IsActive) return true;
            var after = before with { RevokedAt = Now() };
            await using var cmd = Command(conn, tx, "UPDATE planner_tokens SET revoked_at = @at WHERE id = @id");
            AddTime(cmd, "@at", after.RevokedAt);
            Add(cmd, "@id", before.Id);
            await cmd.ExecuteNonQueryAsync(ct);
            await LogAsync(conn, tx, actor, after.RevokedAt!.Value, "revoke", "planner_token", before.Id,
                PlanJson.Serialize(before), PlanJson.Serialize(after), ct);
            return true;
        }, ct);

    private async Task<List<PlannerToken>> SelectTokensAsync(DbConnection conn, DbTransaction? tx, string? where, string? value,
        CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, $"SELECT {TokenColumns} FROM planner_tokens" + (where is null ? "" : " WHERE " + where));
        if (where is not null) Add(cmd, "@v", value);
        var list = new List<PlannerToken>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new PlannerToken(r.GetString(0), r.GetString(1), r.GetString(2), ReadTime(r, 3), r.GetString(4),
                r.IsDBNull(5) ? null : ReadTime(r, 5)));
        return list;
    }
}
