using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;
using Compat.Hosting.Recording;

namespace Compat.Hosting;

/// <summary>
/// Runs one request of an <see cref="AsyncApp"/> against a host's <see cref="IResponseSink"/>, applying the rules
/// of docs/gateway.md that every host shares: when headers go out, start_response errors, Content-Length limits,
/// HEAD, 500 and 503 answers, Date and Server, and disposing the body exactly once. Every Compat host (the
/// bundled server, the ASP.NET Core host, the in-process test host) calls this, so they cannot drift apart.
/// Old-style handlers reach it through <see cref="SyncAppAdapter"/>.
/// </summary>
/// <remarks>Thread-safe and stateless between requests; a host keeps one. Runs on the host's async flow.</remarks>
public sealed class RequestRunner
{
    /// <summary>
    /// The most body bytes the runner lets a sink hold unflushed while the handler keeps its next chunk ready;
    /// past it the runner flushes, which is where backpressure reaches the handler.
    /// </summary>
    public const int MaxUnflushedBytes = 64 * 1024;

    private readonly string? _serverHeader;
    private readonly RequestLogger _log;
    private readonly bool _continueOnPoolThread;
    private readonly TrafficRecorder? _recorder;

    /// <summary>Creates a runner.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    public RequestRunner(RequestRunnerOptions? options = null)
    {
        options ??= new RequestRunnerOptions();
        _serverHeader = options.ServerHeader;
        _log = options.Log ?? WriteToErrors;
        _continueOnPoolThread = options.ContinueOnPoolThread;
        _recorder = options.Recorder;
    }

    /// <summary>Runs the handler for one request and puts its response on the sink.</summary>
    /// <param name="app">
    /// The handler. An old-style one adapted by <see cref="SyncAppAdapter.AsAsyncApp"/> runs through
    /// <see cref="SyncAppAdapter.RunAsync"/>: its pool thread writes the response to the sink itself.
    /// </param>
    /// <param name="environ">The request, built by the host.</param>
    /// <param name="sink">Where the response goes.</param>
    /// <returns>Whether the response completed, so the connection may be reused.</returns>
    public ValueTask<RequestOutcome> RunAsync(AsyncApp app, Environ environ, IResponseSink sink)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(environ);
        ArgumentNullException.ThrowIfNull(sink);
        if (_recorder?.Begin(app, environ) is { } capture)
        {
            return RunRecordedAsync(capture, app, environ, sink);
        }

        return RunUnrecordedAsync(app, environ, sink);
    }

    private ValueTask<RequestOutcome> RunUnrecordedAsync(AsyncApp app, Environ environ, IResponseSink sink) =>
        SyncAppAdapter.TryGetAdapter(app, out var adapter)
            ? RunBlockingAsync(adapter, environ, sink)
            : RunAsyncApp(app, environ, sink);

    // The body is known once the handler is done with it, so the request is recorded after its response.
    private async ValueTask<RequestOutcome> RunRecordedAsync(RequestCapture capture, AsyncApp app, Environ environ, IResponseSink sink)
    {
        try
        {
            return await RunUnrecordedAsync(app, environ, sink).ConfigureAwait(false);
        }
        finally
        {
            capture.Finish();
        }
    }

    private async ValueTask<RequestOutcome> RunAsyncApp(AsyncApp app, Environ environ, IResponseSink sink)
    {
        if (_continueOnPoolThread && BoundedPool.OnAnyPoolThread)
        {
            // The last request's old-style handler left this flow on its pool thread: a new-style handler runs on
            // the ThreadPool, so the pool's threads stay for blocking code.
            await Task.Yield();
        }

        var response = new ResponseStart(IsHead(environ));
        IAsyncEnumerator<ReadOnlyMemory<byte>>? body = null;
        try
        {
            body = app(environ, response.Callback).GetAsyncEnumerator(environ.RequestAborted);
            return await PumpAsync(body, response, environ, sink).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await FailAsync(ex, response, environ, sink).ConfigureAwait(false);
        }
        finally
        {
            if (body is not null)
            {
                try
                {
                    await body.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    _log(environ, RequestLogLevel.Failure, "disposing the response body failed", ex);
                }
            }
        }
    }

    // The old style: the handler's pool thread sends the head and body through a BlockingSinkWriter by the same rules
    // (SendChunkAsync); this flow only waits for the handler to return, then ends the response.
    private async ValueTask<RequestOutcome> RunBlockingAsync(SyncAppAdapter adapter, Environ environ, IResponseSink sink)
    {
        var response = new ResponseStart(IsHead(environ));
        try
        {
            await adapter.RunAsync(environ, response.Callback, new BlockingSinkWriter(this, response, environ, sink), _continueOnPoolThread).ConfigureAwait(false);
            // What the handler left unflushed (a collection's last items) goes with the sink's completion, which may
            // defer it to share a send with the next pipelined response.
            return await FinishAsync(response, environ, sink).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await FailAsync(ex, response, environ, sink).ConfigureAwait(false);
        }
    }

    private async ValueTask<RequestOutcome> PumpAsync(IAsyncEnumerator<ReadOnlyMemory<byte>> body, ResponseStart response, Environ environ, IResponseSink sink)
    {
        var next = body.MoveNextAsync();
        while (await next.ConfigureAwait(false))
        {
            if (!await SendChunkAsync(response, environ, sink, body.Current).ConfigureAwait(false))
            {
                break;
            }

            // Flush before waiting for the handler, never while it has the next chunk ready: a response whose body
            // is at hand leaves in one send, and a pipelined batch of them can share one. The bound keeps a handler
            // that is always ready under backpressure.
            next = body.MoveNextAsync();
            if (response.Unflushed > 0 && (!next.IsCompleted || response.Unflushed >= MaxUnflushedBytes))
            {
                response.Unflushed = 0;
                await FlushWhilePulledAsync(sink, next).ConfigureAwait(false);
            }
        }

        return await FinishAsync(response, environ, sink).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts one body chunk on the sink by the rules: the head before the first bytes, nothing for HEAD, 204 and 304,
    /// never more than the declared Content-Length (rule 8). Leaves the bytes unflushed; the caller flushes.
    /// </summary>
    /// <returns>False when the declared length cut the body: pull the handler no more.</returns>
    /// <remarks>
    /// Not async where the sink completes at once, as it does for a chunk it only buffers: the state machines of this
    /// call and the head's, with what they inline, were 4% of a pipelined request's samples on the ASP.NET Core host.
    /// </remarks>
    internal ValueTask<bool> SendChunkAsync(ResponseStart response, Environ environ, IResponseSink sink, ReadOnlyMemory<byte> chunk)
    {
        if (chunk.IsEmpty || sink.IsTakenOver)
        {
            return new ValueTask<bool>(true);
        }

        if (response.Status is null)
        {
            return ValueTask.FromException<bool>(new InvalidOperationException("A body chunk came before startResponse was called."));
        }

        if (!response.HeadersSent)
        {
            var head = SendHeadAsync(response, response.DeclaredLength, sink);
            if (!head.IsCompletedSuccessfully)
            {
                return SendChunkAfterHeadAsync(head, response, environ, sink, chunk);
            }

            head.GetAwaiter().GetResult();
        }

        var sent = response.Sent;
        if (response.DeclaredLength is long limit && sent + chunk.Length > limit)
        {
            return SendCutChunkAsync(response, environ, sink, chunk, limit);
        }

        if (response.BodyAllowed)
        {
            // The chunk is copied now, since the handler may reuse its memory once pulled again.
            var write = sink.WriteAsync(chunk, flush: false);
            if (!write.IsCompletedSuccessfully)
            {
                return CountWrittenAsync(write, response, chunk.Length);
            }

            write.GetAwaiter().GetResult();
            response.Unflushed += chunk.Length;
        }

        response.Sent = sent + chunk.Length;
        return new ValueTask<bool>(true);
    }

    private async ValueTask<bool> SendChunkAfterHeadAsync(ValueTask head, ResponseStart response, Environ environ, IResponseSink sink, ReadOnlyMemory<byte> chunk)
    {
        await head.ConfigureAwait(false);
        return await SendChunkAsync(response, environ, sink, chunk).ConfigureAwait(false);
    }

    private static async ValueTask<bool> CountWrittenAsync(ValueTask write, ResponseStart response, int length)
    {
        await write.ConfigureAwait(false);
        response.Unflushed += length;
        response.Sent += length;
        return true;
    }

    // The part up to the limit still goes, which completes the response as declared; the handler is not pulled
    // again, and its body is disposed.
    private async ValueTask<bool> SendCutChunkAsync(ResponseStart response, Environ environ, IResponseSink sink, ReadOnlyMemory<byte> chunk, long limit)
    {
        var sent = response.Sent;
        if (response.BodyAllowed && limit > sent)
        {
            await sink.WriteAsync(chunk[..(int)(limit - sent)], flush: true).ConfigureAwait(false);
            response.Unflushed = 0;
        }

        response.Sent = limit;
        _log(environ, RequestLogLevel.Failure, $"the body exceeds the declared Content-Length of {limit} bytes; the response was cut at the limit", null);
        return false;
    }

    // The end of a body the handler finished: the head if no bytes came (rule 1), the short-body check (rule 4).
    private async ValueTask<RequestOutcome> FinishAsync(ResponseStart response, Environ environ, IResponseSink sink)
    {
        if (sink.IsTakenOver)
        {
            return RequestOutcome.TakenOver;
        }

        if (response.Status is null)
        {
            throw new InvalidOperationException("The handler finished without calling startResponse.");
        }

        if (!response.HeadersSent)
        {
            // Rule 1: an empty body sends its headers at the end, when the length is known to be zero.
            await SendHeadAsync(response, response.DeclaredLength ?? response.Sent, sink).ConfigureAwait(false);
        }

        if (response.BodyAllowed && response.DeclaredLength is long declared && response.Sent < declared)
        {
            // Rule 4: a short body must not let the client read the next response as the rest of this one.
            _log(environ, RequestLogLevel.Failure, $"the body ended after {response.Sent} of the {declared} bytes its Content-Length declared; the connection is closed", null);
            sink.Abort();
            return RequestOutcome.Aborted;
        }

        await sink.CompleteAsync().ConfigureAwait(false);
        return RequestOutcome.Completed;
    }

    private static bool IsHead(Environ environ) => string.Equals(environ.RequestMethod, "HEAD", StringComparison.Ordinal);

    // The handler is running for its next chunk while the flush goes out. If the flush fails, the response is cut
    // (which fires RequestAborted) and that pull is awaited before the error goes on, because an enumerator must
    // not be disposed while it runs.
    private static async ValueTask FlushWhilePulledAsync(IResponseSink sink, ValueTask<bool> next)
    {
        try
        {
            await sink.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            sink.Abort();
            try
            {
                await next.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The handler saw the abort; the flush's error is the one that explains the outcome.
            }

            throw;
        }
    }

    // Not async: nothing follows the sink's call, so the caller awaits the sink's own ValueTask.
    private ValueTask SendHeadAsync(ResponseStart response, long? contentLength, IResponseSink sink)
    {
        response.HeadersSent = true;
        response.BodyAllowed = !response.IsHead && response.StatusCode is not (204 or 304);
        var head = new ResponseHead(
            response.Status!,
            response.StatusCode,
            response.Headers,
            contentLength,
            contentLengthAdded: contentLength is not null && response.DeclaredLength is null && response.StatusCode is not (204 or 304),
            date: HeaderList.Contains(response.Headers, "Date") ? null : HttpDate.Now,
            server: _serverHeader is null || HeaderList.Contains(response.Headers, "Server") ? null : _serverHeader,
            response.BodyAllowed);
        return sink.StartAsync(head);
    }

    private async ValueTask<RequestOutcome> FailAsync(Exception error, ResponseStart response, Environ environ, IResponseSink sink)
    {
        // A client that left is not a failure: write() or the sink says so with ClientDisconnectedException. A full
        // pool and a client's bad or slow body are expected outcomes: one line each, no stack trace, since under a
        // flood the log must stay readable and cheap.
        var clientGone = environ.RequestAborted.IsCancellationRequested;
        switch (error)
        {
            case ClientDisconnectedException:
            case OperationCanceledException when clientGone:
                break;
            case BoundedPoolRejectedException:
                _log(environ, RequestLogLevel.Expected, "503: the pool's queue is full", null);
                break;
            case HttpStatusException known:
                _log(environ, RequestLogLevel.Expected, $"{known.StatusCode}: {known.Message}", null);
                break;
            default:
                _log(environ, RequestLogLevel.Failure, "the handler failed", error);
                break;
        }

        if (sink.IsTakenOver)
        {
            return RequestOutcome.TakenOver;
        }

        if (response.HeadersSent || clientGone)
        {
            // Rule 7: after headers went out, only an abort tells the client the response is broken.
            sink.Abort();
            return RequestOutcome.Aborted;
        }

        response.HeadersSent = true;
        var (statusCode, extra) = error switch
        {
            BoundedPoolRejectedException rejected => (503, new KeyValuePair<string, string>("Retry-After", Math.Ceiling(rejected.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture))),
            HttpStatusException known => (known.StatusCode, default(KeyValuePair<string, string>?)),
            _ => (500, null),
        };
        var status = ReasonPhrases.StatusLine(statusCode);
        var fixedResponse = new PlainTextResponse(status, statusCode == 503 ? $"{status}: the server is busy, retry later\n" : $"{status}\n", extra is { } retryAfter ? [retryAfter] : []);
        var payload = fixedResponse.Body;
        var headers = fixedResponse.Headers;

        var bodyAllowed = !response.IsHead;
        try
        {
            await sink.StartAsync(new ResponseHead(status, statusCode, headers, payload.Length, contentLengthAdded: false, HttpDate.Now, _serverHeader, bodyAllowed)).ConfigureAwait(false);
            if (bodyAllowed)
            {
                await sink.WriteAsync(payload, flush: true).ConfigureAwait(false);
            }

            await sink.CompleteAsync().ConfigureAwait(false);
            return RequestOutcome.Completed;
        }
        catch (Exception ex)
        {
            _log(environ, RequestLogLevel.Failure, "sending the error response failed", ex);
            sink.Abort();
            return RequestOutcome.Aborted;
        }
    }

    private static void WriteToErrors(Environ environ, RequestLogLevel level, string what, Exception? error)
    {
        var line = $"{environ.RequestMethod} {environ.ScriptName}{environ.PathInfo}: {what}";
        environ.Errors.WriteLine(error is null ? line : $"{line}: {error}");
    }
}
