using System;
using System.Collections.Generic;
using Compat.Gateway;

namespace Compat.Adapters;

/// <summary>
/// One request of a <see cref="SyncAppAdapter"/> as its pool thread runs it: the handler call, start_response,
/// write() and the returned iterable, with the rules they share (docs/gateway.md rules 2, 3 and 8, and PEP 3333's
/// close()). Where the body goes is the subclass's: a pipe the host pulls (<see cref="SyncAppInvocation"/>) or the
/// host's response itself (<see cref="SyncAppDirectRun"/>).
/// </summary>
internal abstract class SyncAppRun
{
    private static readonly Action<object?> RunOnPool = static state => ((SyncAppRun)state!).Run();

    private readonly AsyncStartResponse _hostStartResponse;
    private readonly Write _write;
    private string? _status;
    private KeyValuePair<string, string>[] _headers = [];
    private long? _declaredLength;
    private long _sent;
    private bool _committed;
    private bool _hostStarted;
    private volatile bool _handlerReturned;

    protected SyncAppRun(SyncAppAdapter adapter, Environ environ, AsyncStartResponse hostStartResponse)
    {
        Adapter = adapter;
        Environ = environ;
        _hostStartResponse = hostStartResponse;
        _write = data => Send(data, flush: true);
        if (!environ.ContainsKey(EnvironKeys.Input) && environ.BodyReader is { } bodyReader)
        {
            environ.Input = bodyReader.AsStream(leaveOpen: true);
        }
    }

    protected SyncAppAdapter Adapter { get; }

    protected Environ Environ { get; }

    /// <summary>Whether the handler has returned, its iterable been closed and <see cref="Finish"/> called.</summary>
    protected bool HandlerReturned => _handlerReturned;

    /// <summary>Puts body bytes on their way; runs on the pool thread and may block (backpressure).</summary>
    /// <param name="bytes">At most the adapter's pause threshold; valid only during the call.</param>
    /// <param name="flush">Whether the handler may block before its next bytes (see <see cref="IBlockingResponseWriter.Write"/>).</param>
    protected abstract void Deliver(ReadOnlyMemory<byte> bytes, bool flush);

    /// <summary>Called once on the pool thread, after the handler returned and its iterable was closed.</summary>
    /// <param name="error">What the handler (or its close) threw; null when it succeeded.</param>
    protected abstract void Finish(Exception? error);

    /// <summary>Queues the handler on the pool: on the calling pool thread next, when asked and the pool allows it.</summary>
    /// <param name="onThisThreadNext">Try <see cref="BoundedPool.TryQueueNext"/> first.</param>
    /// <returns>False when the pool's queue is full (answer with <see cref="Rejected"/>).</returns>
    protected bool TryQueue(bool onThisThreadNext)
    {
        var pool = Adapter.Pool;
        return (onThisThreadNext && pool.TryQueueNext(RunOnPool, this)) || pool.TryQueue(RunOnPool, this);
    }

    /// <summary>What a refused request throws; the runner answers it with 503 and Retry-After.</summary>
    /// <returns>The exception.</returns>
    protected BoundedPoolRejectedException Rejected() => new(Adapter.Pool.Options.Name, Adapter.Pool.Options.RetryAfter);

    /// <summary>Runs the handler; called on the pool thread.</summary>
    protected void Run()
    {
        IEnumerable<byte[]>? body = null;
        IEnumerator<byte[]>? enumerator = null;
        Exception? error = null;
        try
        {
            body = Adapter.App(Environ, StartResponse)
                ?? throw new InvalidOperationException("The handler returned null; return an empty array when everything was written.");

            // A collection's enumerator cannot block between items, so its bytes need not go out one by one; a lazy
            // iterable might wait for anything before its next item, so what it yielded must leave first.
            var lazy = body is not ICollection<byte[]>;
            enumerator = body.GetEnumerator();
            while (enumerator.MoveNext())
            {
                Send(enumerator.Current, lazy);
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

            _handlerReturned = true;
            Finish(error);
        }
    }

    /// <summary>
    /// Hands the handler's status and headers to the host's start_response, once; does nothing while the handler
    /// has not called startResponse (the host decides then: a handler that took the connection over owes no
    /// response, otherwise the runner answers 500).
    /// </summary>
    protected void StartHostResponse()
    {
        if (_hostStarted || _status is null)
        {
            return;
        }

        _hostStarted = true;
        _hostStartResponse(_status, _headers);
    }

    private Write StartResponse(string status, IReadOnlyList<KeyValuePair<string, string>> headers, System.Runtime.ExceptionServices.ExceptionDispatchInfo? excInfo)
    {
        StartResponseRules.CheckRepeat(_status is not null, _committed, excInfo);
        ResponseValidator.ParseStatus(status);
        var declaredLength = ResponseValidator.ValidateHeaders(headers);

        // A copy: the host may read the headers later, on another thread, and the handler may reuse its list.
        _headers = [.. headers];
        _declaredLength = declaredLength;
        _status = status;
        return _write;
    }

    // write() and the returned iterable share this one send path.
    private void Send(byte[] data, bool flush)
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
            Slice(data.AsMemory(0, allowed), flush);
            _sent = limit;
            throw new InvalidOperationException($"The body exceeds the declared Content-Length of {limit} bytes; the last {data.Length - allowed} bytes were not sent.");
        }

        Slice(data, flush);
        _sent += data.Length;
    }

    // Slices of at most the pause threshold keep the memory between handler and client bounded even for one huge write().
    private void Slice(ReadOnlyMemory<byte> bytes, bool flush)
    {
        var slice = Adapter.Options.PauseWriterThreshold;
        while (!bytes.IsEmpty)
        {
            _committed = true;
            var count = Math.Min(bytes.Length, slice);
            Deliver(bytes[..count], flush);
            bytes = bytes[count..];
        }
    }
}
