using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Compat.AspNetCore;

/// <summary>
/// Reads a small request body before an old-style handler is queued, as the bundled server does
/// (ServerOptions.RequestBodyPrereadSize): the handler blocks in its reads on a pool thread, so a client that stalls
/// its upload would hold that thread until Kestrel's MinRequestBodyDataRate gives up on it (5 s and more), and a few
/// such clients at a time would keep the pool from everyone. Read here, the wait costs no thread; the bytes stay in
/// the body's pipe for the handler.
/// </summary>
internal static class BodyPreread
{
    /// <summary>The most read ahead: the body pipe's own buffer, enough for form posts and most JSON.</summary>
    public const int Limit = 64 * 1024;

    /// <summary>
    /// Reads up to <see cref="Limit"/> bytes of the body, or all of a shorter one, and leaves them unconsumed. Not for
    /// a client that waits for 100 Continue: that is sent when the handler first reads (docs/gateway.md).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>Completes when the bytes are there or the body ended.</returns>
    public static ValueTask ReadAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || request.Headers.Expect.Count > 0)
        {
            return ValueTask.CompletedTask;
        }

        var wanted = request.ContentLength is long length && length < Limit ? (int)length : Limit;
        return ReadCoreAsync(request, wanted);
    }

    private static async ValueTask ReadCoreAsync(HttpRequest request, int wanted)
    {
        var reader = request.BodyReader;
        try
        {
            var result = await reader.ReadAtLeastAsync(wanted, request.HttpContext.RequestAborted).ConfigureAwait(false);
            // Examined but not consumed: the handler's first read finds them.
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && ex is not BadHttpRequestException)
        {
            // The client left (a too slow, too large or cut body is Kestrel's BadHttpRequestException, which it
            // answers): the handler still runs, and meets the same end when it reads.
        }
    }
}
