using System;
using Compat.Adapters;
using Compat.Hosting;
using Compat.Hosting.Recording;

namespace Compat.AspNetCore;

/// <summary>
/// Settings of the ASP.NET Core host, bound from the configuration section <c>Compat</c> (appsettings.json,
/// environment variables <c>Compat__PoolThreadCount</c>, ...). Defaults are the adapters' own.
/// </summary>
public sealed class CompatOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Compat";

    /// <summary>Threads of the pool old-style handlers run on.</summary>
    public int PoolThreadCount { get; set; } = BoundedPoolOptions.DefaultThreadCount;

    /// <summary>Requests that may wait for a pool thread; beyond that, 503.</summary>
    public int PoolQueueLength { get; set; } = BoundedPoolOptions.DefaultQueueLength;

    /// <summary>
    /// Pool threads old-style handlers may keep for a WebSocket or a taken-over connection; past it such upgrades get
    /// 503. Null for half the threads, rounded up (<see cref="BoundedPoolOptions.MaxHeldThreads"/>).
    /// </summary>
    public int? PoolMaxHeldThreads { get; set; }

    /// <summary>Retry-After of a 503 for a full pool, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = (int)BoundedPoolOptions.DefaultRetryAfter.TotalSeconds;

    /// <summary>Bytes buffered between an old-style handler and the response; write() blocks above it.</summary>
    public int PauseWriterThreshold { get; set; } = SyncAppAdapterOptions.DefaultPauseWriterThreshold;

    /// <summary>
    /// The slowest a client may take a mapped handler's response, in bytes a second; 0 turns the check off. A flush
    /// that waits for the client may take the time its bytes need at this rate, and at least
    /// <see cref="MinResponseDataRateGracePeriodSeconds"/>; then the connection is aborted and an old-style
    /// handler's write() throws <see cref="ClientDisconnectedException"/>, which frees its pool thread. Kestrel's own
    /// MinResponseDataRate counts every byte it has buffered for the client: after a few megabytes sent into
    /// socket buffers, a client that stops reading keeps its connection for hours, and with it the pool thread of an
    /// old-style handler blocked in write().
    /// </summary>
    public double MinResponseDataRate { get; set; } = DefaultMinResponseDataRate;

    /// <summary>The least time any waiting flush gets under <see cref="MinResponseDataRate"/>, in seconds.</summary>
    public double MinResponseDataRateGracePeriodSeconds { get; set; } = DefaultMinResponseDataRateGracePeriodSeconds;

    /// <summary>Kestrel's MinResponseDataRate: 240 bytes a second.</summary>
    public const double DefaultMinResponseDataRate = 240;

    /// <summary>Kestrel's grace period for it: 5 seconds.</summary>
    public const double DefaultMinResponseDataRateGracePeriodSeconds = 5;

    /// <summary>The Server header added when a handler gives none; empty adds none.</summary>
    public string ServerHeader { get; set; } = RequestRunnerOptions.DefaultServerHeader;

    /// <summary>
    /// Whether, after an old-style handler returns, the request's remaining work (the rest of the endpoint, then
    /// Kestrel's and the application's middleware, and on a keep-alive connection whatever Kestrel runs next until
    /// it waits) goes on on that handler's pool thread instead of moving back to the ThreadPool
    /// (<see cref="RequestRunnerOptions.ContinueOnPoolThread"/>). Saves a thread hand-off per old-style request and
    /// lets a pipelined batch of them run on one pool thread; new-style handlers are still moved off the pool. Off
    /// by default: turn it on only when no middleware blocks a thread, since blocking there would hold a pool thread.
    /// </summary>
    public bool ContinueOnPoolThread { get; set; }

    /// <summary>
    /// Records a sample of the requests to mapped handlers into this directory, one file per handler, for
    /// <c>compat verify</c> (docs/recording.md); null or empty records nothing. A handler's name is its method's
    /// (<see cref="Compat.Hosting.Recording.HandlerNames"/>).
    /// </summary>
    public string? RecordDirectory { get; set; }

    /// <summary>The fraction of requests recorded, 0 to 1.</summary>
    public double RecordSampleRate { get; set; } = RecordingOptions.DefaultSampleRate;

    /// <summary>Body bytes kept per recorded request; a longer body is recorded as incomplete.</summary>
    public int RecordMaxRequestBytes { get; set; } = RecordingOptions.DefaultMaxRequestBytes;

    /// <summary>Size of the directory's recordings at which recording stops.</summary>
    public long RecordMaxBytes { get; set; } = RecordingOptions.DefaultMaxBytes;

    /// <summary>Headers redacted besides Authorization, Proxy-Authorization and Cookie.</summary>
    public string[] RecordRedactHeaders { get; set; } = [];

    internal RecordingOptions? ToRecordingOptions() => string.IsNullOrEmpty(RecordDirectory) ? null : new()
    {
        Directory = RecordDirectory,
        SampleRate = RecordSampleRate,
        MaxRequestBytes = RecordMaxRequestBytes,
        MaxBytes = RecordMaxBytes,
        RedactHeaders = RecordRedactHeaders,
    };

    internal BoundedPoolOptions ToPoolOptions() => new()
    {
        ThreadCount = PoolThreadCount,
        QueueLength = PoolQueueLength,
        MaxHeldThreads = PoolMaxHeldThreads,
        RetryAfter = TimeSpan.FromSeconds(RetryAfterSeconds),
        Name = "aspnetcore",
    };
}
