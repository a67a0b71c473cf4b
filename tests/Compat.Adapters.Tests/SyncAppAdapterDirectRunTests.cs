using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Xunit;

namespace Compat.Adapters.Tests;

/// <summary><see cref="SyncAppAdapter.RunAsync"/>: the pool thread writes the response itself.</summary>
public sealed class SyncAppAdapterDirectRunTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TryGetAdapter_FindsTheAdapterBehindAsAsyncApp_AndNothingBehindOtherHandlers()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "find" });
        var adapter = new SyncAppAdapter((_, _) => [], pool);
        AsyncApp other = (_, _) => AsyncEnumerable.Empty<ReadOnlyMemory<byte>>();
        AsyncApp sameMethodOtherDelegate = adapter.Invoke;

        Assert.True(SyncAppAdapter.TryGetAdapter(adapter.AsAsyncApp(), out var found));
        Assert.Same(adapter, found);
        Assert.Same(adapter.AsAsyncApp(), adapter.AsAsyncApp());
        Assert.False(SyncAppAdapter.TryGetAdapter(other, out _));
        Assert.False(SyncAppAdapter.TryGetAdapter(sameMethodOtherDelegate, out _));
    }

    [Fact]
    public async Task Write_IsFlushedAtOnce_ACollectionMayWait_ALazyIterableIsFlushedPerItem_AndTheStatusComesFirst()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "flush" });
        static IEnumerable<byte[]> Lazy()
        {
            yield return [3];
            yield return [4];
        }

        var cases = new (SyncApp App, (string Bytes, bool Flush)[] Expected)[]
        {
            ((_, start) => { start("200 OK", [])([1, 2]); return [[3]]; }, [("1,2", true), ("3", false)]),
            ((_, start) => { start("200 OK", []); return new List<byte[]> { new byte[] { 3 }, new byte[] { 4 } }; }, [("3", false), ("4", false)]),
            ((_, start) => { start("200 OK", []); return Lazy(); }, [("3", true), ("4", true)]),
        };
        foreach (var (app, expected) in cases)
        {
            var events = new List<string>();
            var writer = new RecordingWriter(events);
            await new SyncAppAdapter(app, pool).RunAsync(new Environ(), (status, _, _) => events.Add(status), writer);

            Assert.Equal(["200 OK", .. expected.Select(e => $"{e.Bytes} flush={e.Flush}")], events);
        }
    }

    [Fact]
    public async Task AnEmptyBody_StartsTheHostsResponseWhenTheHandlerReturns()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "empty" });
        var events = new List<string>();

        await new SyncAppAdapter((_, start) => { start("204 No Content", []); return []; }, pool)
            .RunAsync(new Environ(), (status, _, _) => events.Add(status), new RecordingWriter(events));

        Assert.Equal(["204 No Content"], events);
    }

    [Fact]
    public async Task OneHugeWrite_ReachesTheHostInSlicesOfThePauseThreshold()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "slices" });
        var events = new List<string>();
        var writer = new RecordingWriter(events);
        var adapter = new SyncAppAdapter((_, start) => { start("200 OK", [])(new byte[10_000]); return []; }, pool, new SyncAppAdapterOptions { PauseWriterThreshold = 4096 });

        await adapter.RunAsync(new Environ(), (_, _, _) => { }, writer);

        Assert.Equal([4096, 4096, 1808], writer.Lengths);
    }

    [Fact]
    public async Task TheHandlersError_FaultsTheTask_AfterTheBytesItWrote_AndTheStatusIsNotHandedOver()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "error" });
        var events = new List<string>();
        var started = new List<string>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SyncAppAdapter((_, start) => { start("200 OK", []); throw new InvalidOperationException("boom"); }, pool)
            .RunAsync(new Environ(), (status, _, _) => started.Add(status), new RecordingWriter(events)));

        Assert.Equal("boom", error.Message);
        Assert.Empty(started);
        Assert.Empty(events);
    }

    [Fact]
    public async Task AWriteAfterTheClientLeft_ThrowsClientDisconnectedIntoTheHandler()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "gone" });
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        Exception? seen = null;
        IEnumerable<byte[]> Handler(Environ environ, StartResponse start)
        {
            try
            {
                start("200 OK", [])([1]);
            }
            catch (Exception ex)
            {
                seen = ex;
                throw;
            }

            return [];
        }

        await Assert.ThrowsAsync<ClientDisconnectedException>(() => new SyncAppAdapter(Handler, pool)
            .RunAsync(new Environ { RequestAborted = gone.Token }, (_, _, _) => { }, new RecordingWriter([])));
        Assert.IsType<ClientDisconnectedException>(seen);
    }

    [Fact]
    public async Task AFullQueue_IsRefusedAtOnce_AndTheHostContinuesOffThePoolsThreads()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, QueueLength = 1, Name = "full" });
        using var release = new ManualResetEventSlim();
        var adapter = new SyncAppAdapter((_, start) => { release.Wait(); start("200 OK", []); return []; }, pool);
        var running = adapter.RunAsync(new Environ(), (_, _, _) => { }, new RecordingWriter([]));
        Assert.True(SpinWait.SpinUntil(() => pool.BusyThreads == 1, Patience));
        var queued = adapter.RunAsync(new Environ(), (_, _, _) => { }, new RecordingWriter([]));

        // Thrown by the call itself, not through its task: the host answers 503 before it awaits anything.
        var refused = Record.Exception(() => { _ = adapter.RunAsync(new Environ(), (_, _, _) => { }, new RecordingWriter([])); });
        Assert.IsType<BoundedPoolRejectedException>(refused);
        release.Set();
        await running;
        Assert.False(pool.IsPoolThread);
        await queued;
    }

    private sealed class RecordingWriter(List<string> events) : IBlockingResponseWriter
    {
        public List<int> Lengths { get; } = [];

        public bool Write(ReadOnlyMemory<byte> chunk, bool flush)
        {
            Lengths.Add(chunk.Length);
            events.Add($"{string.Join(',', chunk.ToArray())} flush={flush}");
            return false;
        }
    }
}
