using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Adapters;

/// <summary>
/// One request of a <see cref="SyncAppAdapter"/> whose pool thread writes the response itself, through the host's
/// <see cref="IBlockingResponseWriter"/>: the host hands the request over once and is handed back the finished
/// handler, with no pipe and no thread switch for each chunk between them (<see cref="SyncAppAdapter.RunAsync"/>).
/// </summary>
internal sealed class SyncAppDirectRun : SyncAppRun
{
    private readonly IBlockingResponseWriter _writer;
    private readonly bool _continueOnPoolThread;
    private readonly TaskCompletionSource _done;

    public SyncAppDirectRun(SyncAppAdapter adapter, Environ environ, AsyncStartResponse hostStartResponse, IBlockingResponseWriter writer, bool continueOnPoolThread)
        : base(adapter, environ, hostStartResponse)
    {
        _writer = writer;
        _continueOnPoolThread = continueOnPoolThread;

        // Unless the host asked to continue on the pool thread, its flow goes on on its own threads, never the pool's.
        _done = new TaskCompletionSource(continueOnPoolThread ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Queues the handler on the pool: on this very thread next, when the host continued here after the last one.</summary>
    /// <returns>Completes when the handler has returned; faults with its error.</returns>
    /// <exception cref="BoundedPoolRejectedException">The pool's queue is full.</exception>
    public Task Start() => TryQueue(_continueOnPoolThread) ? _done.Task : throw Rejected();

    protected override void Deliver(ReadOnlyMemory<byte> bytes, bool flush)
    {
        if (Environ.RequestAborted.IsCancellationRequested)
        {
            throw new ClientDisconnectedException();
        }

        StartHostResponse();
        var started = AdapterMetrics.WriteBlocked.Enabled ? Stopwatch.GetTimestamp() : 0;
        if (_writer.Write(bytes, flush) && started != 0)
        {
            AdapterMetrics.WriteBlocked.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, AdapterMetrics.Tag(Adapter.Pool.Options.Name));
        }
    }

    protected override void Finish(Exception? error)
    {
        if (error is not null)
        {
            _done.SetException(error);
            return;
        }

        // An empty body: the host learns the status only now, and sends the head with a zero length.
        try
        {
            StartHostResponse();
        }
        catch (Exception ex)
        {
            _done.SetException(ex);
            return;
        }

        _done.SetResult();
    }
}
