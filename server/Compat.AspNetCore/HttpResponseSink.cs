using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using AspNetCoreReasons = Microsoft.AspNetCore.WebUtilities.ReasonPhrases;

namespace Compat.AspNetCore;

/// <summary>
/// Puts a response on ASP.NET Core: status, reason phrase and headers on HttpResponse, the body through its
/// PipeWriter, whose flushes carry the client's backpressure to the handler. Kestrel does the framing.
/// </summary>
internal sealed class HttpResponseSink(HttpContext context, MinResponseRate? rate) : IResponseSink
{
    // Whether this response has been flushed; the sink serves a connection's requests one after another.
    private bool _flushed;

    // Body bytes written since the last flush: what a flush that waits hands to the client, for its allowance.
    private long _unflushed;

    public ValueTask StartAsync(ResponseHead head)
    {
        _flushed = false;
        _unflushed = 0;
        var response = context.Response;
        response.StatusCode = head.StatusCode;
        // Only a reason of the handler's own: Kestrel writes a known status with its standard reason from bytes it
        // has ready, and encodes a custom one for every response.
        if (head.Status.Length > 4
            && !head.Status.AsSpan(4).SequenceEqual(AspNetCoreReasons.GetReasonPhrase(head.StatusCode))
            && context.Features.Get<IHttpResponseFeature>() is { } feature)
        {
            feature.ReasonPhrase = head.Status[4..];
        }

        // By index: the handler's list through its interface would box an enumerator per response.
        var headers = head.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            response.Headers.Append(headers[i].Key, headers[i].Value);
        }

        if (head.ContentLengthAdded) response.ContentLength = head.ContentLength;
        // head.Date, when the handler sent none, is left to Kestrel, which adds the same header to every response
        // from bytes its heartbeat keeps ready; a string set here was encoded again for each one.
        if (head.Server is not null) response.Headers.Server = head.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, bool flush)
    {
        var response = context.Response;
        if (!response.HasStarted && response.ContentLength is not null)
        {
            // With its length known the head is final: started now, it goes into the output ahead of the body, and
            // the body is written there directly, instead of into a buffer Kestrel rents to hold a body written
            // before its head and copies out when the endpoint returns. Nothing is flushed yet.
            var started = response.StartAsync();
            if (!started.IsCompletedSuccessfully)
            {
                return WriteAfterStartAsync(started, chunk, flush);
            }
        }

        response.BodyWriter.Write(chunk.Span);
        _unflushed += chunk.Length;
        return flush ? FlushAsync() : ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync()
    {
        _flushed = true;
        var bytes = _unflushed;
        _unflushed = 0;
        var flushing = context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        return flushing.IsCompletedSuccessfully ? CheckFlushed(flushing.Result) : AwaitFlushAsync(flushing, bytes);
    }

    // A response nothing was flushed of is Kestrel's to end when the endpoint returns (its one flush, which a
    // pipelined batch's responses share); completing it here cost a flush of its own per response, which broke up
    // pipelined batches. Once a flush went out before the handler's last bytes, Kestrel does not flush again when a
    // Content-Length is written in full: the rest waited for the connection's keep-alive timeout (130 s,
    // AspNetCoreConformanceTests.Rule4_ADeclaredContentLengthFramesTheBody). So that one is flushed here.
    public ValueTask CompleteAsync() => _flushed ? FlushAsync() : ValueTask.CompletedTask;

    public void Abort() => context.Abort();

    private static ValueTask CheckFlushed(FlushResult result) =>
        result.IsCanceled || result.IsCompleted ? ValueTask.FromException(new ClientDisconnectedException()) : ValueTask.CompletedTask;

    // The client decides how long this takes: past the allowance of its bytes at the minimum rate, the connection is
    // aborted (timers exist only for flushes that wait). A client that left is ClientDisconnectedException, which is
    // what an old-style handler's write() then throws.
    private async ValueTask AwaitFlushAsync(ValueTask<FlushResult> flushing, long bytes)
    {
        using var late = rate is { } pace ? new CancellationTokenSource(TimeSpan.FromMilliseconds(SendAllowance.Milliseconds(bytes, pace.BytesPerSecond, pace.GracePeriodMs))) : null;
        using var abort = late is null ? default : late.Token.UnsafeRegister(static state => ((HttpContext)state!).Abort(), context);
        FlushResult result;
        try
        {
            result = await flushing.ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (context.RequestAborted.IsCancellationRequested)
        {
            throw new ClientDisconnectedException(ex);
        }

        await CheckFlushed(result).ConfigureAwait(false);
    }

    // Started now, so the write goes straight on.
    private async ValueTask WriteAfterStartAsync(Task started, ReadOnlyMemory<byte> chunk, bool flush)
    {
        await started.ConfigureAwait(false);
        await WriteAsync(chunk, flush).ConfigureAwait(false);
    }

    /// <summary>Whether this sink writes to that request's response (Kestrel reuses a connection's HttpContext).</summary>
    public bool Serves(HttpContext other) => ReferenceEquals(context, other);

    /// <summary>Kestrel has sent 101 Switching Protocols for a WebSocket or an upgrade: the stream is the handler's.</summary>
    public bool IsTakenOver => context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status101SwitchingProtocols;
}
