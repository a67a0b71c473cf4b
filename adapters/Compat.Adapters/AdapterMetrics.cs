using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Compat.Adapters;

/// <summary>The instruments of the meter <c>Compat.Adapters</c>; every measurement is tagged with the pool's name.</summary>
internal static class AdapterMetrics
{
    public const string MeterName = "Compat.Adapters";
    public const string PoolTag = "compat.pool.name";

    private static readonly Meter Meter = new(MeterName);

    public static readonly UpDownCounter<int> BusyThreads = Meter.CreateUpDownCounter<int>(
        "compat.pool.busy_threads", "{thread}", "Pool threads running a handler.");

    public static readonly UpDownCounter<int> Queued = Meter.CreateUpDownCounter<int>(
        "compat.pool.queued", "{request}", "Requests waiting for a pool thread.");

    public static readonly UpDownCounter<int> HeldThreads = Meter.CreateUpDownCounter<int>(
        "compat.pool.held_threads", "{thread}", "Pool threads old-style handlers keep for a WebSocket or a taken-over connection.");

    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>(
        "compat.pool.rejected", "{request}", "Requests refused because the pool's queue was full.");

    public static readonly Histogram<double> WriteBlocked = Meter.CreateHistogram<double>(
        "compat.adapter.write.blocked_time", "s", "Time write() spent blocked waiting for the client to drain the response.");

    public static KeyValuePair<string, object?> Tag(string poolName) => new(PoolTag, poolName);
}
