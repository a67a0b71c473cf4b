using System;
using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Hosting;

namespace Compat.Server.Http;

/// <summary>
/// Writes one response onto an HTTP/1.1 connection: status line, headers, and the body framed by Content-Length,
/// chunked encoding (HTTP/1.1) or connection close (HTTP/1.0). Interim responses (100 Continue) go through the
/// same lock, because an old-style handler reads its body on a pool thread while the runner writes on the host's.
/// </summary>
internal sealed class Http1ResponseSink : IResponseSink
{
    private readonly ConnectionOutput _connection;
    private readonly PipeWriter _output;
    private readonly ResponseLock _lock;
    private readonly RequestHead _request;
    private readonly bool _bodyRefused;
    private readonly CancellationToken _stopping;
    private readonly Environ _environ;
    private bool _chunked;

    /// <param name="output">The connection's output.</param>
    /// <param name="request">The request being answered.</param>
    /// <param name="environ">Its environ, for the minimum data rate its handler may set (<see cref="ServerEnvironKeys.MinResponseDataRate"/>).</param>
    /// <param name="bodyRefused">True when the request's body was refused unread (too large): the connection cannot go on.</param>
    /// <param name="stopping">The server's stop: a response after it closes its connection.</param>
    public Http1ResponseSink(ConnectionOutput output, RequestHead request, Environ environ, bool bodyRefused, CancellationToken stopping)
    {
        _connection = output;
        _output = output.Writer;
        _lock = output.Lock;
        _request = request;
        _environ = environ;
        _bodyRefused = bodyRefused;
        _stopping = stopping;
    }

    /// <summary>The request's body, once its reader exists (it needs this sink for 100 Continue); null without one.</summary>
    public RequestBody? Body { get; set; }

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
            TakeHandlersRate();
            _chunked = head.BodyAllowed && head.ContentLength is null && _request.IsHttp11;
            var closeDelimited = head.BodyAllowed && head.ContentLength is null && !_request.IsHttp11;
            KeepAlive = _request.KeepAlive && !closeDelimited && MayKeepAlive();

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

            // A complete response may stay buffered when the request had no body: the connection flushes before it next
            // waits for the client, so a batch of pipelined responses leaves in one send.
            if (!KeepAlive || Body is not null)
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

    // Asked when the head is written: not after a refused or unskippable body, nor once the server is stopping.
    private bool MayKeepAlive() => !_bodyRefused && !_stopping.IsCancellationRequested && (Body is null || Body.CanBeSkipped(_request.ExpectContinue));

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
            // A WebSocket's sends are held to the rate too (a takeover's are the handler's own).
            TakeHandlersRate();
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

    private ValueTask FlushUnlockedAsync() => _connection.FlushAsync();

    // When the response starts, on the handler's flow after its start_response: the rate it set, if it set one, holds
    // for the whole response.
    private void TakeHandlersRate() =>
        _connection.Pace.MinDataRate = EnvironDataRate.Read(_environ, ServerEnvironKeys.MinResponseDataRate, _connection.Pace.MinDataRate);

    private void Write(ReadOnlySpan<byte> bytes) => _output.Write(bytes);

}
