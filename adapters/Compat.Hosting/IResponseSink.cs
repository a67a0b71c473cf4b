using System;
using System.Threading.Tasks;

namespace Compat.Hosting;

/// <summary>
/// Where a host puts one response on the wire. <see cref="RequestRunner"/> calls it in order: <see cref="StartAsync"/>
/// once, <see cref="WriteAsync"/> for each body chunk, then <see cref="CompleteAsync"/>; or <see cref="Abort"/> at any
/// point. Framing (Content-Length, chunked, close-delimited) is the sink's choice from the head and its protocol.
/// One call at a time, but not always from the same thread: for an old-style handler, the head and body calls come
/// from its pool thread (<see cref="Compat.Adapters.SyncAppAdapter.RunAsync"/>), which blocks on them, and the
/// completion from the host's flow after the handler returned.
/// </summary>
public interface IResponseSink
{
    /// <summary>Sends (or buffers until the first chunk) the status line and headers.</summary>
    /// <param name="head">The validated status and headers, with the host's additions.</param>
    /// <returns>Completes when the head is accepted.</returns>
    ValueTask StartAsync(ResponseHead head);

    /// <summary>Sends body bytes; never called when <see cref="ResponseHead.BodyAllowed"/> is false.</summary>
    /// <param name="chunk">The bytes; valid only until the returned task completes.</param>
    /// <param name="flush">
    /// False when the runner already holds the handler's next chunk: the sink may keep these bytes buffered so that
    /// both leave in one send. The runner passes true before it would wait for the handler, and at least every
    /// <see cref="RequestRunner.MaxUnflushedBytes"/> bytes.
    /// </param>
    /// <returns>Completes when the bytes are accepted, which is where backpressure reaches the handler.</returns>
    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, bool flush);

    /// <summary>Sends what earlier <see cref="WriteAsync"/> calls left buffered.</summary>
    /// <returns>Completes when the bytes are accepted, which is where backpressure reaches the handler.</returns>
    ValueTask FlushAsync();

    /// <summary>Ends the response normally (a chunked terminator, a flush; the sink may defer the flush while the
    /// connection has a next request to answer and flushes before it waits for the client).</summary>
    /// <returns>Completes when the response is fully handed to the transport.</returns>
    ValueTask CompleteAsync();

    /// <summary>Ends the connection without completing the response, so the client sees it is broken.</summary>
    void Abort();

    /// <summary>
    /// True once a WebSocket or takeover extension switched the connection away from HTTP: the runner then writes
    /// nothing more, whatever the handler does after, and the host closes the connection when the handler is done.
    /// </summary>
    bool IsTakenOver { get; }
}
