using System.Net;
using System.Net.Sockets;

namespace Coverage.Server.Tests.Support;

/// <summary>
/// A loopback TCP relay in front of the test PostGIS: stopping it is the store going down (connections cut, new ones refused)
/// without touching the database other tests share.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly List<TcpClient> _open = [];
    readonly string _host;
    readonly int _port;
    volatile TaskCompletionSource _flowing = Flowing();
    volatile bool _refusing;
    long _delayTicks;

    public TcpRelay(string host, int port)
    {
        (_host, _port) = (host, port);
        _listener.Start();
        _ = AcceptLoop();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    async Task AcceptLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (_refusing)
                {
                    client.Dispose();
                    continue;
                }
                var upstream = new TcpClient();
                await upstream.ConnectAsync(_host, _port, _stop.Token);
                lock (_open) _open.AddRange([client, upstream]);
                _ = Pump(client.GetStream(), upstream.GetStream(), toDatabase: true);
                _ = Pump(upstream.GetStream(), client.GetStream(), toDatabase: false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    async Task Pump(Stream from, Stream to, bool toDatabase)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0) break;
                await _flowing.Task.WaitAsync(_stop.Token); // held while hung
                if (toDatabase && Interlocked.Read(ref _delayTicks) is > 0 and var ticks) await Task.Delay(TimeSpan.FromTicks(ticks), _stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    static TaskCompletionSource Flowing()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    /// <summary>
    /// The store hangs (a stopped process, a dead network path): connections stay open and new ones are accepted, but no
    /// byte goes through either way until <see cref="Resume"/>.
    /// </summary>
    public void Hang() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Bytes flow again (held ones first).</summary>
    public void Resume() => _flowing.TrySetResult();

    /// <summary>The store is down for now: relayed connections are cut and new ones closed at once, until <see cref="Flow"/>.</summary>
    public void Refuse()
    {
        _refusing = true;
        lock (_open)
        {
            foreach (var c in _open) c.Dispose();
            _open.Clear();
        }
    }

    /// <summary>The store is back, but slow: each message to the database is held for <paramref name="delay"/> (zero: none).</summary>
    public void Flow(TimeSpan delay)
    {
        Interlocked.Exchange(ref _delayTicks, delay.Ticks);
        _refusing = false;
    }

    /// <summary>The store goes down: the listener closes and every relayed connection is cut.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_open) foreach (var c in _open) c.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) Stop();
        return ValueTask.CompletedTask;
    }
}
