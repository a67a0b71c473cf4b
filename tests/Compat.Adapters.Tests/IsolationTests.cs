using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Adapters.Tests;

[Collection(nameof(SerialCollection))]
public sealed class IsolationTests
{
    private const int PoolSize = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WithEveryPoolThreadBlocked_AnAsyncHandlerStillCompletes_AndTheThreadPoolDoesNotGrow()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = PoolSize, QueueLength = 0, Name = "isolation" });
        using var release = new ManualResetEventSlim();
        using var started = new CountdownEvent(PoolSize);
        IEnumerable<byte[]> Blocking(Environ environ, StartResponse start)
        {
            started.Signal();
            release.Wait();
            start("200 OK", [])([1]);
            return [];
        }

        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Quick(Environ environ, AsyncStartResponse start)
        {
            start("200 OK", [new("Content-Type", "text/plain")]);
            await Task.Yield();
            yield return "fast"u8.ToArray();
        }

        await using var blockingHost = new GatewayTestHost(new SyncAppAdapter(Blocking, pool).AsAsyncApp());
        await using var asyncHost = new GatewayTestHost(Quick);
        await asyncHost.GetAsync("/");
        var threadPoolBefore = ThreadPool.ThreadCount;

        var blocked = Enumerable.Range(0, PoolSize).Select(_ => blockingHost.GetAsync("/")).ToArray();
        Assert.True(started.Wait(Patience), "the blocking handlers did not all start");
        var refused = await blockingHost.GetAsync("/").WaitAsync(Patience);
        for (var i = 0; i < 200; i++)
        {
            var response = await asyncHost.GetAsync("/").WaitAsync(Patience);
            Assert.Equal("fast", response.BodyText);
        }

        // Long enough for the ThreadPool's starvation logic to inject threads, were anything blocking it.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var threadPoolAfter = ThreadPool.ThreadCount;
        release.Set();
        var finished = await Task.WhenAll(blocked).WaitAsync(Patience);

        Assert.Equal(503, refused.StatusCode);
        Assert.All(finished, response => Assert.Equal(200, response.StatusCode));
        Assert.True(threadPoolAfter <= threadPoolBefore + 1,
            $"the ThreadPool grew from {threadPoolBefore} to {threadPoolAfter} threads while {PoolSize} handlers were blocked");
    }
}
