using System;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;

namespace Compat.Adapters;

// The pipe's writing end: everything in this file runs on the pool thread that runs the handler.
internal sealed partial class SyncAppInvocation
{
    private ExceptionDispatchInfo? _handlerError;

    // Every slice is flushed into the pipe, whatever the handler does next: the pipe is the buffer, and the host's
    // runner decides when its bytes go to the client.
    protected override void Deliver(ReadOnlyMemory<byte> bytes, bool flush)
    {
        if (_aborted.IsCancellationRequested)
        {
            throw new ClientDisconnectedException();
        }

        var writer = _pipe.Writer;
        bytes.Span.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
        Flush(writer);
    }

    protected override void Finish(Exception? error)
    {
        // The error travels beside the pipe, not through it: Pipe rethrows a writer's exception even while bytes are
        // still buffered, and the host must see every accepted byte before it sees the error.
        _handlerError = error is null ? null : ExceptionDispatchInfo.Capture(error);
        _pipe.Writer.Complete();
        _handlerDone.TrySetResult();
    }

    private void Flush(PipeWriter writer)
    {
        var flush = writer.FlushAsync(_aborted.Token);
        FlushResult result;
        if (flush.IsCompletedSuccessfully)
        {
            result = flush.Result;
        }
        else
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                // Blocking is the point: this is a dedicated pool thread, and this wait is the backpressure.
                result = flush.AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new ClientDisconnectedException();
            }
            finally
            {
                AdapterMetrics.WriteBlocked.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, AdapterMetrics.Tag(Adapter.Pool.Options.Name));
            }
        }

        if (result.IsCompleted || result.IsCanceled)
        {
            throw new ClientDisconnectedException();
        }
    }
}
