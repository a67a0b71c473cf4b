using System;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Samples;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>
/// Old-style handlers that keep their pool thread for a WebSocket or a taken-over connection: clients that open them
/// and wait can hold only <see cref="BoundedPoolOptions.HeldThreadLimit"/> threads; past it the upgrade gets 503 and
/// ordinary old-style requests are still served.
/// </summary>
public sealed class HeldThreadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task UpgradesPastTheHeldThreadLimit_Get503_AndOrdinaryOldStyleRequestsAreStillServed()
    {
        await using var server = await TestServer.StartAsync(s =>
        {
            s.Mount("/legacy-echo", ExtensionHandlers.LegacyEcho);
            s.Mount("/lines", ExtensionHandlers.LineProtocol);
            s.Mount("/legacy", LegacyHandlers.Hello);
        }, new ServerOptions { Endpoints = [new(IPAddress.Loopback, 0)], Pool = new BoundedPoolOptions { ThreadCount = 2 } });

        // Two threads: one may be held.
        using var first = await ConnectAsync(server);
        Assert.Equal(WebSocketState.Open, first.State);

        using var second = new ClientWebSocket();
        second.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(new Uri($"ws://{server.Endpoint}/legacy-echo"), CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.HttpStatusCode);

        using (var takeover = await RawConnection.OpenAsync(server.Endpoint))
        {
            await takeover.SendAsync("GET /lines HTTP/1.1\r\nHost: a\r\nUpgrade: lines\r\nConnection: Upgrade, close\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 503 ", await takeover.ReadToCloseAsync(), StringComparison.Ordinal);
        }

        using (var ordinary = await RawConnection.OpenAsync(server.Endpoint))
        {
            await ordinary.SendAsync("GET /legacy HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK", await ordinary.ReadToCloseAsync(), StringComparison.Ordinal);
        }

        // The held thread comes back when its socket closes.
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(Patience);
        using var third = await ConnectWhenFreeAsync(server);
        Assert.Equal(WebSocketState.Open, third.State);
        await third.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(Patience);

        await server.Server.StopAsync();
        Assert.Contains("503: the pool threads old-style handlers may keep for WebSockets and taken-over connections (MaxHeldThreads) are all held", server.ErrorLog, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.ErrorLog, StringComparison.Ordinal);
    }

    private static async Task<ClientWebSocket> ConnectAsync(TestServer server)
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://{server.Endpoint}/legacy-echo"), CancellationToken.None).WaitAsync(Patience);
        return client;
    }

    // The first handler's thread is given back once it has returned, a moment after the close handshake.
    private static async Task<ClientWebSocket> ConnectWhenFreeAsync(TestServer server)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await ConnectAsync(server);
            }
            catch (WebSocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
