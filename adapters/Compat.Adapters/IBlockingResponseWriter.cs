using System;

namespace Compat.Adapters;

/// <summary>
/// A host's response, written by an old-style handler's own pool thread (see <see cref="SyncAppAdapter.RunAsync"/>):
/// the status and headers go to the host's start_response, the body bytes come here. Called only from that pool
/// thread, one call at a time, so an implementation may block: that thread is dedicated to the request, and blocking
/// on the client is how backpressure reaches write().
/// </summary>
public interface IBlockingResponseWriter
{
    /// <summary>Sends body bytes, the head first when these are the first; blocks while the client is slow to read.</summary>
    /// <param name="chunk">The bytes; valid only during the call.</param>
    /// <param name="flush">
    /// True when the handler may block before its next bytes (write(), a lazily produced iterable): the bytes must be
    /// on their way to the client when the call returns. False when the rest of the body is already in memory: the
    /// writer may hold the bytes until the response completes.
    /// </param>
    /// <returns>True when the call had to wait for the client (for the blocked-time metric).</returns>
    /// <exception cref="ClientDisconnectedException">The client went away, or the host cut the response.</exception>
    bool Write(ReadOnlyMemory<byte> chunk, bool flush);
}
