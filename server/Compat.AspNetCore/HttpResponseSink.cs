using System;
using System.Buffers;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

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
        var reason = head.Status.Length > 4 ? head.Status[4..] : null;
        if (context.Features.Get<IHttpResponseFeature>() is { } feature)
        {
            feature.ReasonPhrase = reason;
        }

        foreach (var header in head.Headers)
        {
            response.Headers.Append(header.Key, header.Value);
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

    public async ValueTask CompleteAsync() => await context.Response.CompleteAsync().ConfigureAwait(false);

    public void Abort() => context.Abort();

    /// <summary>Kestrel has sent 101 Switching Protocols for a WebSocket or an upgrade: the stream is the handler's.</summary>
    public bool IsTakenOver => context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status101SwitchingProtocols;
}
