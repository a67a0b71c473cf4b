using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>
/// Request bodies from slow, stalling and truncating clients, over raw sockets: no client can hold the pool, a
/// handler blocked in a read is released with 408, a cut body is the client's 400, and each expected outcome is
/// one line in the error log.
/// </summary>
public sealed class HostileBodyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly ServerOptions Impatient = new()
    {
        Endpoints = [new(IPAddress.Loopback, 0)],
        MinRequestBodyDataRateGracePeriod = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task FiveHundredStalledSmallUploads_DoNotDelayAnotherOldStyleRequest_AndEachGets408()
    {
        await using var server = await TestServer.StartAsync(s =>
        {
            s.Mount("/upload", ReadAll);
            s.Mount("/fast", Fast);
        }, Impatient);
        var stalled = new List<RawConnection>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                var connection = await RawConnection.OpenAsync(server.Endpoint);
                await connection.SendAsync("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nab");
                stalled.Add(connection);
            }

            var clock = Stopwatch.StartNew();
            using (var fast = await RawConnection.OpenAsync(server.Endpoint))
            {
                await fast.SendAsync("GET /fast HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
                Assert.StartsWith("HTTP/1.1 200 OK", await fast.ReadToCloseAsync(), StringComparison.Ordinal);
            }

            output.WriteLine($"an old-style request beside 500 stalled uploads: {clock.Elapsed.TotalMilliseconds:F1} ms");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the old-style request beside 500 stalled uploads took {clock.Elapsed}");
            foreach (var connection in stalled.Take(20))
            {
                Assert.StartsWith("HTTP/1.1 408 ", await connection.ReadToCloseAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            stalled.ForEach(c => c.Dispose());
        }

        // 500 times the same outcome within a second or two: a few lines, then a count.
        await server.Server.StopAsync();
        var lines = server.ErrorLog.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("warn: POST /upload: 408: request body too slow: the request body arrives slower than 240 bytes/s", server.ErrorLog, StringComparison.Ordinal);
        Assert.Contains("more like \"408: request body too slow: the request body arrives slower than 240 bytes/s\" in the last second", server.ErrorLog, StringComparison.Ordinal);
        Assert.True(lines.Length < 40, $"{lines.Length} lines for 500 stalled uploads:\n{server.ErrorLog}");
        Assert.All(lines, line => Assert.Matches(@"^(info|warn|fail): ", line));
        Assert.DoesNotContain("   at ", server.ErrorLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AHandlerBlockedReadingALargeStalledBody_IsReleased_With408(bool oldStyle)
    {
        var released = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = oldStyle
            ? await TestServer.StartAsync(ReadAllReporting(released), Impatient)
            : await TestServer.StartAsync(ReadAllReportingAsync(released), Impatient);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n" + new string('x', 100));
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 408 ", response, StringComparison.Ordinal);
        Assert.Contains("Connection: close", response, StringComparison.Ordinal);
        Assert.Contains("request body too slow", (await released.Task.WaitAsync(TimeSpan.FromSeconds(10))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHandlerCanTurnTheRateOff_ForItsOwnRequest()
    {
        static IEnumerable<byte[]> Patient(Environ environ, StartResponse start)
        {
            environ[ServerEnvironKeys.MinRequestBodyDataRate] = null;
            var length = new StreamReader(environ.Input).ReadToEnd().Length;
            start("200 OK", []);
            return [Encoding.ASCII.GetBytes($"read {length}")];
        }

        await using var server = await TestServer.StartAsync(Patient, Impatient);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        // 100 KB (past the read-ahead) at a trickle, slower than 240 B/s for three seconds, then the rest.
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n");
        for (var i = 0; i < 6; i++)
        {
            await connection.SendAsync("x");
            await Task.Delay(500);
        }

        await connection.SendAsync(new string('x', 100_000 - 6));
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.Contains("read 100000\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatStopsArriving_EndsAtTheIdleTimeout_WithTheRateOff()
    {
        var options = Impatient with { MinRequestBodyDataRate = null, RequestBodyIdleTimeout = TimeSpan.FromSeconds(1) };
        await using var server = await TestServer.StartAsync(ReadAll, options);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n" + new string('x', 100_000));
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 408 ", response, StringComparison.Ordinal);
        Assert.Contains("no request body bytes for 1 s", server.ErrorLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(100, true)]
    [InlineData(1_000_000, false)]
    [InlineData(1_000_000, true)]
    public async Task ABodyTheClientCutsShort_IsA400_LoggedInOneLine(int length, bool oldStyle)
    {
        await using var server = oldStyle ? await TestServer.StartAsync(ReadAll) : await TestServer.StartAsync(ReadAllAsync);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync($"POST /cut HTTP/1.1\r\nHost: a\r\nContent-Length: {length}\r\n\r\n0123456789");
        connection.ShutdownSend();
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.Contains("400: unexpected end of request content", server.ErrorLog, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.ErrorLog, StringComparison.Ordinal);
        Assert.DoesNotContain("the handler failed", server.ErrorLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APoolFull503_IsOneLineInTheErrorLog()
    {
        using var hold = new ManualResetEventSlim();
        var options = new ServerOptions { Endpoints = [new(IPAddress.Loopback, 0)], Pool = new BoundedPoolOptions { ThreadCount = 1, QueueLength = 0 } };
        await using var server = await TestServer.StartAsync(Blocking(hold), options);
        using var busy = await RawConnection.OpenAsync(server.Endpoint);
        await busy.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        await Task.Delay(200);

        using var rejected = await RawConnection.OpenAsync(server.Endpoint);
        await rejected.SendAsync("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var response = await rejected.ReadToCloseAsync();
        hold.Set();

        Assert.StartsWith("HTTP/1.1 503 ", response, StringComparison.Ordinal);
        Assert.Contains("GET /: 503: the pool's queue is full", server.ErrorLog, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.ErrorLog, StringComparison.Ordinal);
    }

    private static IEnumerable<byte[]> ReadAll(Environ environ, StartResponse start)
    {
        var length = new StreamReader(environ.Input).ReadToEnd().Length;
        start("200 OK", []);
        return [Encoding.ASCII.GetBytes($"read {length}")];
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAllAsync(Environ environ, AsyncStartResponse start)
    {
        var length = (await new StreamReader(environ.Input).ReadToEndAsync()).Length;
        start("200 OK", []);
        yield return Encoding.ASCII.GetBytes($"read {length}");
    }

    private static IEnumerable<byte[]> Fast(Environ environ, StartResponse start)
    {
        start("200 OK", []);
        return ["ok"u8.ToArray()];
    }

    private static SyncApp ReadAllReporting(TaskCompletionSource<Exception> released) => (environ, start) =>
    {
        try
        {
            return ReadAll(environ, start);
        }
        catch (Exception ex)
        {
            released.TrySetResult(ex);
            throw;
        }
    };

    private static AsyncApp ReadAllReportingAsync(TaskCompletionSource<Exception> released) => (environ, start) => Reporting(environ, start, released);

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Reporting(Environ environ, AsyncStartResponse start, TaskCompletionSource<Exception> released)
    {
        int length;
        try
        {
            length = (await new StreamReader(environ.Input).ReadToEndAsync()).Length;
        }
        catch (Exception ex)
        {
            released.TrySetResult(ex);
            throw;
        }

        start("200 OK", []);
        yield return Encoding.ASCII.GetBytes($"read {length}");
    }

    private static SyncApp Blocking(ManualResetEventSlim hold) => (environ, start) =>
    {
        hold.Wait(TimeSpan.FromSeconds(10));
        start("200 OK", []);
        return ["done"u8.ToArray()];
    };
}
