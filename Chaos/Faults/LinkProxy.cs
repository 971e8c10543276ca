using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Ledger.Chaos.Faults;

/// <summary>
/// A TCP proxy standing in for one directed peer link (validator From dialling validator To):
/// From's node.json names this proxy's address as To's peer endpoint, and the proxy relays the
/// bytes (TLS and all; it cannot read them) to To's real endpoint, or delays, refuses or
/// swallows them as its <see cref="State"/> says. The chaos driver changes the state while the
/// network runs. Loopback only.
/// </summary>
public sealed class LinkProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly object _gate = new();
    private readonly HashSet<Connection> _connections = [];
    private LinkState _state = LinkState.Up;
    private TimeSpan _delay;
    private long _bytes;
    private long _held;
    private long _refused;

    public LinkProxy(string from, string to, IPEndPoint listen, IPEndPoint target, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(target);
        _time = time ?? TimeProvider.System;
        if (!IPAddress.IsLoopback(listen.Address) || !IPAddress.IsLoopback(target.Address))
        {
            throw new ArgumentException($"link proxies run on loopback only ({listen} -> {target})");
        }

        From = from;
        To = to;
        _target = target;
        _listener = new TcpListener(listen);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Listen = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = AcceptAsync(_stop.Token);
    }

    public string From { get; }

    public string To { get; }

    public IPEndPoint Listen { get; }

    public LinkState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Bytes relayed (both directions) since the proxy started.</summary>
    public long BytesForwarded => Interlocked.Read(ref _bytes);

    /// <summary>Bytes read and waiting for their delay to pass.</summary>
    public long BytesHeld => Interlocked.Read(ref _held);

    /// <summary>Connections closed or swallowed because the link was down.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);

    /// <summary>Forward everything again; connections a blackhole swallowed are closed so senders reconnect.</summary>
    public void Heal() => Set(LinkState.Up, TimeSpan.Zero);

    public void Delay(TimeSpan delay) => Set(delay > TimeSpan.Zero ? LinkState.Delayed : LinkState.Up, delay);

    public void Cut() => Set(LinkState.Down, TimeSpan.Zero);

    public void Blackhole() => Set(LinkState.Blackhole, TimeSpan.Zero);

    private void Set(LinkState state, TimeSpan delay)
    {
        List<Connection> close;
        lock (_gate)
        {
            var previous = _state;
            _state = state;
            _delay = delay;

            // Relaying connections survive a change of delay; anything else starts afresh: a cut
            // resets them, a blackhole stops relaying (new bytes are swallowed by new connections),
            // and a healed blackhole closes what it swallowed (those TLS streams lost bytes).
            var keep = state is (LinkState.Up or LinkState.Delayed) && previous is (LinkState.Up or LinkState.Delayed);
            close = keep ? [] : [.. _connections];
        }

        foreach (var connection in close)
        {
            connection.Close();
        }
    }

    private async Task AcceptAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
                client.NoDelay = true;
                _ = Task.Run(() => ServeAsync(client, ct), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        // The state is read and the connection registered under one lock, so a change of state
        // either sees this connection or this connection sees the new state.
        LinkState state;
        Connection? connection = null;
        lock (_gate)
        {
            state = _state;
            if (state != LinkState.Down)
            {
                connection = new Connection(client, _time, ct);
                _connections.Add(connection);
            }
        }

        if (connection is null)
        {
            Interlocked.Increment(ref _refused);
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            return;
        }

        using (connection)
        {
            try
            {
                if (state == LinkState.Blackhole)
                {
                    Interlocked.Increment(ref _refused);
                    await connection.SwallowAsync().ConfigureAwait(false);
                }
                else
                {
                    await connection.RelayAsync(_target, this).ConfigureAwait(false);
                }
            }
            finally
            {
                lock (_gate)
                {
                    _connections.Remove(connection);
                }
            }
        }
    }

    private TimeSpan CurrentDelay()
    {
        lock (_gate)
        {
            return _delay;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        List<Connection> open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Close();
        }

        _stop.Dispose();
    }

    /// <summary>One accepted connection and, while relaying, its upstream to the target.</summary>
    private sealed class Connection(TcpClient client, TimeProvider time, CancellationToken stopping) : IDisposable
    {
        private readonly CancellationTokenSource _closed = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        private readonly TcpClient _upstream = new() { NoDelay = true };
        private int _isClosed;

        public async Task SwallowAsync()
        {
            var buffer = new byte[16 * 1024];
            var token = _closed.Token;
            try
            {
                var stream = client.GetStream();
                while (await stream.ReadAsync(buffer, token).ConfigureAwait(false) > 0)
                {
                    // Dropped.
                }
            }
            catch (Exception e) when (IsEnd(e))
            {
                // Closed by the proxy or the sender.
            }
        }

        public async Task RelayAsync(IPEndPoint target, LinkProxy proxy)
        {
            var token = _closed.Token;
            try
            {
                await _upstream.ConnectAsync(target, token).ConfigureAwait(false);
                var downstream = client.GetStream();
                var upstream = _upstream.GetStream();
                var first = await Task.WhenAny(PumpAsync(downstream, upstream, proxy, token), PumpAsync(upstream, downstream, proxy, token)).ConfigureAwait(false);
                await first.ConfigureAwait(false);
            }
            catch (Exception e) when (IsEnd(e))
            {
                // The target refused, or the link was cut.
            }
        }

        // Reads chunks and writes each once the link's delay (read when it arrived) has passed;
        // the bounded queue between the two keeps a slow writer from buffering without limit.
        private async Task PumpAsync(NetworkStream from, NetworkStream to, LinkProxy proxy, CancellationToken token)
        {
            var queue = Channel.CreateBounded<(long Due, byte[] Bytes)>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
            var writer = WriteAsync(queue.Reader, to, proxy, token);
            try
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await from.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
                {
                    var due = time.GetUtcNow() + proxy.CurrentDelay();
                    await queue.Writer.WriteAsync((due.UtcTicks, buffer[..read]), token).ConfigureAwait(false);
                    Interlocked.Add(ref proxy._held, read);
                }
            }
            catch (Exception e) when (IsEnd(e))
            {
                // This direction ended; the connection closes.
            }
            finally
            {
                queue.Writer.TryComplete();
                await writer.ConfigureAwait(false);
            }
        }

        private async Task WriteAsync(ChannelReader<(long Due, byte[] Bytes)> queue, NetworkStream to, LinkProxy proxy, CancellationToken token)
        {
            try
            {
                await foreach (var (due, bytes) in queue.ReadAllAsync(token).ConfigureAwait(false))
                {
                    var wait = TimeSpan.FromTicks(due - time.GetUtcNow().UtcTicks);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, token).ConfigureAwait(false);
                    }

                    Interlocked.Add(ref proxy._held, -bytes.Length);
                    await to.WriteAsync(bytes, token).ConfigureAwait(false);
                    Interlocked.Add(ref proxy._bytes, bytes.Length);
                }
            }
            catch (Exception e) when (IsEnd(e))
            {
                // Closed.
            }
        }

        /// <summary>Resets both sockets; safe from any thread, any number of times.</summary>
        public void Close()
        {
            if (Interlocked.Exchange(ref _isClosed, 1) == 1)
            {
                return;
            }

            _closed.Cancel();
            try
            {
                client.Client.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }

            client.Dispose();
            _upstream.Dispose();
        }

        public void Dispose()
        {
            Close();
            _closed.Dispose();
        }

        private static bool IsEnd(Exception e) => e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException;
    }
}
