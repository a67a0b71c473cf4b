using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using Compat.Gateway;

namespace Compat.Adapters;

/// <summary>
/// Exposes an old-style <see cref="SyncApp"/> as an <see cref="AsyncApp"/>: each request runs on a thread of a
/// <see cref="BoundedPool"/>, and write() and the returned iterable feed one byte-bounded pipe that the host
/// pulls. One adapter per handler; it holds no per-request state and may be used from any thread.
/// </summary>
public sealed class SyncAppAdapter
{
    private readonly SyncApp _app;

    /// <summary>Creates the adapter.</summary>
    /// <param name="app">The old-style handler.</param>
    /// <param name="pool">The pool its requests run on; owned by the caller, usually shared by several handlers.</param>
    /// <param name="options">Buffer sizes; defaults when null.</param>
    public SyncAppAdapter(SyncApp app, BoundedPool pool, SyncAppAdapterOptions? options = null)
    {
        _app = app ?? throw new ArgumentNullException(nameof(app));
        Pool = pool ?? throw new ArgumentNullException(nameof(pool));
        Options = options ?? new SyncAppAdapterOptions();
        if (Options.PauseWriterThreshold < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.PauseWriterThreshold, "The pause threshold must be at least 2 bytes.");
        }

        PipeOptions = new PipeOptions(
            pauseWriterThreshold: Options.PauseWriterThreshold,
            resumeWriterThreshold: Options.ResumeWriterThreshold,
            // The host's side must never continue on a pool thread; the pool thread just waits on its flush.
            readerScheduler: PipeScheduler.ThreadPool,
            writerScheduler: PipeScheduler.Inline,
            useSynchronizationContext: false);
    }

    /// <summary>The pool requests run on.</summary>
    public BoundedPool Pool { get; }

    /// <summary>The adapter's settings.</summary>
    public SyncAppAdapterOptions Options { get; }

    internal PipeOptions PipeOptions { get; }

    internal SyncApp App => _app;

    /// <summary>The adapted handler, to mount wherever an <see cref="AsyncApp"/> is expected.</summary>
    /// <returns>A delegate to <see cref="Invoke"/>.</returns>
    public AsyncApp AsAsyncApp() => Invoke;

    /// <summary>
    /// Starts one request. Nothing runs until the host first pulls the body; then the request is queued on the
    /// pool, or refused with <see cref="BoundedPoolRejectedException"/> when the queue is full.
    /// </summary>
    /// <param name="environ">The request. Its <see cref="Environ.RequestAborted"/> is replaced by a token that also fires when the host stops pulling early.</param>
    /// <param name="startResponse">The host's start_response.</param>
    /// <returns>The body; chunks are valid until the host asks for the next one.</returns>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> Invoke(Environ environ, AsyncStartResponse startResponse)
    {
        ArgumentNullException.ThrowIfNull(environ);
        ArgumentNullException.ThrowIfNull(startResponse);
        return new SyncAppInvocation(this, environ, startResponse);
    }
}
