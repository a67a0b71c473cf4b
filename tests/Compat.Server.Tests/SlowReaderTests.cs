using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>
/// Responses to clients that take them slowly or not at all, over raw sockets with a small receive buffer: a client
/// that stops reading is cut off after the minimum response data rate's allowance, which gives an old-style
/// handler's pool thread back; a slow client above the rate gets every byte; a handler may turn the rate off.
/// </summary>
public sealed class SlowReaderTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Chunk = 16 * 1024;

    // One pool thread, so a held one shows; a rate a stalled loopback client misses within the grace period.
    private static readonly ServerOptions Impatient = new()
    {
        Endpoints = [new(IPAddress.Loopback, 0)],
        Pool = new BoundedPoolOptions { ThreadCount = 1, QueueLength = 4 },
        MinResponseDataRate = 1_000_000,
        MinResponseDataRateGracePeriod = TimeSpan.FromSeconds(1),
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AClientThatStopsReading_IsCutOff_AndAnOldStyleHandlersPoolThreadIsFreed(bool oldStyle)
    {
        var released = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(s =>
        {
            if (oldStyle) s.Mount("/endless", EndlessWrites(released));
            else s.Mount("/endless", (environ, start) => EndlessChunks(start, released, CancellationToken.None));
            s.Mount("/fast", Fast);
        }, Impatient);
        using var stalled = await SlowClient.ConnectAsync(server.Endpoint);
        await stalled.SendAsync(Encoding.ASCII.GetBytes("GET /endless HTTP/1.1\r\nHost: a\r\n\r\n"));

        var clock = Stopwatch.StartNew();
        var failure = await released.Task.WaitAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"released after {clock.Elapsed.TotalSeconds:F1} s: {failure.GetType().Name}: {failure.Message}");
        Assert.IsAssignableFrom<System.IO.IOException>(failure);

        // The pool's one thread serves the next old-style request.
        using (var fast = await RawConnection.OpenAsync(server.Endpoint))
        {
            await fast.SendAsync("GET /fast HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK", await fast.ReadToCloseAsync(), StringComparison.Ordinal);
        }

        // The stalled client finds its connection cut: what it can still read ends in a reset or an end.
        Assert.True(await SlowClient.EndsAsync(stalled, TimeSpan.FromSeconds(10)), "the stalled client's connection is still open");
        await server.Server.StopAsync();
        Assert.Contains("GET /endless: response aborted: the client takes it slower than 1000000 bytes/s", server.ErrorLog, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.ErrorLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowClientAboveTheRate_GetsTheWholeResponse()
    {
        const int total = 4 * 1024 * 1024;
        await using var server = await TestServer.StartAsync(Writes(total / Chunk), Impatient with { MinResponseDataRate = 100_000 });
        using var client = await SlowClient.ConnectAsync(server.Endpoint);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));

        // About 1.3 MB/s, in small reads with pauses: slow next to loopback, above 100 KB/s.
        var received = await ReadToEndAsync(client, pause: TimeSpan.FromMilliseconds(50), perPause: 64 * 1024);

        Assert.StartsWith("HTTP/1.1 200 OK", Encoding.ASCII.GetString(received, 0, 15), StringComparison.Ordinal);
        Assert.Equal(total, received.Length - HeadLength(received));
        Assert.DoesNotContain("response aborted", server.ErrorLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHandlerCanTurnTheRateOff_ForItsOwnResponse()
    {
        const int total = 16 * 1024 * 1024;
        var writes = Writes(total / Chunk);
        await using var server = await TestServer.StartAsync((environ, start) =>
        {
            environ[ServerEnvironKeys.MinResponseDataRate] = null;
            return writes(environ, start);
        }, Impatient);
        using var client = await SlowClient.ConnectAsync(server.Endpoint);
        await client.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));

        // Stalled three times the grace period, with more than the socket buffers hold still to send.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var received = await ReadToEndAsync(client, TimeSpan.Zero, int.MaxValue);

        Assert.Equal(total, received.Length - HeadLength(received));
        Assert.DoesNotContain("response aborted", server.ErrorLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/legacy-echo")]
    [InlineData("/echo")]
    public async Task AWebSocketPeerThatStopsReading_IsCutOff_AndAnOldStyleEchosPoolThreadIsFreed(string path)
    {
        await using var server = await TestServer.StartAsync(s =>
        {
            s.Mount("/legacy-echo", Compat.Samples.ExtensionHandlers.LegacyEcho);
            s.Mount("/echo", Compat.Samples.ExtensionHandlers.Echo);
            s.Mount("/fast", Fast);
        }, Impatient);
        using var peer = await SlowClient.ConnectAsync(server.Endpoint);
        await SlowClient.HandshakeAsync(peer, path);

        // Binary messages of 16 KiB, masked with a zero key as a client must, whose echoes it never reads: the echo's
        // sends wait once the socket buffers are full.
        var frame = new byte[4 + 4 + Chunk];
        frame[0] = 0x82;
        frame[1] = 0x80 | 126;
        frame[2] = Chunk >> 8;
        frame[3] = Chunk & 0xFF;
        var cut = false;
        try
        {
            // 32 MiB: the server stops reading once its echoes wait, so the peer's own sends wait until the cut.
            for (var i = 0; i < 2000; i++) await peer.SendAsync(frame).WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (SocketException)
        {
            cut = true;
        }

        Assert.True(cut, "the WebSocket peer was never cut off");
        using (var fast = await RawConnection.OpenAsync(server.Endpoint))
        {
            await fast.SendAsync("GET /fast HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK", await fast.ReadToCloseAsync(), StringComparison.Ordinal);
        }

        await server.Server.StopAsync();
        Assert.Contains($"GET {path}: response aborted: the client takes it slower than 1000000 bytes/s", server.ErrorLog, StringComparison.Ordinal);
    }

    private static SyncApp EndlessWrites(TaskCompletionSource<Exception> released) => (environ, start) =>
    {
        var write = start("200 OK", [new("Content-Type", "application/octet-stream")]);
        var chunk = new byte[Chunk];
        try
        {
            while (true) write(chunk);
        }
        catch (Exception ex)
        {
            released.TrySetResult(ex);
            throw;
        }
    };

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> EndlessChunks(AsyncStartResponse start, TaskCompletionSource<Exception> released, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        start("200 OK", [new("Content-Type", "application/octet-stream")]);
        var chunk = new byte[Chunk];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                yield return chunk;
                await Task.Yield();
            }
        }
        finally
        {
            // The runner disposes the body when the write under it fails.
            released.TrySetResult(new ClientDisconnectedException());
        }
    }

    private static SyncApp Writes(int chunks) => (environ, start) =>
    {
        var write = start("200 OK", [new("Content-Length", (chunks * (long)Chunk).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var chunk = new byte[Chunk];
        for (var i = 0; i < chunks; i++) write(chunk);
        return [];
    };

    private static IEnumerable<byte[]> Fast(Environ environ, StartResponse start)
    {
        start("200 OK", [new("Content-Type", "text/plain")]);
        return ["fast"u8.ToArray()];
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket, TimeSpan pause, int perPause)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new List<byte>();
        var buffer = new byte[16 * 1024];
        var sincePause = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read).ToArray());
            if ((sincePause += read) >= perPause && pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, timeout.Token);
                sincePause = 0;
            }
        }

        return [.. received];
    }

    private static int HeadLength(byte[] response) => response.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
}
