using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Xunit;

namespace Compat.Adapters.Tests;

[Collection(nameof(SerialCollection))]
public sealed class BackpressureTests
{
    private const long OneGibibyte = 1L << 30;
    private const int ChunkSize = 64 * 1024;
    private const long MemoryBudget = 64L << 20;

    [Fact]
    public async Task Write_OfOneGibibyteToASlowConsumer_KeepsManagedMemoryGrowthUnder64MiB()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "backpressure" });
        long written = 0;
        IEnumerable<byte[]> Handler(Environ environ, StartResponse start)
        {
            var write = start("200 OK", []);
            var chunk = new byte[ChunkSize];
            for (long sent = 0; sent < OneGibibyte; sent += ChunkSize)
            {
                write(chunk);
                Interlocked.Add(ref written, ChunkSize);
            }

            return [];
        }

        var adapter = new SyncAppAdapter(Handler, pool);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long consumed = 0;
        long peakGrowth = 0;
        long maxAhead = 0;
        long nextPause = 0;

        await foreach (var piece in adapter.Invoke(new Environ { RequestMethod = "GET" }, (_, _, _) => { }))
        {
            consumed += piece.Length;
            maxAhead = Math.Max(maxAhead, Volatile.Read(ref written) - consumed);
            if (consumed >= nextPause)
            {
                // A slow client: it stops to drain every MiB, so the handler keeps running into a full pipe.
                nextPause += 1 << 20;
                peakGrowth = Math.Max(peakGrowth, GC.GetTotalMemory(forceFullCollection: false) - baseline);
                await Task.Delay(1);
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.Equal(OneGibibyte, consumed);
        Assert.True(peakGrowth < MemoryBudget, $"managed memory grew by {peakGrowth >> 20} MiB");
        Assert.True(allocated < MemoryBudget, $"{allocated >> 20} MiB were allocated to move 1 GiB");
        Assert.True(maxAhead <= 2 * SyncAppAdapterOptions.DefaultPauseWriterThreshold + ChunkSize,
            $"the handler got {maxAhead >> 10} KiB ahead of the consumer; write() should block at the pause threshold");
    }
}
