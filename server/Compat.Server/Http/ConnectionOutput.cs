using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Hosting;

namespace Compat.Server.Http;

/// <summary>
/// The sending side of one connection: its PipeWriter, the lock a response holds against an old-style handler's
/// interim responses (100 Continue, 103 Early Hints from a pool thread), flushes (a deferred one included), canned
/// responses, and the abort. The connection hands it to each response; nothing here calls back into the connection,
/// so data flows one way: connection, then response, then output.
/// </summary>
internal sealed class ConnectionOutput : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _closed = new();
    private int _aborted;

    /// <param name="socket">The connection's socket, cut on abort.</param>
    /// <param name="writer">Its buffered output.</param>
    /// <param name="pace">How long its sends may wait for the client.</param>
    public ConnectionOutput(Socket socket, PipeWriter writer, SendPace pace)
    {
        _socket = socket;
        Writer = writer;
        Pace = pace;
        Closed = _closed.Token;
    }

    /// <summary>The buffered output.</summary>
    public PipeWriter Writer { get; }

    /// <summary>The deadline of a flush that waits for the client, which the server's heartbeat checks.</summary>
    public SendPace Pace { get; }

    /// <summary>Held by a response for each write, and by interim responses, which come from other threads.</summary>
    public ResponseLock Lock { get; } = new();

    /// <summary>Cancelled when the connection closes or is aborted: every request's gateway.request_aborted.</summary>
    public CancellationToken Closed { get; }

    /// <summary>True once <see cref="Abort"/> cut the connection.</summary>
    public bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>Cuts the connection at once: a response in progress is left incomplete, so the client sees it broken.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _socket.Close(0);
            MarkClosed();
        }
    }

    /// <summary>Tells everyone holding <see cref="Closed"/> that the connection is over.</summary>
    public void MarkClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection finished closing on its own meanwhile.
        }
    }

    /// <summary>
    /// Flushes; a client that left, or that took the bytes too slowly (<see cref="Pace"/>), is a
    /// <see cref="ClientDisconnectedException"/>.
    /// </summary>
    /// <returns>Completes when the bytes are handed to the socket.</returns>
    public async ValueTask FlushAsync()
    {
        FlushResult result;
        try
        {
            var bytes = Writer.UnflushedBytes;
            var flushing = Writer.FlushAsync();
            if (flushing.IsCompleted)
            {
                result = flushing.Result;
            }
            else
            {
                // The socket's buffer is full: from here on the client decides how long this takes.
                Pace.StartWaiting(bytes);
                try
                {
                    result = await flushing.ConfigureAwait(false);
                }
                finally
                {
                    Pace.StopWaiting();
                }
            }
        }
        catch (Exception ex) when (ex is IOException || (IsAborted && ex is SocketException or ObjectDisposedException))
        {
            // A reset or a broken pipe, or the abort of a client too slow to read: the client's doing, not the
            // handler's failure.
            throw new ClientDisconnectedException(ex);
        }

        if (result.IsCompleted || result.IsCanceled)
        {
            throw new ClientDisconnectedException();
        }
    }

    /// <summary>Sends what a response left buffered (see <c>Http1ResponseSink</c>'s deferred flush), if anything.</summary>
    /// <returns>Completes when flushed.</returns>
    public ValueTask FlushPendingAsync() => Writer.UnflushedBytes > 0 ? FlushAsync() : ValueTask.CompletedTask;

    /// <summary>Writes and flushes a <see cref="Canned"/> response.</summary>
    /// <param name="response">The response.</param>
    /// <param name="server">The Server header, or null.</param>
    /// <returns>Completes when flushed.</returns>
    public ValueTask WriteCannedAsync(PlainTextResponse response, string? server)
    {
        Writer.Write(Canned(response, server));
        return FlushAsync();
    }

    /// <summary>
    /// The bytes of a complete plain-text response that closes the connection, for answers the server gives
    /// without a handler: malformed requests, and connections over the limit.
    /// </summary>
    /// <param name="response">The response.</param>
    /// <param name="server">The Server header, or null.</param>
    /// <returns>The response bytes.</returns>
    public static byte[] Canned(PlainTextResponse response, string? server)
    {
        var head = new StringBuilder().Append("HTTP/1.1 ").Append(response.Status).Append("\r\n");
        foreach (var (name, value) in response.Headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("Date: ").Append(HttpDate.Now).Append("\r\n");
        if (server is not null) head.Append("Server: ").Append(server).Append("\r\n");
        head.Append("Connection: close\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. response.Body.Span];
    }

    /// <inheritdoc />
    public void Dispose() => _closed.Dispose();
}
