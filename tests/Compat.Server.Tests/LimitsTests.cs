using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Compat.Adapters;
using Xunit;

namespace Compat.Server.Tests;

public sealed class LimitsTests
{
    [Fact]
    public async Task ARequestLineOverTheLimit_Is414()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello, new ServerOptions { MaxRequestLineSize = 100 });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync($"GET /{new string('a', 200)} HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 414 ", await connection.ReadToCloseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestLineOverTheLimit_Is414_EvenBeforeItsEndArrives()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello, new ServerOptions { MaxRequestLineSize = 100 });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync($"GET /{new string('a', 200)}");

        Assert.StartsWith("HTTP/1.1 414 ", await connection.ReadToCloseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadersOverTheTotalSize_Are431()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello, new ServerOptions { MaxRequestHeadersTotalSize = 1024 });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync($"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {new string('b', 2000)}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431 ", await connection.ReadToCloseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreHeadersThanTheCount_Are431()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello, new ServerOptions { MaxRequestHeaderCount = 5 });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);
        var headers = string.Concat(Enumerable.Range(0, 10).Select(i => $"X-{i}: v\r\n"));

        await connection.SendAsync($"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n");

        Assert.StartsWith("HTTP/1.1 431 ", await connection.ReadToCloseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeclaredBodyOverTheLimit_Is413_WithoutRunningTheHandler()
    {
        var ran = false;
        await using var server = await TestServer.StartAsync(s => s.Mount("/", (environ, start) => { ran = true; return Handlers.Echo(environ, start); }), new ServerOptions { MaxRequestBodySize = 100 });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 413 ", response, StringComparison.Ordinal);
        Assert.DoesNotContain("100 Continue", response, StringComparison.Ordinal);
        Assert.False(ran);
    }

    [Fact]
    public async Task AChunkedBodyThatGrowsOverTheLimit_Is413()
    {
        await using var server = await TestServer.StartAsync(Handlers.Echo, new ServerOptions { MaxRequestBodySize = 100 });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync($"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n50\r\n{new string('x', 80)}\r\n50\r\n{new string('y', 80)}\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 413 ", await connection.ReadToCloseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionsOverTheLimit_GetA503AndAreClosed_WhileTheOthersAreServed()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello, new ServerOptions { MaxConcurrentConnections = 2 });
        using var first = await RawConnection.OpenAsync(server.Endpoint);
        using var second = await RawConnection.OpenAsync(server.Endpoint);
        await first.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await second.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await first.ReadUntilAsync("hello");
        await second.ReadUntilAsync("hello");

        using var third = await RawConnection.OpenAsync(server.Endpoint);
        var refused = await third.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 503 ", refused, StringComparison.Ordinal);
        Assert.Contains("Retry-After: 1", refused, StringComparison.Ordinal);
        await first.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Contains("hello", await first.ReadUntilAsync("hello"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowHead_Gets408AndIsClosed_AfterTheHeadersTimeout()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello, new ServerOptions { RequestHeadersTimeout = TimeSpan.FromMilliseconds(500) });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n");

        Assert.StartsWith("HTTP/1.1 408 ", await connection.ReadToCloseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowSecondHead_OnAKeepAliveConnection_Gets408AfterTheHeadersTimeout_NotTheKeepAliveOne()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello, new ServerOptions { RequestHeadersTimeout = TimeSpan.FromMilliseconds(500), KeepAliveTimeout = TimeSpan.FromSeconds(30) });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.Contains("hello", await connection.ReadUntilAsync("hello"), StringComparison.Ordinal);
        var watch = Stopwatch.StartNew();

        // The first byte of the next request starts the head's clock, which is shorter than the idle one.
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n");

        Assert.StartsWith("HTTP/1.1 408 ", await connection.ReadToCloseAsync(), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"closed after {watch.Elapsed}: the keep-alive timeout applied, not the headers timeout");
    }

    [Fact]
    public async Task AnIdleKeepAliveConnection_IsClosedQuietly_AfterTheKeepAliveTimeout()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello, new ServerOptions { KeepAliveTimeout = TimeSpan.FromMilliseconds(500) });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var watch = Stopwatch.StartNew();

        var everything = await connection.ReadToCloseAsync();

        Assert.EndsWith("hello", everything, StringComparison.Ordinal);
        Assert.Single(everything.Split("HTTP/1.1 ", StringSplitOptions.RemoveEmptyEntries));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300), $"closed after {watch.Elapsed}, before the keep-alive timeout");
    }

    [Fact]
    public async Task AFullPool_IsA503WithRetryAfter()
    {
        using var release = new System.Threading.ManualResetEventSlim();
        await using var server = await TestServer.StartAsync(s => s.Mount("/", (Compat.Gateway.SyncApp)((environ, start) => { release.Wait(); start("200 OK", [])("ok"u8.ToArray()); return []; })),
            new ServerOptions { Pool = new BoundedPoolOptions { ThreadCount = 1, QueueLength = 0, RetryAfter = TimeSpan.FromSeconds(2) } });
        using var busy = await RawConnection.OpenAsync(server.Endpoint);
        await busy.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        Assert.True(System.Threading.SpinWait.SpinUntil(() => server.Server.Pool?.BusyThreads == 1, TimeSpan.FromSeconds(10)));

        using var refused = await RawConnection.OpenAsync(server.Endpoint);
        await refused.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var response = await refused.ReadToCloseAsync();
        release.Set();

        Assert.StartsWith("HTTP/1.1 503 ", response, StringComparison.Ordinal);
        Assert.Contains("Retry-After: 2", response, StringComparison.Ordinal);
        Assert.Contains("ok", await busy.ReadUntilAsync("ok"), StringComparison.Ordinal);
    }
}
