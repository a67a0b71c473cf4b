using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Compat.Gateway;

namespace Compat.Adapters;

// Everything in this file runs on the pool thread that runs the handler.
internal sealed partial class SyncAppInvocation
{
    private string? _status;
    private KeyValuePair<string, string>[] _headers = [];
    private long? _declaredLength;
    private long _sent;
    private bool _committed;
    private volatile bool _handlerReturned;
    private ExceptionDispatchInfo? _handlerError;

    private void Run()
    {
        IEnumerable<byte[]>? body = null;
        IEnumerator<byte[]>? enumerator = null;
        Exception? error = null;
        try
        {
            body = _adapter.App(_environ, StartResponse)
                ?? throw new InvalidOperationException("The handler returned null; return an empty array when everything was written.");
            enumerator = body.GetEnumerator();
            while (enumerator.MoveNext())
            {
                Send(enumerator.Current);
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        finally
        {
            // PEP 3333's close(): the enumerator once, and the iterable too when it is a separate disposable.
            try
            {
                enumerator?.Dispose();
                if (body is IDisposable disposable && !ReferenceEquals(disposable, enumerator))
                {
                    disposable.Dispose();
                }
            }
            catch (Exception ex)
            {
                error ??= ex;
            }

            // The error travels beside the pipe, not through it: Pipe rethrows a writer's exception even while
            // bytes are still buffered, and the host must see every accepted byte before it sees the error.
            _handlerError = error is null ? null : ExceptionDispatchInfo.Capture(error);
            _handlerReturned = true;
            _pipe.Writer.Complete();
            _handlerDone.TrySetResult();
        }
    }

    private Write StartResponse(string status, IReadOnlyList<KeyValuePair<string, string>> headers, ExceptionDispatchInfo? excInfo)
    {
        StartResponseRules.CheckRepeat(_status is not null, _committed, excInfo);
        ResponseValidator.ParseStatus(status);
        var declaredLength = ResponseValidator.ValidateHeaders(headers);

        // A copy: the host reads the headers later, on another thread, and the handler may reuse its list.
        _headers = [.. headers];
        _declaredLength = declaredLength;
        _status = status;
        return _write;
    }

    // write() and the returned iterable share this one send path.
    private void Send(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_handlerReturned)
        {
            throw new InvalidOperationException("write() was called after the handler returned; body bytes must be written during the handler call.");
        }

        if (data.Length == 0)
        {
            return;
        }

        if (_status is null)
        {
            throw new InvalidOperationException("A body chunk came before startResponse was called.");
        }

        if (_declaredLength is long limit && _sent + data.Length > limit)
        {
            var allowed = (int)(limit - _sent);
            Push(data.AsSpan(0, allowed));
            _sent = limit;
            throw new InvalidOperationException($"The body exceeds the declared Content-Length of {limit} bytes; the last {data.Length - allowed} bytes were not sent.");
        }

        Push(data);
        _sent += data.Length;
    }

    private void Push(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        _committed = true;
        var writer = _pipe.Writer;
        var slice = _adapter.Options.PauseWriterThreshold;
        while (!bytes.IsEmpty)
        {
            if (_aborted.IsCancellationRequested)
            {
                throw new ClientDisconnectedException();
            }

            // Slices of at most the pause threshold keep the pipe's memory bounded even for one huge write().
            var count = Math.Min(bytes.Length, slice);
            bytes[..count].CopyTo(writer.GetSpan(count));
            writer.Advance(count);
            bytes = bytes[count..];
            Flush(writer);
        }
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
                AdapterMetrics.WriteBlocked.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, AdapterMetrics.Tag(_adapter.Pool.Options.Name));
            }
        }

        if (result.IsCompleted || result.IsCanceled)
        {
            throw new ClientDisconnectedException();
        }
    }
}
