using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Xunit;

namespace Compat.Server.Tests;

public sealed class Http11Tests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PipelinedRequests_AreAnsweredInOrder_OnOneConnection(bool oldStyle)
    {
        // Old style: one pool thread runs the batch in a row (RequestRunnerOptions.ContinueOnPoolThread), reading
        // each body through the blocking Input stream, and answers chunked.
        await using var server = oldStyle ? await TestServer.StartAsync(Handlers.EchoSync) : await TestServer.StartAsync(Handlers.Echo);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync(
            "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
            + "GET /four HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var all = await connection.ReadToCloseAsync();

        var bodies = all.Split("HTTP/1.1 200 OK", StringSplitOptions.RemoveEmptyEntries).Select(BodyOf);
        Assert.Equal(["GET |/one ", "POST |/two abc", "POST |/three de", "GET |/four "], bodies);
    }

    [Fact]
    public async Task RequestsOnOneConnection_EachSeeTheirOwnTargetAndHeaders_WhenTheyRepeatOrDifferSlightly()
    {
        // The server reuses a previous request's strings when the bytes are the same; a change of one byte in a
        // value, a name, the query or the path must still reach the handler.
        await using var server = await TestServer.StartAsync(new AsyncApp(Describe));
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync(
            "GET /a?x=1 HTTP/1.1\r\nHost: a:8080\r\nX-Token: one\r\n\r\n"
            + "GET /a?x=1 HTTP/1.1\r\nHost: a:8080\r\nX-Token: one\r\n\r\n"
            + "GET /a?x=1 HTTP/1.1\r\nHost: a:8080\r\nX-Token: onf\r\n\r\n"
            + "GET /a?x=2 HTTP/1.1\r\nHost: b\r\nX-Tokem: one\r\n\r\n"
            + "GET /a%20b HTTP/1.1\r\nHost: c:9\r\nX-Token: one\r\nConnection: close\r\n\r\n");
        var all = await connection.ReadToCloseAsync();

        var bodies = all.Split("HTTP/1.1 200 OK", StringSplitOptions.RemoveEmptyEntries).Select(r => r[(r.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        Assert.Equal(
        [
            "/a /a x=1 a token=one other=",
            "/a /a x=1 a token=one other=",
            "/a /a x=1 a token=onf other=",
            "/a /a x=2 b token= other=one",
            "/a b /a%20b  c token=one other=",
        ], bodies);

        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Describe(Environ environ, AsyncStartResponse start)
        {
            environ.Headers.TryGetValue("HTTP_X_TOKEN", out var token);
            environ.Headers.TryGetValue("HTTP_X_TOKEM", out var other);
            var text = $"{environ.PathInfo} {Encoding.ASCII.GetString(environ.RawPath.Span)} {environ.QueryString} {environ.ServerName} token={token} other={other}";
            start("200 OK", [new("Content-Length", text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            await Task.CompletedTask;
            yield return Encoding.ASCII.GetBytes(text);
        }
    }

    [Fact]
    public async Task PipelinedOldStyleRequests_RunOnOnePoolThread_AndANewStyleOneAmongThemRunsOffThePool()
    {
        // After an old-style handler the connection goes on on its pool thread: the next pipelined old-style
        // request runs there without a hand-off, but a new-style handler must not hold a thread meant for blocking.
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        IEnumerable<byte[]> Old(Environ environ, StartResponse start)
        {
            seen.Enqueue($"old {Environment.CurrentManagedThreadId} {Compat.Adapters.BoundedPool.OnAnyPoolThread}");
            start("200 OK", [new("Content-Length", "3")])("old"u8.ToArray());
            return [];
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> New(Environ environ, AsyncStartResponse start)
        {
            seen.Enqueue($"new {Compat.Adapters.BoundedPool.OnAnyPoolThread} {Thread.CurrentThread.IsThreadPoolThread}");
            start("200 OK", [new("Content-Length", "3")]);
            await Task.CompletedTask;
            yield return "new"u8.ToArray();
        }

        await using var server = await TestServer.StartAsync(s =>
        {
            s.Mount("/old", Old);
            s.Mount("/new", New);
        });
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync(string.Concat(Enumerable.Repeat("GET /old HTTP/1.1\r\nHost: a\r\n\r\n", 4))
            + "GET /new HTTP/1.1\r\nHost: a\r\n\r\nGET /old HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var all = await connection.ReadToCloseAsync();

        Assert.Equal("old old old old new old ", string.Concat(all.Split("\r\n\r\n").Skip(1).Select(body => body[..3] + " ")));
        var old = seen.Where(s => s.StartsWith("old", StringComparison.Ordinal)).ToArray();
        Assert.All(old, s => Assert.EndsWith("True", s, StringComparison.Ordinal));
        Assert.Single(old.Take(4).Distinct());
        Assert.Contains("new False True", seen);
    }

    [Fact]
    public async Task PipelinedResponses_AreNotHeldBack_ByAnIncompleteNextRequest()
    {
        // Responses to pipelined requests may wait in the output buffer to leave together; a half-sent next
        // request must not keep the finished ones from the client.
        await using var server = await TestServer.StartAsync(Handlers.Echo);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("GET /one HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\nGET /three HTTP/1.1\r\nHo");
        var first = await connection.ReadUntilAsync("|/two ").WaitAsync(TimeSpan.FromSeconds(10));
        await connection.SendAsync("st: a\r\nConnection: close\r\n\r\n");
        var rest = await connection.ReadToCloseAsync();

        Assert.Contains("|/one ", first, StringComparison.Ordinal);
        Assert.Contains("|/three ", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreadBody_IsDrained_SoTheNextRequestOnTheConnectionParses()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var all = await connection.ReadToCloseAsync();

        Assert.Equal(2, all.Split("HTTP/1.1 200 OK", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Http10_ClosesByDefault_AndKeepsAliveWhenAsked()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello);
        using var plain = await RawConnection.OpenAsync(server.Endpoint);
        using var keepAlive = await RawConnection.OpenAsync(server.Endpoint);

        await plain.SendAsync("GET / HTTP/1.0\r\n\r\n");
        var closed = await plain.ReadToCloseAsync();
        await keepAlive.SendAsync("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n");
        var both = await keepAlive.ReadToCloseAsync();

        Assert.Contains("Connection: close", closed, StringComparison.Ordinal);
        Assert.Contains("Connection: keep-alive", both, StringComparison.Ordinal);
        Assert.Equal(2, both.Split("HTTP/1.1 200 OK", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task TheLongestMountedPrefixWins_AndNothingMountedIs404()
    {
        await using var server = await TestServer.StartAsync(s =>
        {
            s.Mount("/api", Handlers.Echo);
            s.Mount("/api/v2", Handlers.Echo);
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://{server.Endpoint}") };

        Assert.Equal("GET /api|/users ", await client.GetStringAsync("/api/users"));
        Assert.Equal("GET /api/v2|/users ", await client.GetStringAsync("/api/v2/users"));
        Assert.Equal("GET /api| ", await client.GetStringAsync("/api"));
        Assert.Equal("GET /api|/v20 ", await client.GetStringAsync("/api/v20"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/apiary")).StatusCode);
    }

    [Fact]
    public async Task HttpClient_TalksToBothStyles_WithKeepAlive()
    {
        await using var server = await TestServer.StartAsync(s =>
        {
            s.Mount("/async", Handlers.Echo);
            s.Mount("/sync", (SyncApp)((environ, start) =>
            {
                var body = new System.IO.MemoryStream();
                environ.Input.CopyTo(body);
                start("200 OK", [new("Content-Type", "text/plain")])(Encoding.ASCII.GetBytes($"sync {body.Length}"));
                return [];
            }));
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://{server.Endpoint}") };

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("POST /async| data", await (await client.PostAsync("/async", new StringContent("data"))).Content.ReadAsStringAsync());
            Assert.Equal("sync 4", await (await client.PostAsync("/sync", new StringContent("data"))).Content.ReadAsStringAsync());
        }

        Assert.Equal(10, server.AccessLog.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task ARequestBody_IsStreamedToTheHandler_NotBufferedWhole()
    {
        var firstPart = new TaskCompletionSource<string>();
        async System.Collections.Generic.IAsyncEnumerable<ReadOnlyMemory<byte>> Handler(Environ environ, AsyncStartResponse start)
        {
            var result = await environ.BodyReader!.ReadAtLeastAsync(5);
            firstPart.SetResult(Encoding.ASCII.GetString(result.Buffer.Slice(0, 5).ToArray()));
            environ.BodyReader.AdvanceTo(result.Buffer.GetPosition(5));
            start("200 OK", [new("Content-Length", "2")]);
            yield return "ok"u8.ToArray();
        }

        await using var server = await TestServer.StartAsync(Handler);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\nhello");

        Assert.Equal("hello", await firstPart.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task TheAccessLog_HasOneLinePerRequest_WithClientRequestLineStatusBytesAndDuration()
    {
        await using var server = await TestServer.StartAsync(Handlers.Hello);
        using var client = new HttpClient();

        await client.GetStringAsync($"http://{server.Endpoint}/a?b=c");

        Assert.Matches(@"^info: 127\.0\.0\.1:\d+ ""GET /a\?b=c HTTP/1\.1"" 200 5 [\d.]+ms\r?\n$", server.AccessLog);
    }

    [Fact]
    public async Task TheAccessLog_MarksAnAbortedResponse()
    {
        static async System.Collections.Generic.IAsyncEnumerable<ReadOnlyMemory<byte>> Broken(Environ environ, AsyncStartResponse start)
        {
            start("200 OK", [new("Content-Length", "4000")]);
            yield return new byte[1000];
            await Task.Yield();
            throw new InvalidOperationException("broken after the headers");
        }

        await using var server = await TestServer.StartAsync(Broken);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("GET /broken HTTP/1.1\r\nHost: a\r\n\r\n");
        await connection.ReadToCloseAsync();
        for (var i = 0; i < 50 && !server.AccessLog.Contains("aborted", StringComparison.Ordinal); i++) await Task.Delay(20);

        Assert.Matches(@"""GET /broken HTTP/1\.1"" 200 1000 [\d.]+ms aborted\r?\n$", server.AccessLog);
    }

    [Fact]
    public async Task Stop_LetsAnInFlightRequestFinish_ClosesIdleConnections_AndRefusesNewOnes()
    {
        using var release = new SemaphoreSlim(0);
        async System.Collections.Generic.IAsyncEnumerable<ReadOnlyMemory<byte>> Slow(Environ environ, AsyncStartResponse start)
        {
            await release.WaitAsync();
            start("200 OK", [new("Content-Length", "4")]);
            yield return "done"u8.ToArray();
        }

        var server = await TestServer.StartAsync(s => { s.Mount("/slow", Slow); s.Mount("/", Handlers.Hello); });
        using var idle = await RawConnection.OpenAsync(server.Endpoint);
        await idle.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        await idle.ReadUntilAsync("hello");
        using var inFlight = await RawConnection.OpenAsync(server.Endpoint);
        await inFlight.SendAsync("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
        await Task.Delay(200);

        var stopping = server.Server.StopAsync();
        var idleClosed = await idle.ReadToCloseAsync();
        release.Release();
        var finished = await inFlight.ReadToCloseAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(string.Empty, idleClosed);
        Assert.StartsWith("HTTP/1.1 200 OK", finished, StringComparison.Ordinal);
        Assert.Contains("Connection: close", finished, StringComparison.Ordinal);
        Assert.EndsWith("done", finished, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => RawConnection.OpenAsync(server.Endpoint));
    }

    // The body of one response as received, de-chunked when it came chunked.
    private static string BodyOf(string response)
    {
        var headEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = response[(headEnd + 4)..];
        if (!response[..headEnd].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)) return body;
        var decoded = new StringBuilder();
        for (var size = 0; (size = Convert.ToInt32(body[..body.IndexOf("\r\n", StringComparison.Ordinal)], 16)) > 0;)
        {
            var start = body.IndexOf("\r\n", StringComparison.Ordinal) + 2;
            decoded.Append(body, start, size);
            body = body[(start + size + 2)..];
        }

        return decoded.ToString();
    }
}
