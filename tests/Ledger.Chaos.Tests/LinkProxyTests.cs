using System.Net;
using System.Net.Sockets;
using System.Text;
using Ledger.Chaos.Faults;
using Microsoft.Extensions.Time.Testing;

namespace Ledger.Chaos.Tests;

/// <summary>
/// One directed link's proxy in front of an echo server, on loopback: it relays, refuses, swallows
/// and delays as told, and heals. Waits are for conditions (bounded), never fixed sleeps; the
/// delay runs on a fake clock.
/// </summary>
public sealed class LinkProxyTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly EchoServer _echo = new();
    private readonly FakeTimeProvider _time = new();
    private LinkProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = new LinkProxy("a", "b", new IPEndPoint(IPAddress.Loopback, 0), _echo.Endpoint, _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task Up_BytesRelayedBothWays()
    {
        using var client = await ConnectAsync();

        Assert.Equal("ping", await RoundTripAsync(client, "ping"));
        Assert.True(_proxy.BytesForwarded >= 8);
    }

    [Fact]
    public async Task Cut_OpenConnectionResetAndNewOnesClosed_HealRelaysAgain()
    {
        using var open = await ConnectAsync();
        Assert.Equal("ping", await RoundTripAsync(open, "ping"));

        _proxy.Cut();

        Assert.True(await EndsAsync(open));
        Assert.True(await RefusedAsync());
        Assert.Equal(LinkState.Down, _proxy.State);

        _proxy.Heal();
        using var healed = await ConnectAsync();
        Assert.Equal("pong", await RoundTripAsync(healed, "pong"));
    }

    [Fact]
    public async Task Blackhole_BytesSwallowedUnanswered_HealClosesThemAndRelaysAgain()
    {
        _proxy.Blackhole();
        using var swallowed = await ConnectAsync();
        await swallowed.GetStream().WriteAsync(Encoding.ASCII.GetBytes("lost"));

        // The bytes were accepted and dropped: nothing reached the target, the connection stays open.
        await UntilAsync(() => _proxy.ConnectionsRefused == 1);
        Assert.Equal(0, _proxy.BytesForwarded);

        _proxy.Heal();

        Assert.True(await EndsAsync(swallowed));
        using var healed = await ConnectAsync();
        Assert.Equal("back", await RoundTripAsync(healed, "back"));
    }

    [Fact]
    public async Task Delay_BytesHeldUntilTheDelayHasPassedOnTheLinksClock()
    {
        _proxy.Delay(TimeSpan.FromSeconds(5));
        using var client = await ConnectAsync();
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("slow"));
        var buffer = new byte[4];
        using var timeout = new CancellationTokenSource(Bound);
        var read = stream.ReadExactlyAsync(buffer, timeout.Token).AsTask();

        // Read by the proxy, but nothing forwarded while the clock stands still.
        await UntilAsync(() => _proxy.BytesHeld == 4);
        Assert.Equal(0, _proxy.BytesForwarded);
        Assert.False(read.IsCompleted);

        // Each direction waits its 5 s on the link's clock.
        while (!read.IsCompleted && !timeout.IsCancellationRequested)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(read, Task.Delay(20, CancellationToken.None));
        }

        await read;
        Assert.Equal("slow", Encoding.ASCII.GetString(buffer));
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(_proxy.Listen);
        return client;
    }

    // A new connection while the link is down: accepted and reset at once, so either the connect
    // itself already fails (the reset raced the handshake's completion) or the connection ends.
    private async Task<bool> RefusedAsync()
    {
        TcpClient client;
        try
        {
            client = await ConnectAsync();
        }
        catch (SocketException)
        {
            return true;
        }

        using (client)
        {
            return await EndsAsync(client);
        }
    }

    private static async Task<string> RoundTripAsync(TcpClient client, string text)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        var buffer = new byte[text.Length];
        using var timeout = new CancellationTokenSource(Bound);
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer);
    }

    // True when the connection is closed or reset by the proxy (a read ends) within the bound.
    private static async Task<bool> EndsAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("x"), timeout.Token);
            return await stream.ReadAsync(new byte[16], timeout.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
