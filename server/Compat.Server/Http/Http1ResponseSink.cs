using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Hosting;

namespace Compat.Server.Http;

/// <summary>
/// Writes one response onto an HTTP/1.1 connection: status line, headers, and the body framed by Content-Length,
/// chunked encoding (HTTP/1.1) or connection close (HTTP/1.0). Interim responses (100 Continue) go through the
/// same lock, because an old-style handler reads its body on a pool thread while the runner writes on the host's.
/// </summary>
internal sealed class Http1ResponseSink : IResponseSink
{
    private readonly PipeWriter _output;
    private readonly RequestHead _request;
    private readonly Http1Connection _connection;
    private readonly ResponseLock _lock = new();
    private bool _chunked;

    /// <param name="output">The connection's output.</param>
    /// <param name="request">The request being answered.</param>
    /// <param name="connection">
    /// The connection: asked whether it can serve another request, and whether the last bytes may stay buffered
    /// (see <see cref="Http1Connection.MayDeferFlush"/>); cut on abort.
    /// </param>
    public Http1ResponseSink(PipeWriter output, RequestHead request, Http1Connection connection)
    {
        _output = output;
        _request = request;
        _connection = connection;
    }

    public bool Started { get; private set; }

    public int StatusCode { get; private set; }

    /// <summary>Whether the response told the client the connection stays open.</summary>
    public bool KeepAlive { get; private set; }

    public long BodyBytes { get; private set; }

    /// <summary>True once a WebSocket accept or a takeover switched the connection away from HTTP.</summary>
    public bool IsTakenOver { get; private set; }

    public async ValueTask StartAsync(ResponseHead head)
    {
        await _lock.EnterAsync().ConfigureAwait(false);
        try
        {
            Started = true;
            StatusCode = head.StatusCode;
            _chunked = head.BodyAllowed && head.ContentLength is null && _request.IsHttp11;
            var closeDelimited = head.BodyAllowed && head.ContentLength is null && !_request.IsHttp11;
            KeepAlive = _request.KeepAlive && !closeDelimited && _connection.MayKeepAlive();

            var size = HeadWriter.SizeOf(head.Status, head.Headers) + HeadWriter.FramingLines
                + (head.Date is null ? 0 : HeadWriter.SizeOf("Date", head.Date))
                + (head.Server is null ? 0 : HeadWriter.SizeOf("Server", head.Server));
            var writer = new HeadWriter(_output, size);
            writer.StatusLine(head.Status);
            writer.Headers(head.Headers);
            if (head.ContentLengthAdded) writer.ContentLength(head.ContentLength!.Value);
            if (head.Date is not null) writer.Header("Date", head.Date);
            if (head.Server is not null) writer.Header("Server", head.Server);
            if (_chunked) writer.Write("Transfer-Encoding: chunked\r\n"u8);
            if (!KeepAlive) writer.Write("Connection: close\r\n"u8);
            else if (!_request.IsHttp11) writer.Write("Connection: keep-alive\r\n"u8);
            writer.Complete();
        }
        finally
        {
            _lock.Exit();
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, bool flush)
    {
        await _lock.EnterAsync().ConfigureAwait(false);
        try
        {
            if (_chunked)
            {
                var span = _output.GetSpan(18);
                Utf8Formatter.TryFormat((ulong)chunk.Length, span, out var written, new StandardFormat('x'));
                "\r\n"u8.CopyTo(span[written..]);
                _output.Advance(written + 2);
                _output.Write(chunk.Span);
                Write("\r\n"u8);
            }
            else
            {
                _output.Write(chunk.Span);
            }

            BodyBytes += chunk.Length;
            if (flush)
            {
                await FlushUnlockedAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Exit();
        }
    }

    public async ValueTask FlushAsync()
    {
        await _lock.EnterAsync().ConfigureAwait(false);
        try
        {
            await FlushUnlockedAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Exit();
        }
    }

    public async ValueTask CompleteAsync()
    {
        await _lock.EnterAsync().ConfigureAwait(false);
        try
        {
            if (_chunked) Write("0\r\n\r\n"u8);

            if (!KeepAlive || !_connection.MayDeferFlush())
            {
                await FlushUnlockedAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Exit();
        }
    }

    public void Abort() => _connection.Abort();

    /// <summary>
    /// Hands the connection to an extension: writes its switch (a 101 head, or nothing for a raw takeover) and from
    /// then on the runner writes nothing. Only possible before the response started.
    /// </summary>
    /// <param name="switchHead">The bytes that announce the switch; empty for none.</param>
    /// <returns>Completes when they are flushed.</returns>
    /// <exception cref="InvalidOperationException">The response has started, or the connection was already taken over.</exception>
    public async ValueTask SwitchProtocolsAsync(ReadOnlyMemory<byte> switchHead)
    {
        await _lock.EnterAsync().ConfigureAwait(false);
        try
        {
            if (Started) throw new InvalidOperationException("The response has started (or the connection was taken over already); a connection can be taken over only before that.");
            Started = IsTakenOver = true;
            StatusCode = switchHead.IsEmpty ? 0 : 101;
            _output.Write(switchHead.Span);
            await FlushUnlockedAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Sends a 103 Early Hints response now, unless the final response has started.</summary>
    /// <param name="headers">Validated hint headers.</param>
    public void SendEarlyHints(System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>> headers)
    {
        // Blocking is brief (a loopback or kernel-buffer flush) and keeps the hint ahead of the final head.
        _lock.Enter();
        try
        {
            if (Started) return;
            var writer = new HeadWriter(_output, HeadWriter.SizeOf("103 Early Hints", headers));
            writer.StatusLine("103 Early Hints");
            writer.Headers(headers);
            writer.Complete();
            FlushUnlockedAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Sends <c>100 Continue</c> unless the final response has started (then the client needs none).</summary>
    /// <returns>Completes when it is flushed.</returns>
    public async ValueTask SendContinueAsync()
    {
        await _lock.EnterAsync().ConfigureAwait(false);
        try
        {
            if (!Started)
            {
                Write("HTTP/1.1 100 Continue\r\n\r\n"u8);
                await FlushUnlockedAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Exit();
        }
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

    /// <summary>Writes and flushes a <see cref="Canned"/> response.</summary>
    /// <param name="output">The connection.</param>
    /// <param name="response">The response.</param>
    /// <param name="server">The Server header, or null.</param>
    /// <returns>Completes when flushed.</returns>
    public static async ValueTask WriteCannedAsync(PipeWriter output, PlainTextResponse response, string? server)
    {
        await output.WriteAsync(Canned(response, server)).ConfigureAwait(false);
    }

    /// <summary>Flushes a connection's output; a client that left is a <see cref="ClientDisconnectedException"/>.</summary>
    /// <param name="output">The connection's output.</param>
    /// <returns>Completes when the bytes are handed to the socket.</returns>
    public static async ValueTask FlushOutputAsync(PipeWriter output)
    {
        FlushResult result;
        try
        {
            result = await output.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // A reset or a broken pipe: the client left, which is not the handler's failure.
            throw new ClientDisconnectedException(ex);
        }

        if (result.IsCompleted || result.IsCanceled)
        {
            throw new ClientDisconnectedException();
        }
    }

    private ValueTask FlushUnlockedAsync() => FlushOutputAsync(_output);

    private void Write(ReadOnlySpan<byte> bytes) => _output.Write(bytes);

}
