using System.Data.Common;
using NetTopologySuite.Geometries;

namespace Coverage.Storage.Sql;

/// <summary>
/// The store logic shared by GeoPackage and PostGIS: plain ADO.NET over the same table layout.
/// Subclasses supply connections, geometry/JSON/time binding, the bbox predicate and error translation.
/// </summary>
public abstract partial class SqlPlanStore : IPlanStore
{
    // One writer at a time in this process; the database serialises writers across processes.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    protected abstract string StoreKind { get; }
    protected abstract string Location { get; }
    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);
    /// <summary>Called inside each write transaction before any statement (e.g. an advisory lock).</summary>
    protected virtual Task LockWritesAsync(DbConnection conn, DbTransaction tx, CancellationToken ct) => Task.CompletedTask;
    /// <summary>Throws when the store cannot be written.</summary>
    protected virtual void EnsureWritable() { }
    protected abstract void AddGeometry(DbCommand cmd, string name, Geometry geometry);
    protected abstract Geometry ReadGeometry(DbDataReader reader, int ordinal);
    protected virtual void AddJson(DbCommand cmd, string name, string? json) => Add(cmd, name, json);
    protected abstract void AddTime(DbCommand cmd, string name, DateTimeOffset? time);
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);
    /// <summary>A SQL predicate "geometry intersects box" with its parameters added, or null to filter in memory.</summary>
    protected abstract string? BboxPredicate(DbCommand cmd, Envelope box);
    /// <summary>Engine version and Coverage schema version, for PingAsync.</summary>
    protected abstract Task<(string Version, int SchemaVersion)> DescribeAsync(DbConnection conn, CancellationToken ct);
    /// <summary>The user-facing error for a driver exception, or null when it is a bug to surface as is.</summary>
    protected abstract PlanStoreException? Translate(Exception e);

    public virtual ValueTask DisposeAsync()
    {
        _writeGate.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Timestamps kept to the millisecond so both engines return what was written.</summary>
    protected static DateTimeOffset Now()
    {
        var t = DateTimeOffset.UtcNow;
        return new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    /// <summary>
    /// True when the connection itself failed, not the statement (the store then forgets its pooled connections); a wait
    /// that timed out is not one: the database may only be busy.
    /// </summary>
    protected virtual bool IsBrokenConnection(Exception e) => false;
    /// <summary>Drops pooled connections after a broken one: after a database restart they are all dead.</summary>
    protected virtual void ForgetConnections() { }

    /// <summary>
    /// A failure worth one more try on a fresh connection: the connection broke quickly (a pooled connection killed by a
    /// restart). Not a timeout: a hung database would make the request wait twice.
    /// </summary>
    bool RetryOnFreshConnection(Exception e)
    {
        if (!IsBrokenConnection(e)) return false;
        ForgetConnections();
        return !IsTimeout(e);
    }

    static bool IsTimeout(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is TimeoutException) return true;
        return false;
    }

    protected async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var conn = await OpenAsync(ct);
                return await work(conn);
            }
            catch (Exception e) when (e is not PlanStoreException && RetryOnFreshConnection(e) && attempt == 1)
            {
            }
            catch (Exception e) when (e is not PlanStoreException && Translate(e) is { } pe)
            {
                throw pe;
            }
        }
    }

    /// <summary>
    /// Runs work in one transaction: committed when it returns, rolled back when it throws. A connection that breaks before
    /// COMMIT is sent leaves nothing behind (the server rolls the transaction back), so the work runs once more on a fresh
    /// connection: the first write after a database restart succeeds. A connection that breaks during COMMIT is never retried
    /// (the commit may have happened): the planner is told the outcome is unknown.
    /// </summary>
    protected async Task<T> WriteAsync<T>(string actor, Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(actor))
            throw new ArgumentException("Every write names its actor for the edit log.", nameof(actor));
        EnsureWritable();
        await _writeGate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var committing = false;
                try
                {
                    await using var conn = await OpenAsync(ct);
                    await using var tx = await conn.BeginTransactionAsync(ct);
                    await LockWritesAsync(conn, tx, ct);
                    var result = await work(conn, tx);
                    committing = true;
                    await tx.CommitAsync(ct);
                    return result;
                }
                catch (Exception e) when (e is not PlanStoreException && !committing && RetryOnFreshConnection(e) && attempt == 1)
                {
                }
                catch (Exception e) when (e is not PlanStoreException && Translate(e) is { } pe)
                {
                    // A COMMIT cut off or timed out may have been applied: never "try again", which would store it twice.
                    if (committing && (IsBrokenConnection(e) || IsTimeout(e))) throw CommitUnknown(pe);
                    throw pe;
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The connection broke while COMMIT was on its way: the write may or may not be stored.</summary>
    PlanStoreException CommitUnknown(PlanStoreException pe)
    {
        if (pe.Error != PlanStoreError.Busy) ForgetConnections();
        return new PlanStoreException(PlanStoreError.CommitUnknown,
            $"提交时与数据库的连接中断，本次修改可能已保存也可能没有：请在数据库恢复后刷新查看，再决定是否重做。{pe.MessageZh}",
            $"The connection broke while committing: this change may or may not be stored; reload once the database is back before redoing it. {pe.MessageEn}",
            inner: pe);
    }

    protected static DbCommand Command(DbConnection conn, DbTransaction? tx, string sql)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    protected static void Add(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }

    protected static async Task<long> CountAsync(DbConnection conn, string table, CancellationToken ct)
    {
        await using var cmd = Command(conn, null, $"SELECT COUNT(*) FROM {table}");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }

    protected static readonly string[] CountedTables =
        ["facilities", "settlements", "circle_standards", "scenarios", "scenario_edits", "edit_log", "planner_tokens"];

    public async Task<StoreHealth> PingAsync(CancellationToken ct = default)
    {
        try
        {
            return await ReadAsync(async conn =>
            {
                var (version, schema) = await DescribeAsync(conn, ct);
                var counts = new Dictionary<string, long>();
                foreach (var t in CountedTables) counts[t] = await CountAsync(conn, t, ct);
                return new StoreHealth
                {
                    Kind = StoreKind, Location = Location, Ok = true, Version = version, SchemaVersion = schema, Counts = counts,
                };
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = e is PlanStoreException ? e.Message : $"存储检查失败:{e.Message} / Store check failed: {e.Message}";
            return new StoreHealth { Kind = StoreKind, Location = Location, Ok = false, Error = error };
        }
    }
}
