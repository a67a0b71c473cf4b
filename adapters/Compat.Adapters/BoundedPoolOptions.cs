using System;

namespace Compat.Adapters;

/// <summary>Settings of a <see cref="BoundedPool"/>. Immutable; each default is a named constant with its reason.</summary>
public sealed class BoundedPoolOptions
{
    /// <summary>
    /// Old-style handlers mostly block on I/O (databases, files, other services), so a pool needs several
    /// threads per core, as mod_wsgi's and waitress's defaults do; 32 keeps memory for stacks small.
    /// </summary>
    public const int DefaultThreadCount = 32;

    /// <summary>A queue much longer than the pool only adds waiting time before the client gives up.</summary>
    public const int DefaultQueueLength = 128;

    /// <summary>One second: long enough for a busy pool to drain a few requests, short enough to retry soon.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>Number of dedicated threads. At least 1.</summary>
    public int ThreadCount { get; init; } = DefaultThreadCount;

    /// <summary>How many requests may wait for a free thread; beyond that they are refused at once. At least 0.</summary>
    public int QueueLength { get; init; } = DefaultQueueLength;

    /// <summary>What a refused request's 503 tells the client in Retry-After.</summary>
    public TimeSpan RetryAfter { get; init; } = DefaultRetryAfter;

    /// <summary>
    /// How many threads old-style handlers may keep for connections that outlive their request (a WebSocket they
    /// accepted, a connection they took over), each held for as long as its client stays; null for half the threads,
    /// rounded up. Past it the hosts refuse such upgrades with 503, so clients that open WebSockets and wait cannot
    /// take every thread from ordinary requests. From 0 to <see cref="ThreadCount"/>.
    /// </summary>
    public int? MaxHeldThreads { get; init; }

    /// <summary><see cref="MaxHeldThreads"/>, or its default for <see cref="ThreadCount"/>.</summary>
    public int HeldThreadLimit => MaxHeldThreads ?? (ThreadCount + 1) / 2;

    /// <summary>Names the threads and tags the pool's metrics, to tell several pools apart.</summary>
    public string Name { get; init; } = "default";

    /// <summary>Throws when a setting is out of range, naming it; the pool checks this when it starts.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (ThreadCount < 1) throw new ArgumentOutOfRangeException(nameof(ThreadCount), ThreadCount, "A pool needs at least one thread.");
        if (QueueLength < 0) throw new ArgumentOutOfRangeException(nameof(QueueLength), QueueLength, "The queue length cannot be negative.");
        if (MaxHeldThreads < 0 || MaxHeldThreads > ThreadCount) throw new ArgumentOutOfRangeException(nameof(MaxHeldThreads), MaxHeldThreads, "From 0 to the pool's thread count.");
        if (RetryAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryAfter), RetryAfter, "Retry-After cannot be negative.");
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("A pool needs a name.", nameof(Name));
    }
}
