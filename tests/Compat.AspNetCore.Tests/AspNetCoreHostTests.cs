using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;
using Compat.Samples;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Compat.AspNetCore.Tests;

public sealed class AspNetCoreHostTests
{
    [Fact]
    public async Task PathBaseAndTheMountPrefix_MakeScriptName_AndTheRestIsPathInfo()
    {
        await using var host = await KestrelTestApp.StartAsync(web => web.MapAsyncApp("/api", EnvironHandlers.Show), before: web => web.UsePathBase("/base"));
        using var client = new HttpClient { BaseAddress = new Uri($"http://{host.Endpoint}") };

        var environ = await client.GetStringAsync("/base/api/x%2Fy?q=1");

        Assert.Contains("SCRIPT_NAME=/base/api\n", environ, StringComparison.Ordinal);
        Assert.Contains("PATH_INFO=/x/y\n", environ, StringComparison.Ordinal);
        Assert.Contains("QUERY_STRING=q=1\n", environ, StringComparison.Ordinal);
        Assert.Contains("REMOTE_ADDR=127.0.0.1\n", environ, StringComparison.Ordinal);
        Assert.Contains("gateway.url_scheme=http\n", environ, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api", "/api", "/api", "")]
    [InlineData("/api", "/api/", "/api", "/")]
    [InlineData("/api", "/api/a/b", "/api", "/a/b")]
    [InlineData("/api", "/apix", null, null)]
    [InlineData("/api", "/", null, null)]
    [InlineData("/", "/", "", "/")]
    [InlineData("/", "/a/b", "", "/a/b")]
    public async Task AMount_ServesItsPrefixAndWhatIsUnderIt_AndNothingBeside(string prefix, string path, string? scriptName, string? pathInfo)
    {
        await using var host = await KestrelTestApp.StartAsync(web => web.MapAsyncApp(prefix, EnvironHandlers.Show));
        using var client = new HttpClient { BaseAddress = new Uri($"http://{host.Endpoint}") };

        using var response = await client.GetAsync(path);
        var environ = await response.Content.ReadAsStringAsync();

        if (scriptName is null)
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }
        else
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"SCRIPT_NAME={scriptName}\n", environ, StringComparison.Ordinal);
            Assert.Contains($"PATH_INFO={pathInfo}\n", environ, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ATrustedProxysForwardedHeaders_GiveTheClientSchemeHostAndPrefix_ForALongPathToo()
    {
        // As behind nginx: the proxy strips /app and says so in X-Forwarded-Prefix; the path is longer than the
        // prefix and the mount together (SCRIPT_NAME was once cut from it at their length).
        await using var host = await KestrelTestApp.StartAsync(web => web.MapAsyncApp("/environ", EnvironHandlers.Show), before: web =>
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.All };
            web.UseForwardedHeaders(forwarded);
            web.Use((context, next) =>
            {
                if (context.Request.Headers.TryGetValue("X-Forwarded-Prefix", out var prefix)) context.Request.PathBase = prefix.ToString();
                return next(context);
            });
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://{host.Endpoint}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/environ/some/long/path");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "shop.example");
        request.Headers.Add("X-Forwarded-Prefix", "/app");

        using var response = await client.SendAsync(request);
        var environ = await response.Content.ReadAsStringAsync();

        Assert.Contains("SCRIPT_NAME=/app/environ\n", environ, StringComparison.Ordinal);
        Assert.Contains("PATH_INFO=/some/long/path\n", environ, StringComparison.Ordinal);
        Assert.Contains("REMOTE_ADDR=203.0.113.9\n", environ, StringComparison.Ordinal);
        Assert.Contains("gateway.url_scheme=https\n", environ, StringComparison.Ordinal);
        Assert.Contains("SERVER_NAME=shop.example\n", environ, StringComparison.Ordinal);
        Assert.Contains("SERVER_PORT=443\n", environ, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePool_ComesFromConfiguration_AndIsDisposedWithTheHost()
    {
        var host = await KestrelTestApp.StartAsync(_ => { }, new Dictionary<string, string?> { ["Compat:PoolThreadCount"] = "3", ["Compat:PoolQueueLength"] = "7" });
        var pool = host.App.Services.GetRequiredService<BoundedPool>();

        Assert.Equal(3, pool.Options.ThreadCount);
        Assert.Equal(7, pool.Options.QueueLength);
        Assert.True(pool.TryQueue(_ => { }, null));
        await host.DisposeAsync();
        Assert.False(pool.TryQueue(_ => { }, null));
    }

    [Fact]
    public async Task OptionsSetInCode_ApplyOverTheConfigurationSection()
    {
        var host = await KestrelTestApp.StartAsync(_ => { }, new Dictionary<string, string?> { ["Compat:PoolThreadCount"] = "3", ["Compat:PoolQueueLength"] = "7" }, configure: options => options.PoolQueueLength = 9);
        await using (host)
        {
            var pool = host.App.Services.GetRequiredService<BoundedPool>();

            Assert.Equal(3, pool.Options.ThreadCount);
            Assert.Equal(9, pool.Options.QueueLength);
        }
    }

    [Fact]
    public async Task ConcurrentHttp2Requests_OnOneConnection_EachGetTheirOwnEnviron()
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Show(Environ environ, AsyncStartResponse start)
        {
            await Task.Yield();
            start("200 OK", [new("Content-Type", "text/plain")]);
            yield return Encoding.UTF8.GetBytes($"{environ.ServerProtocol} {environ.PathInfo}?{environ.QueryString} {environ.ServerName}");
        }

        await using var app = await KestrelTestApp.StartAsync(app => app.MapAsyncApp("/show", Show), new Dictionary<string, string?> { ["Kestrel:EndpointDefaults:Protocols"] = "Http2" });
        using var client = new HttpClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{app.Endpoint}/show/{i}?n={i}")
            {
                Version = System.Net.HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Headers.Host = $"host-{i % 7}.example";
            using var response = await client.SendAsync(request);
            return (i, await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.Equal($"HTTP/2 /{a.i}?n={a.i} host-{a.i % 7}.example", a.Item2));
    }

    [Fact]
    public async Task ABadOption_StopsTheHostAtStart_NamingItsConfigurationKey()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            KestrelTestApp.StartAsync(_ => { }, new Dictionary<string, string?> { ["Compat:PoolThreadCount"] = "0", ["Compat:PauseWriterThreshold"] = "1", ["Compat:PoolMaxHeldThreads"] = "5" }));

        Assert.Contains("Compat:PoolThreadCount must be at least 1 (it is 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Compat:PoolMaxHeldThreads must be from 0 to PoolThreadCount (it is 5)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Compat:PauseWriterThreshold must be at least 2 bytes (it is 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContinueOnPoolThread_RunsPipelinedOldStyleRequestsOnTheirPoolThread_ANewStyleOneOffIt_AndTheHostStillStops()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        IEnumerable<byte[]> Old(Environ environ, StartResponse start)
        {
            seen.Enqueue($"old {BoundedPool.OnAnyPoolThread}");
            start("200 OK", [new("Content-Length", "3")])("old"u8.ToArray());
            return [];
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> New(Environ environ, AsyncStartResponse start)
        {
            seen.Enqueue($"new {BoundedPool.OnAnyPoolThread}");
            start("200 OK", [new("Content-Length", "3")]);
            await Task.CompletedTask;
            yield return "new"u8.ToArray();
        }

        var host = await KestrelTestApp.StartAsync(
            web =>
            {
                web.MapSyncApp("/old", Old);
                web.MapAsyncApp("/new", New);
            },
            new Dictionary<string, string?> { ["Compat:ContinueOnPoolThread"] = "true" });
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host.Endpoint);
        var request = "GET /old HTTP/1.1\r\nHost: a\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(request, 4)) + "GET /new HTTP/1.1\r\nHost: a\r\n\r\n" + request));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (System.Text.RegularExpressions.Regex.Count(received.ToString(), "HTTP/1.1 200") < 6)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer, SocketFlags.None, patience.Token)));
        }

        // The connection stays open: stopping the host must not end up disposing the pool from one of its threads.
        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["old", "old", "old", "old", "new", "old"], System.Text.RegularExpressions.Regex.Matches(received.ToString(), "\r\n\r\n(old|new)").Select(m => m.Groups[1].Value));
        Assert.Equal(["old True", "old True", "old True", "old True", "new False", "old True"], seen);
        Assert.DoesNotContain("fail", host.ErrorLog, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AResponseFlushedBeforeItsLastBytes_ArrivesWhole_WithoutWaitingForTheConnectionToClose()
    {
        // Kestrel does not flush the rest of a started response whose Content-Length is written in full when the
        // endpoint returns: without the sink's own flush, its last bytes waited for the keep-alive timeout (130 s).
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> New(Environ environ, AsyncStartResponse start)
        {
            start("200 OK", [new("Content-Length", "11")]);
            await Task.Yield();
            yield return "hello "u8.ToArray();
            await Task.Yield();
            yield return "world"u8.ToArray();
        }

        static IEnumerable<byte[]> Old(Environ environ, StartResponse start)
        {
            start("200 OK", [new("Content-Length", "11")])("hello "u8.ToArray());
            return ["world"u8.ToArray()];
        }

        await using var host = await KestrelTestApp.StartAsync(web =>
        {
            web.MapAsyncApp("/new", New);
            web.MapSyncApp("/old", Old);
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://{host.Endpoint}"), Timeout = TimeSpan.FromSeconds(20) };

        foreach (var path in new[] { "/new", "/old", "/new" })
        {
            Assert.Equal("hello world", await client.GetStringAsync(path));
        }
    }

    [Theory]
    [InlineData("/declared")]
    [InlineData("/undeclared")]
    [InlineData("/flushed")]
    public async Task AMiddlewaresOnStartingCallback_SeesTheHandlersHead_AndAddsToIt(string path)
    {
        // With a declared length the sink starts the response itself before the body; without, Kestrel starts it
        // when the endpoint returns; a flush between chunks starts it in the middle. The callback runs each way.
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Handler(Environ environ, AsyncStartResponse start)
        {
            var declared = environ.PathInfo == "/declared";
            start("200 OK", declared ? [new("Content-Type", "text/plain"), new("Content-Length", "10")] : [new("Content-Type", "text/plain")]);
            yield return "hello"u8.ToArray();
            if (environ.PathInfo == "/flushed") await Task.Delay(50);
            yield return "world"u8.ToArray();
        }

        await using var host = await KestrelTestApp.StartAsync(web => web.MapAsyncApp("/h", Handler), before: web => web.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Seen-Type"] = context.Response.ContentType;
                return Task.CompletedTask;
            });
            return next(context);
        }));
        using var client = new HttpClient { BaseAddress = new Uri($"http://{host.Endpoint}") };

        using var response = await client.GetAsync("/h" + path);

        Assert.Equal("helloworld", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", Assert.Single(response.Headers.GetValues("X-Seen-Type")));
        if (path == "/declared") Assert.Equal(10, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task ARequestBodyAMiddlewareReplaced_IsTheOneHandlersRead()
    {
        IEnumerable<byte[]> Echo(Environ environ, StartResponse start)
        {
            var body = new System.IO.MemoryStream();
            environ.Input.CopyTo(body);
            start("200 OK", [new("Content-Type", "text/plain")])(body.ToArray());
            return [];
        }

        await using var host = await KestrelTestApp.StartAsync(web => web.MapSyncApp("/echo", Echo), before: web => web.Use(async (context, next) =>
        {
            using var original = new System.IO.StreamReader(context.Request.Body);
            var text = await original.ReadToEndAsync();
            context.Request.Body = new System.IO.MemoryStream(Encoding.ASCII.GetBytes(text.ToUpperInvariant()));
            await next(context);
        }));
        using var client = new HttpClient { BaseAddress = new Uri($"http://{host.Endpoint}") };

        var response = await client.PostAsync("/echo", new StringContent("quiet please"));

        Assert.Equal("QUIET PLEASE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OldStyleHandlers_RunOnThePool_AndReadTheBodyWithoutSynchronousIO()
    {
        bool? onThreadPool = null;
        IEnumerable<byte[]> Echo(Environ environ, StartResponse start)
        {
            onThreadPool = Thread.CurrentThread.IsThreadPoolThread;
            var body = new System.IO.MemoryStream();
            environ.Input.CopyTo(body);
            start("200 OK", [new("Content-Type", "text/plain")])(body.ToArray());
            return [];
        }

        await using var host = await KestrelTestApp.StartAsync(web => web.MapSyncApp("/echo", Echo));
        using var client = new HttpClient { BaseAddress = new Uri($"http://{host.Endpoint}") };

        var response = await client.PostAsync("/echo", new StringContent(new string('x', 200_000)));

        Assert.Equal(200_000, (await response.Content.ReadAsStringAsync()).Length);
        Assert.False(onThreadPool);
    }

    [Fact]
    public async Task TheWebSocketExtension_AcceptsThroughAspNetCore_AndEchoes()
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Echo(Environ environ, AsyncStartResponse start)
        {
            using var socket = await environ.WebSocket!.AcceptAsync(environ.WebSocket.RequestedSubProtocols.Count > 0 ? environ.WebSocket.RequestedSubProtocols[0] : null);
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            await socket.SendAsync(buffer.AsMemory(0, received.Count), WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            start("200 OK", []);
            yield break;
        }

        await using var host = await KestrelTestApp.StartAsync(web => web.MapAsyncApp("/ws", Echo), before: web => web.UseWebSockets());
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("chat");

        await client.ConnectAsync(new Uri($"ws://{host.Endpoint}/ws"), CancellationToken.None);
        await client.SendAsync("ping"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64];
        var reply = await client.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Equal("chat", client.SubProtocol);
        Assert.Equal("ping", Encoding.UTF8.GetString(buffer, 0, reply.Count));
    }

    [Fact]
    public async Task AClientThatStopsReading_IsCutOffByTheMinimumResponseRate_AndFreesTheOldStyleHandlersPoolThread()
    {
        var released = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        IEnumerable<byte[]> Endless(Environ environ, StartResponse start)
        {
            var write = start("200 OK", [new("Content-Type", "application/octet-stream")]);
            var chunk = new byte[1024];
            try
            {
                while (true) write(chunk);
            }
            catch (Exception ex)
            {
                released.TrySetResult(ex);
                throw;
            }
        }

        await using var host = await KestrelTestApp.StartAsync(
            web =>
            {
                web.MapSyncApp("/endless", Endless);
                web.MapSyncApp("/legacy", LegacyHandlers.Hello);
            },
            new Dictionary<string, string?> { ["Compat:PoolThreadCount"] = "1" });
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(host.Endpoint);
        await stalled.SendAsync("GET /endless HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray());

        // 240 B/s after a 5 s grace, per waiting flush (Kestrel's own rate would count the megabytes in the socket buffers
        // and wait hours): write() throws once the connection is aborted.
        var failure = await released.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        var next = await http.GetAsync($"http://{host.Endpoint}/legacy");

        Assert.IsAssignableFrom<System.IO.IOException>(failure);
        Assert.Equal(System.Net.HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task StalledSmallUploads_HoldNoPoolThread_SoAnotherOldStyleRequestIsAnsweredAtOnce_AndTheHandlerReadsThePrereadBody()
    {
        static IEnumerable<byte[]> Echo(Environ environ, StartResponse start)
        {
            var text = new System.IO.StreamReader(environ.Input).ReadToEnd();
            start("200 OK", [new("Content-Type", "text/plain")]);
            return [Encoding.UTF8.GetBytes($"read {text.Length}")];
        }

        await using var host = await KestrelTestApp.StartAsync(
            web =>
            {
                web.MapSyncApp("/upload", Echo);
                web.MapSyncApp("/legacy", LegacyHandlers.Hello);
            },
            new Dictionary<string, string?> { ["Compat:PoolThreadCount"] = "2", ["Compat:PoolQueueLength"] = "4" });
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync($"http://{host.Endpoint}/legacy")).StatusCode);
        var stalled = new List<Socket>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(host.Endpoint);
                await socket.SendAsync("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nab"u8.ToArray());
                stalled.Add(socket);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var fast = await http.GetAsync($"http://{host.Endpoint}/legacy");
            var elapsed = clock.Elapsed;
            var whole = await http.PostAsync($"http://{host.Endpoint}/upload", new StringContent(new string('x', 50_000)));

            // Without the preread the pool's two threads and its queue are taken: 503 at once, or a wait for Kestrel to
            // give up on the stalled bodies after its 5 s grace. A loaded machine may be slow, not that slow.
            Assert.Equal(System.Net.HttpStatusCode.OK, fast.StatusCode);
            Assert.True(elapsed < TimeSpan.FromSeconds(3), $"an old-style request beside 20 stalled uploads took {elapsed}");
            Assert.Equal("read 50000", await whole.Content.ReadAsStringAsync());
        }
        finally
        {
            stalled.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task OldStyleWebSocketsPastTheHeldThreadLimit_Get503_AndOrdinaryOldStyleRequestsAreStillServed()
    {
        await using var host = await KestrelTestApp.StartAsync(
            web =>
            {
                web.MapSyncApp("/legacy-echo", ExtensionHandlers.LegacyEcho);
                web.MapSyncApp("/legacy", LegacyHandlers.Hello);
            },
            new Dictionary<string, string?> { ["Compat:PoolThreadCount"] = "3", ["Compat:PoolMaxHeldThreads"] = "1" },
            before: web => web.UseWebSockets());
        using var first = new ClientWebSocket();
        await first.ConnectAsync(new Uri($"ws://{host.Endpoint}/legacy-echo"), CancellationToken.None);

        using var second = new ClientWebSocket();
        second.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(new Uri($"ws://{host.Endpoint}/legacy-echo"), CancellationToken.None));
        using var http = new HttpClient();
        var ordinary = await http.GetAsync($"http://{host.Endpoint}/legacy");

        Assert.Equal(WebSocketState.Open, first.State);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, second.HttpStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, ordinary.StatusCode);
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
    }

    [Fact]
    public async Task TheTakeoverExtension_HandsOverTheConnectionOfAnUpgradeRequest_AndEarlyHintsAreAbsent()
    {
        var hints = "unset";
        async IAsyncEnumerable<ReadOnlyMemory<byte>> Tiny(Environ environ, AsyncStartResponse start)
        {
            hints = environ.EarlyHints is null ? "null" : "present";
            var pipe = await environ.Takeover!.TakeOverAsync();
            var line = await pipe.Input.ReadAtLeastAsync(5);
            var text = Encoding.ASCII.GetString(System.Buffers.BuffersExtensions.ToArray(line.Buffer));
            pipe.Input.AdvanceTo(line.Buffer.End);
            await pipe.Output.WriteAsync(Encoding.ASCII.GetBytes($"you said {text.Trim()}\n"));
            await pipe.Output.CompleteAsync();
            start("200 OK", []);
            yield break;
        }

        await using var host = await KestrelTestApp.StartAsync(web => web.MapAsyncApp("/tiny", Tiny));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host.Endpoint);
        await socket.SendAsync("GET /tiny HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: tiny\r\n\r\nhello\n"u8.ToArray());
        var received = new StringBuilder();
        var buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10))) > 0) received.Append(Encoding.ASCII.GetString(buffer, 0, read));

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols", received.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("you said hello\n", received.ToString(), StringComparison.Ordinal);
        Assert.Equal("null", hints);
    }
}
