using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Adapters.Tests;

public sealed class AdapterMetricsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ThePool_PublishesBusyQueuedAndRejected_TaggedWithThePoolName()
    {
        const string PoolName = "metrics-under-test";
        var measurements = new ConcurrentQueue<(string Instrument, double Value)>();
        using var listener = Listen(PoolName, measurements);

        using var release = new ManualResetEventSlim();
        IEnumerable<byte[]> Handler(Environ environ, StartResponse start)
        {
            release.Wait();
            var write = start("200 OK", []);
            for (var i = 0; i < 64; i++)
            {
                write(new byte[16 * 1024]);
            }

            return [];
        }

        await using var host = new GatewayTestHost(Handler, new GatewayTestHostOptions { Pool = new() { ThreadCount = 1, QueueLength = 1, Name = PoolName } });
        var running = host.GetAsync("/");
        Assert.True(SpinWait.SpinUntil(() => host.Pool!.BusyThreads == 1, Patience));
        var waiting = host.GetAsync("/");
        Assert.True(SpinWait.SpinUntil(() => host.Pool!.QueuedCount == 1, Patience));
        var refused = await host.GetAsync("/");
        release.Set();
        await Task.WhenAll(running, waiting);

        Assert.Equal(503, refused.StatusCode);
        double Sum(string name) => measurements.Where(m => m.Instrument == name).Sum(m => m.Value);
        Assert.Equal(1, Sum("compat.pool.rejected"));
        Assert.Contains(measurements, m => m.Instrument == "compat.pool.busy_threads" && m.Value == 1);
        Assert.Equal(0, Sum("compat.pool.busy_threads"));
        Assert.Contains(measurements, m => m.Instrument == "compat.pool.queued" && m.Value == 1);
        Assert.Equal(0, Sum("compat.pool.queued"));
    }

    [Fact]
    public async Task Write_ThatWaitsForTheClient_RecordsItsBlockedTime_WhetherTheHostPullsOrThePoolThreadWrites()
    {
        const string PoolName = "blocked-under-test";
        var measurements = new ConcurrentQueue<(string Instrument, double Value)>();
        using var listener = Listen(PoolName, measurements);
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = PoolName });
        static IEnumerable<byte[]> Handler(Environ environ, StartResponse start)
        {
            var write = start("200 OK", []);
            for (var i = 0; i < 8; i++)
            {
                write(new byte[32 * 1024]);
            }

            return [];
        }

        var adapter = new SyncAppAdapter(Handler, pool);

        // Pulled by the host through the pipe, slower than the handler writes: write() waits on the full pipe.
        await foreach (var _ in adapter.Invoke(new Environ { RequestMethod = "GET" }, (_, _, _) => { }))
        {
            await Task.Delay(5);
        }

        int BlockedCount() => measurements.Count(m => m.Instrument == "compat.adapter.write.blocked_time");
        var pulled = BlockedCount();
        Assert.True(pulled > 0, "no blocked time was recorded while the host pulled slowly");

        // Written by the pool thread to a host whose client drains slowly.
        await adapter.RunAsync(new Environ { RequestMethod = "GET" }, (_, _, _) => { }, new SlowClient());
        Assert.Equal(pulled + 8, BlockedCount());
    }

    private static MeterListener Listen(string poolName, ConcurrentQueue<(string Instrument, double Value)> measurements)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Compat.Adapters") listener.EnableMeasurementEvents(instrument);
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "compat.pool.name" && Equals(tag.Value, poolName)) measurements.Enqueue((instrument.Name, value));
            }
        }

        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        return listener;
    }

    private sealed class SlowClient : IBlockingResponseWriter
    {
        public bool Write(ReadOnlyMemory<byte> chunk, bool flush)
        {
            Thread.Sleep(1);
            return true;
        }
    }
}
