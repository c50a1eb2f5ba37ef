using System.Net.Sockets;
using Npgsql;

namespace Coverage.Storage.PostGis;

/// <summary>Turns Npgsql failures into one-line errors saying what failed, where (host:port/db) and what to do.</summary>
public sealed class PostGisErrors
{
    private const string StartHintZh = "请启动 PostgreSQL(测试环境:scripts/postgis.sh start)或检查连接字符串中的 Host/Port";
    private const string StartHintEn = "start PostgreSQL (for tests: scripts/postgis.sh start) or fix Host/Port in the connection string";

    public PostGisErrors(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            Database = b.Database ?? b.Username ?? "postgres";
            Where = $"{b.Host ?? "localhost"}:{b.Port}/{Database}";
        }
        catch (ArgumentException)
        {
            Database = "?";
            Where = "?";
        }
    }

    /// <summary>host:port/database, for messages and the health endpoint.</summary>
    public string Where { get; }
    private string Database { get; }

    public PlanStoreException? Translate(Exception e)
    {
        if (e is PostgresException pg) return FromServer(pg);
        if (e is not (NpgsqlException or TimeoutException)) return null;
        if (IsTimeout(e) && !IsBrokenConnection(e)) return Busy(e);
        var reason = Reason(e);
        return new PlanStoreException(PlanStoreError.Unavailable, $"无法连接 PostGIS 数据库 {Where}({reason.Zh})。{StartHintZh}",
            $"Cannot connect to the PostGIS database at {Where} ({reason.En}): {StartHintEn}", inner: e);
    }

    /// <summary>
    /// The connection itself failed (server restarted or stopped, socket refused or reset, stream cut), not the statement:
    /// the transaction on it cannot commit any more, and pooled connections to the same server are likely dead too.
    /// Not a timeout (a command, connect or pool wait that ran out): the server may only be busy or behind another
    /// writer's lock, and dropping every pooled connection then would make it worse.
    /// </summary>
    public static bool IsBrokenConnection(Exception e) => e switch
    {
        // admin_shutdown, crash_shutdown, cannot_connect_now: the server ended or is ending this session.
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException => HasInner<SocketException>(e) || HasInner<IOException>(e),
        _ => false,
    };

    /// <summary>
    /// A wait that ran out while the database may well be up: the client's connect, command or pool timeout, or the
    /// server's lock_timeout (55P03) or statement_timeout (57014).
    /// </summary>
    public static bool IsTimeout(Exception e) =>
        HasInner<TimeoutException>(e) || (Inner<PostgresException>(e) is { SqlState: "55P03" or "57014" });

    static bool HasInner<T>(Exception e) where T : Exception => Inner<T>(e) is not null;

    static T? Inner<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T t) return t;
        return null;
    }

    /// <summary>"Busy, try again": distinct from "cannot connect, start PostgreSQL", which would send an operator the wrong way.</summary>
    PlanStoreException Busy(Exception e) => new(PlanStoreError.Busy,
        $"PostGIS 数据库 {Where} 繁忙，未在限定时间内完成（可能有导入或其他写入正持有锁）：请几秒后重试",
        $"The PostGIS database at {Where} is busy and did not finish in time (an import or another writer may hold a lock): try again in a few seconds",
        inner: e);

    private static (string Zh, string En) Reason(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException s)
                return s.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => ("连接被拒绝,服务器未运行", "connection refused: no server is listening"),
                    SocketError.HostNotFound or SocketError.NoData => ("找不到主机", "host not found"),
                    SocketError.TimedOut => ("连接超时", "connection timed out"),
                    _ => (s.SocketErrorCode.ToString(), s.SocketErrorCode.ToString()),
                };
            if (x is TimeoutException) return ("连接超时", "connection timed out");
        }
        return (e.Message, e.Message);
    }

    private PlanStoreException? FromServer(PostgresException pg)
    {
        (PlanStoreError Kind, string Zh, string En)? m = pg.SqlState switch
        {
            "28P01" or "28000" => (PlanStoreError.Unavailable, $"PostGIS 数据库 {Where} 拒绝登录:用户名或密码错误",
                $"The PostGIS database at {Where} refused the login: check Username and Password in the connection string"),
            "3D000" => (PlanStoreError.Unavailable, $"数据库不存在:{Where}。请先创建:createdb {Database}",
                $"Database does not exist: {Where}; create it first (createdb {Database})"),
            "57P01" or "57P02" or "57P03" or "53300" => (PlanStoreError.Unavailable,
                $"PostGIS 数据库 {Where} 正在关闭或不接受连接({pg.MessageText})。{StartHintZh}",
                $"The PostGIS database at {Where} is shutting down or not accepting connections ({pg.MessageText}): {StartHintEn}"),
            "58P01" or "0A000" when pg.MessageText.Contains("postgis", StringComparison.OrdinalIgnoreCase) => (PlanStoreError.Unavailable,
                $"服务器 {Where} 未安装 PostGIS 扩展:请安装 postgresql-15-postgis-3",
                $"The server at {Where} has no PostGIS extension: install postgresql-15-postgis-3 (apt)"),
            "42501" => (PlanStoreError.Unavailable, $"数据库 {Where} 权限不足({pg.MessageText}):请管理员执行 CREATE EXTENSION postgis 并授予建表权限",
                $"Insufficient privilege on {Where} ({pg.MessageText}): ask an administrator to CREATE EXTENSION postgis and grant CREATE"),
            "42P01" => (PlanStoreError.Corrupt, $"PostGIS 数据库 {Where} 缺少 Coverage 数据表({pg.MessageText}):请从备份恢复或换一个新数据库",
                $"The PostGIS database at {Where} lacks a Coverage table ({pg.MessageText}): restore it from a backup or use a fresh database"),
            "23505" => (PlanStoreError.Conflict, $"与已有记录冲突:{pg.ConstraintName}", $"conflicts with an existing row: {pg.ConstraintName}"),
            "53100" => (PlanStoreError.Unavailable, $"数据库 {Where} 磁盘已满", $"The database at {Where} is out of disk space"),
            _ => null,
        };
        if (m is null && IsTimeout(pg)) return Busy(pg);
        return m is { } v ? new PlanStoreException(v.Kind, v.Zh, v.En, inner: pg) : null;
    }
}
