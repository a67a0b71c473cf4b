using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>Stopping the server against handlers that ignore cancellation, and clients that send just as it stops.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task AStop_IsBoundedByTheTimeout_AndNamesTheHandlersItAbandons()
    {
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        IEnumerable<byte[]> Stubborn(Environ environ, StartResponse start)
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(60));
            start("200 OK", []);
            return [];
        }

        var options = new ServerOptions { Endpoints = [new(IPAddress.Loopback, 0)], ShutdownTimeout = TimeSpan.FromSeconds(1) };
        var server = await TestServer.StartAsync(s => s.Mount("/stubborn", Stubborn), options);
        try
        {
            using var connection = await RawConnection.OpenAsync(server.Endpoint);
            await connection.SendAsync("GET /stubborn HTTP/1.1\r\nHost: a\r\n\r\n");
            Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

            var clock = Stopwatch.StartNew();
            await server.Server.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {clock.Elapsed}");
            Assert.Equal(1, server.Server.AbandonedRequests["/stubborn"]);
            Assert.Contains("abandoned 1 request(s) whose handlers ignored cancellation: /stubborn (1)", server.ErrorLog, StringComparison.Ordinal);
        }
        finally
        {
            release.Set();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task ARequestSentOnAKeepAliveConnectionAsTheServerStops_IsServed_WithConnectionClose()
    {
        await using var server = await TestServer.StartAsync(Handlers.Echo);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);
        await connection.SendAsync("GET /first HTTP/1.1\r\nHost: a\r\n\r\n");
        await connection.ReadUntilAsync("/first");

        // Half the head before the stop and the rest after it: the request is arriving as the server stops, whatever
        // the machine's load (sent whole, a busy server could have started its response before the stop).
        await connection.SendAsync("GET /second HTTP/1.1\r\n");
        await Task.Delay(50);
        var stopping = server.Server.StopAsync();
        await connection.SendAsync("Host: a\r\n\r\n");
        var response = await connection.ReadToCloseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.Contains("Connection: close", response, StringComparison.Ordinal);
        Assert.EndsWith("GET |/second ", response, StringComparison.Ordinal);
        Assert.Empty(server.Server.AbandonedRequests);
    }
}
