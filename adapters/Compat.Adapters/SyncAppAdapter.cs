using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Adapters;

/// <summary>
/// Runs an old-style <see cref="SyncApp"/> on a thread of a <see cref="BoundedPool"/>, behind the async interface.
/// Two ways: as an <see cref="AsyncApp"/> (<see cref="AsAsyncApp"/>), whose write() and returned iterable feed one
/// byte-bounded pipe that the caller pulls; or, for a host that can take writes from the pool thread,
/// <see cref="RunAsync"/>, where that thread writes the response itself (one thread hand-off per request instead
/// of one per chunk and back). Compat's hosts recognise an <see cref="AsAsyncApp"/> delegate
/// (<see cref="TryGetAdapter"/>) and take the second way. One adapter per handler; it holds no per-request state
/// and may be used from any thread.
/// </summary>
public sealed class SyncAppAdapter
{
    private readonly SyncApp _app;
    private readonly AsyncApp _asAsyncApp;

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
        _asAsyncApp = Invoke;
    }

    /// <summary>The pool requests run on.</summary>
    public BoundedPool Pool { get; }

    /// <summary>The adapter's settings.</summary>
    public SyncAppAdapterOptions Options { get; }

    internal PipeOptions PipeOptions { get; }

    internal SyncApp App => _app;

    /// <summary>The adapted handler, to mount wherever an <see cref="AsyncApp"/> is expected.</summary>
    /// <returns>A delegate to <see cref="Invoke"/>, the same one each time, which <see cref="TryGetAdapter"/> recognises.</returns>
    public AsyncApp AsAsyncApp() => _asAsyncApp;

    /// <summary>Finds the adapter behind a delegate made by <see cref="AsAsyncApp"/>, so a host can use <see cref="RunAsync"/>.</summary>
    /// <param name="app">Any handler.</param>
    /// <param name="adapter">The adapter, when <paramref name="app"/> is one's <see cref="AsAsyncApp"/>.</param>
    /// <returns>True when found.</returns>
    public static bool TryGetAdapter(AsyncApp app, [NotNullWhen(true)] out SyncAppAdapter? adapter)
    {
        adapter = app?.Target as SyncAppAdapter;
        if (adapter is not null && ReferenceEquals(adapter._asAsyncApp, app))
        {
            return true;
        }

        adapter = null;
        return false;
    }

    /// <summary>
    /// Runs one request with the response written by the pool thread that runs the handler: the status and headers
    /// through <paramref name="startResponse"/> (before the first body bytes, or when the handler returns), the body
    /// through <paramref name="writer"/>, blocking that thread while the client is slow. The request is queued on the
    /// pool, or refused when the queue is full.
    /// </summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">The host's start_response.</param>
    /// <param name="writer">The host's response body; called only from the pool thread.</param>
    /// <param name="continueOnPoolThread">
    /// False: the returned task completes on a ThreadPool thread, never the pool's. True, for a host whose code after
    /// the await is its own and never blocks: the continuation runs on the pool thread that ran the handler, until
    /// the host next waits; a further RunAsync from there runs next on that same thread
    /// (<see cref="BoundedPool.TryQueueNext"/>), so a connection's pipelined old-style requests cross no thread
    /// between them. Such a host moves new-style handlers off the pool first (<see cref="BoundedPool.OnAnyPoolThread"/>).
    /// </param>
    /// <returns>
    /// Completes once the handler has returned and its iterable is closed; faults with the handler's exception, or
    /// with <see cref="ClientDisconnectedException"/> when the client left under a write.
    /// </returns>
    /// <exception cref="BoundedPoolRejectedException">The pool's queue is full.</exception>
    public Task RunAsync(Environ environ, AsyncStartResponse startResponse, IBlockingResponseWriter writer, bool continueOnPoolThread = false)
    {
        ArgumentNullException.ThrowIfNull(environ);
        ArgumentNullException.ThrowIfNull(startResponse);
        ArgumentNullException.ThrowIfNull(writer);
        return new SyncAppDirectRun(this, environ, startResponse, writer, continueOnPoolThread).Start();
    }

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
