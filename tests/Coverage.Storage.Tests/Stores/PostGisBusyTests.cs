using System.Net.Sockets;
using Coverage.Storage.PostGis;
using Npgsql;
using static Coverage.Storage.Tests.Stores.Samples;

namespace Coverage.Storage.Tests.Stores;

/// <summary>
/// A database that is busy (a lock held by an import or a schema upgrade, a wait that ran out) is not a database that is
/// gone: it keeps its pooled connections and answers "busy, try again", not "cannot connect, start PostgreSQL".
/// </summary>
public sealed class PostGisBusyTests
{
    static readonly PostGisErrors Errors = new("Host=db.example;Port=5433;Database=plan");

    // The shapes Npgsql 10 gives each failure: a command or pool wait that ran out carries a TimeoutException, a cut
    // connection an IOException (end of stream) or a SocketException.
    public static TheoryData<string, Exception, bool, PlanStoreError> Failures => new()
    {
        { "command timeout", new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")), false, PlanStoreError.Busy },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted, either raise 'Max Pool Size' (currently 100) or 'Timeout' (currently 3 seconds)",
            new TimeoutException()), false, PlanStoreError.Busy },
        { "lock_timeout", new PostgresException("canceling statement due to lock timeout", "ERROR", "ERROR", "55P03"), false, PlanStoreError.Busy },
        { "statement_timeout", new PostgresException("canceling statement due to statement timeout", "ERROR", "ERROR", "57014"), false, PlanStoreError.Busy },
        { "stream cut", new NpgsqlException("Exception while reading from stream", new EndOfStreamException("Attempted to read past the end of the stream.")),
            true, PlanStoreError.Unavailable },
        { "connection refused", new NpgsqlException("Failed to connect to 127.0.0.1:5433", new SocketException((int)SocketError.ConnectionRefused)),
            true, PlanStoreError.Unavailable },
        { "admin shutdown", new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), true, PlanStoreError.Unavailable },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_a_cut_connection_is_broken_and_a_wait_that_ran_out_is_busy(string what, Exception failure, bool broken, PlanStoreError kind)
    {
        Assert.True(broken == PostGisErrors.IsBrokenConnection(failure), what);
        var translated = Errors.Translate(failure);
        Assert.NotNull(translated);
        Assert.Equal(kind, translated.Error);
        Assert.Contains("db.example:5433/plan", translated.MessageEn);
        if (kind == PlanStoreError.Busy)
        {
            Assert.Contains("try again", translated.MessageEn);
            Assert.Contains("繁忙", translated.MessageZh);
            Assert.DoesNotContain("start PostgreSQL", translated.MessageEn);
        }
    }

    [Fact]
    public async Task A_write_behind_another_writers_lock_is_busy_not_unavailable_and_the_store_stays_usable()
    {
        var schema = "busy_" + Guid.NewGuid().ToString("N")[..12];
        var direct = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString) { SearchPath = $"{schema},public" }.ConnectionString;
        await ExecAsync(TestPostGis.ConnectionString, $"CREATE SCHEMA {schema}");
        try
        {
            var shortWaits = new NpgsqlConnectionStringBuilder(direct) { CommandTimeout = 1 }.ConnectionString;
            await using var store = await PostGisStore.OpenAsync(shortWaits);
            await using (var importer = new NpgsqlConnection(direct))
            {
                // An import in another process holds the plan's write lock (the store's own lock key).
                await importer.OpenAsync();
                await using var tx = await importer.BeginTransactionAsync();
                await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('coverage-writes:' || current_schema()))", importer, tx))
                    await lockCmd.ExecuteNonQueryAsync();

                var busy = await Assert.ThrowsAsync<PlanStoreException>(() => store.UpsertFacilitiesAsync([Facility("f1")], "alice"));
                Assert.Equal(PlanStoreError.Busy, busy.Error);
                Assert.Contains("busy", busy.MessageEn);
                await tx.RollbackAsync();
            }
            Assert.Empty(await store.QueryFacilitiesAsync(new FacilityQuery())); // nothing half-written
            await store.UpsertFacilitiesAsync([Facility("f1")], "alice"); // the lock is gone: the same write goes through
            Assert.Equal(["f1"], (await store.QueryFacilitiesAsync(new FacilityQuery())).Select(f => f.Id));
        }
        finally
        {
            await ExecAsync(TestPostGis.ConnectionString, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    [Fact]
    public async Task Opening_while_another_process_holds_the_migration_lock_says_so_after_the_lock_wait()
    {
        var schema = "mig_" + Guid.NewGuid().ToString("N")[..12];
        var direct = new NpgsqlConnectionStringBuilder(TestPostGis.ConnectionString) { SearchPath = $"{schema},public" }.ConnectionString;
        await ExecAsync(TestPostGis.ConnectionString, $"CREATE SCHEMA {schema}");
        try
        {
            await using var upgrader = new NpgsqlConnection(direct);
            await upgrader.OpenAsync();
            await using var tx = await upgrader.BeginTransactionAsync();
            await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('coverage-migrations:' || current_schema()))", upgrader, tx))
                await lockCmd.ExecuteNonQueryAsync();

            // Bounded for the test only: before, the open waited for ever.
            var open = PostGisStore.OpenAsync(direct, migrationLockWait: TimeSpan.FromSeconds(1)).WaitAsync(TimeSpan.FromSeconds(60));
            var e = await Assert.ThrowsAsync<PlanStoreException>(() => open);
            Assert.Equal(PlanStoreError.Busy, e.Error);
            Assert.Contains("Another process is upgrading", e.MessageEn);
            Assert.Contains("另一个进程正在升级", e.MessageZh);
            await tx.RollbackAsync();

            await using var store = await PostGisStore.OpenAsync(direct, migrationLockWait: TimeSpan.FromSeconds(1));
            Assert.Equal(PostGisStore.LatestSchemaVersion, (await store.PingAsync()).SchemaVersion);
        }
        finally
        {
            await ExecAsync(TestPostGis.ConnectionString, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    static async Task ExecAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
