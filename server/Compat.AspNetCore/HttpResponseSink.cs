using System;
using System.Buffers;
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
internal sealed class HttpResponseSink(HttpContext context) : IResponseSink
{
    public ValueTask StartAsync(ResponseHead head)
    {
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
        if (head.Date is not null) response.Headers.Date = head.Date;
        if (head.Server is not null) response.Headers.Server = head.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, bool flush)
    {
        context.Response.BodyWriter.Write(chunk.Span);
        if (flush)
        {
            await FlushAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask FlushAsync()
    {
        var result = await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new ClientDisconnectedException();
        }
    }

    // A response that has not started yet is Kestrel's to end when the endpoint returns (head, body and a flush it
    // may share with the next pipelined response); completing it here cost a flush of its own per response, which
    // broke up pipelined batches. One that has started (a flush went out before the handler's last bytes) is not
    // flushed again by Kestrel when its Content-Length is written in full: the rest waited for the connection's
    // keep-alive timeout (130 s, AspNetCoreConformanceTests.Rule4_ADeclaredContentLengthFramesTheBody). So it is
    // flushed here.
    public ValueTask CompleteAsync() => context.Response.HasStarted ? FlushAsync() : ValueTask.CompletedTask;

    public void Abort() => context.Abort();

    /// <summary>Whether this sink writes to that request's response (Kestrel reuses a connection's HttpContext).</summary>
    public bool Serves(HttpContext other) => ReferenceEquals(context, other);

    /// <summary>Kestrel has sent 101 Switching Protocols for a WebSocket or an upgrade: the stream is the handler's.</summary>
    public bool IsTakenOver => context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status101SwitchingProtocols;
}
