using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Adapters.Tests;

public sealed class SyncAppAdapterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Write_ThrowsAnIOException_OnceTheClientIsGone_AndTheHandlerCleansUpAndFreesItsThread()
    {
        var events = new ConcurrentQueue<string>();
        var chunk = new byte[4096];
        IEnumerable<byte[]> Handler(Environ environ, StartResponse start)
        {
            var write = start("200 OK", []);
            try
            {
                while (true)
                {
                    write(chunk);
                }
            }
            catch (IOException ex)
            {
                events.Enqueue(ex.GetType().Name);
                throw;
            }
            finally
            {
                events.Enqueue(environ.RequestAborted.IsCancellationRequested ? "finally, aborted" : "finally, not aborted");
            }
        }

        await using var host = new GatewayTestHost(Handler, new GatewayTestHostOptions { Pool = new() { ThreadCount = 1, Name = "disconnect" } });
        var response = await host.SendAsync(new TestRequest { DisconnectAfterResponseBytes = 256 * 1024 });

        Assert.True(response.Aborted);
        Assert.Equal([nameof(ClientDisconnectedException), "finally, aborted"], events);
        Assert.True(SpinWait.SpinUntil(() => host.Pool!.BusyThreads == 0, Patience));
        var next = await host.SendAsync(new TestRequest { DisconnectAfterResponseBytes = 1 }).WaitAsync(Patience);
        Assert.Equal(200, next.StatusCode);
    }

    [Fact]
    public async Task AFullQueue_IsAnImmediate503WithRetryAfter_AndEveryQueuedRequestRunsExactlyOnce()
    {
        var ran = new ConcurrentQueue<string>();
        using var release = new ManualResetEventSlim();
        IEnumerable<byte[]> Handler(Environ environ, StartResponse start)
        {
            ran.Enqueue(environ.QueryString);
            release.Wait();
            start("200 OK", [])(Encoding.ASCII.GetBytes(environ.QueryString));
            return [];
        }

        await using var host = new GatewayTestHost(Handler, new GatewayTestHostOptions { Pool = new() { ThreadCount = 1, QueueLength = 2, Name = "queue", RetryAfter = TimeSpan.FromSeconds(3) } });
        var running = host.GetAsync("/?a");
        Assert.True(SpinWait.SpinUntil(() => host.Pool!.BusyThreads == 1, Patience));
        var queued = new[] { host.GetAsync("/?b"), host.GetAsync("/?c") };
        Assert.True(SpinWait.SpinUntil(() => host.Pool!.QueuedCount == 2, Patience));

        var refused = await host.GetAsync("/?d").WaitAsync(Patience);

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("3", refused.GetHeader("Retry-After"));
        Assert.False(release.IsSet);
        release.Set();
        var served = await Task.WhenAll(queued.Prepend(running));
        Assert.Equal(["a", "b", "c"], served.Select(response => response.BodyText));
        Assert.Equal(["a", "b", "c"], ran.OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Input_StreamsTheRequestBody_TheHandlerReadsTheStartBeforeTheRestIsSent()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "input" });
        var requestBody = new Pipe();
        using var firstPartRead = new SemaphoreSlim(0);
        IEnumerable<byte[]> Handler(Environ environ, StartResponse start)
        {
            var buffer = new byte[5];
            var read = environ.Input.ReadAtLeast(buffer, 5);
            firstPartRead.Release();
            var rest = new MemoryStream();
            environ.Input.CopyTo(rest);
            start("200 OK", [])([.. buffer.AsSpan(0, read), .. Encoding.ASCII.GetBytes("+"), .. rest.ToArray()]);
            return [];
        }

        var environ = new Environ { RequestMethod = "POST", BodyReader = requestBody.Reader };
        var adapter = new SyncAppAdapter(Handler, pool);
        var body = adapter.Invoke(environ, (_, _, _) => { }).GetAsyncEnumerator();
        var first = body.MoveNextAsync();

        await requestBody.Writer.WriteAsync(Encoding.ASCII.GetBytes("hello"));
        Assert.True(await firstPartRead.WaitAsync(Patience), "the handler never saw the first part of a body still being sent");
        await requestBody.Writer.WriteAsync(Encoding.ASCII.GetBytes(" world"));
        await requestBody.Writer.CompleteAsync();

        Assert.True(await first);
        Assert.Equal("hello+ world", Encoding.ASCII.GetString(body.Current.Span));
        Assert.False(await body.MoveNextAsync());
        await body.DisposeAsync();
    }

    [Fact]
    public async Task TheBody_CanBeEnumeratedOnlyOnce_BecauseTheHandlerRunsOncePerRequest()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "once" });
        var body = new SyncAppAdapter((_, start) => { start("200 OK", []); return []; }, pool).Invoke(new Environ(), (_, _, _) => { });

        await using var enumerator = body.GetAsyncEnumerator();

        Assert.Throws<InvalidOperationException>(() => body.GetAsyncEnumerator());
    }

    [Fact]
    public async Task Write_AfterTheHandlerReturned_IsRefused()
    {
        Write? kept = null;
        await using var host = new GatewayTestHost((_, start) => { kept = start("200 OK", []); return []; });
        await host.GetAsync("/");

        var error = Assert.Throws<InvalidOperationException>(() => kept!([1]));

        Assert.Contains("after the handler returned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHandlerReturningNull_IsA500ThatSaysWhy()
    {
        await using var host = new GatewayTestHost((SyncApp)((_, start) => { start("200 OK", []); return null!; }));

        var response = await host.GetAsync("/");

        Assert.Equal(500, response.StatusCode);
        Assert.Contains("returned null", response.ErrorLog, StringComparison.Ordinal);
    }
}
