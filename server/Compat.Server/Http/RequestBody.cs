using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Compat.Hosting;

namespace Compat.Server.Http;

/// <summary>
/// Moves one request's body from the connection to the handler: de-framed (Content-Length or chunked), held to the
/// size limit, and streamed through a small pipe so it is never buffered whole. The pump starts on the handler's
/// first read (after any 100 Continue). After the response, <see cref="FinishAsync"/> discards what the handler
/// left unread, up to a limit, so the connection can carry the next request. The pump runs on the ThreadPool.
/// </summary>
internal sealed class RequestBody
{
    private const int MaxChunkLineLength = 4096;

    private readonly PipeReader _input;
    private readonly long? _contentLength;
    private readonly bool _chunked;
    private readonly long _maxBodySize;
    private readonly long _maxDrainSize;
    private readonly Pipe _pipe;
    private readonly FirstReadPipeReader _reader;
    private double? _minDataRate;
    private readonly long _gracePeriodMs;
    private readonly long _idleTimeoutMs;
    private readonly bool _canPreread;
    private readonly CancellationTokenSource _tooSlow = new();
    private Task? _pump;
    private volatile bool _discard;
    private long _discarded;

    // The pace of the client, for the heartbeat: when the current wait for body bytes began (0 when not waiting),
    // the time spent waiting before it, and the bytes received. Only time spent waiting for the client counts, not
    // time the handler takes to read (as Kestrel's MinRequestBodyDataRate).
    private long _waitingSince;
    private long _waitedMs;
    private long _received;
    private string? _tooSlowReason;

    /// <param name="input">The connection.</param>
    /// <param name="head">The request's head.</param>
    /// <param name="options">The limits and timeouts.</param>
    /// <param name="sendContinue">Sends 100 Continue, when the client waits for it.</param>
    /// <param name="rate">Asked on the handler's first read: the minimum data rate for this request (see
    /// <see cref="ServerEnvironKeys.MinRequestBodyDataRate"/>); null keeps the server's.</param>
    public RequestBody(PipeReader input, RequestHead head, ServerOptions options, Func<ValueTask>? sendContinue, Func<double?>? rate = null)
    {
        _input = input;
        _contentLength = head.ContentLength;
        _chunked = head.Chunked;
        _maxBodySize = options.MaxRequestBodySize;
        _maxDrainSize = options.MaxRequestBodyDrainSize;
        _minDataRate = options.MinRequestBodyDataRate;
        _gracePeriodMs = (long)options.MinRequestBodyDataRateGracePeriod.TotalMilliseconds;
        _idleTimeoutMs = (long)options.RequestBodyIdleTimeout.TotalMilliseconds;
        _canPreread = !head.ExpectContinue && !head.Chunked && head.ContentLength <= options.RequestBodyPrereadSize;

        // A body read ahead must fit below the pause threshold, or the pump would wait for a handler not yet running.
        var pause = Math.Max(64 * 1024, options.RequestBodyPrereadSize + 1);
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: pause, resumeWriterThreshold: pause / 2, useSynchronizationContext: false));
        _reader = new FirstReadPipeReader(_pipe.Reader, async () =>
        {
            if (sendContinue is not null)
            {
                await sendContinue().ConfigureAwait(false);
            }

            // Read here, on the handler's own thread, so the heartbeat never reads the environ a handler may be writing.
            if (_pump is null && rate is not null)
            {
                _minDataRate = rate();
            }

            _pump ??= PumpAsync();
        });
    }

    /// <summary>The body as the handler reads it.</summary>
    public PipeReader Reader => _reader;

    /// <summary>
    /// Reads the whole body before the handler runs, so that a slow client holds no pool thread for a small upload
    /// (as a buffering proxy in front of gunicorn does). Only for a declared length within
    /// <see cref="ServerOptions.RequestBodyPrereadSize"/>, and never when the client waits for 100 Continue.
    /// </summary>
    /// <returns>Null when the body is read (or not eligible), or the error that ended it (a 400 or 408).</returns>
    public async ValueTask<HttpStatusException?> PrereadAsync()
    {
        if (!_canPreread)
        {
            return null;
        }

        _pump ??= PumpAsync();
        try
        {
            await _pump.ConfigureAwait(false);
            return null;
        }
        catch (HttpStatusException ex)
        {
            return ex;
        }
        catch (IOException ex)
        {
            return new HttpStatusException(400, ex.Message);
        }
    }

    /// <summary>
    /// Called by the server's heartbeat: ends a wait for body bytes that has lasted past the idle timeout, or that
    /// puts the client below the minimum data rate after the grace period. The handler's read then throws a 408.
    /// </summary>
    /// <param name="now">The heartbeat's clock.</param>
    public void CheckPace(long now)
    {
        var since = Volatile.Read(ref _waitingSince);
        if (since == 0 || _tooSlow.IsCancellationRequested) return;
        var waiting = now - since;
        var waited = Volatile.Read(ref _waitedMs) + waiting;
        if (waiting > _idleTimeoutMs)
        {
            Fail($"no request body bytes for {_idleTimeoutMs / 1000.0:0.###} s");
        }
        else if (_minDataRate is { } rate && waited > _gracePeriodMs && Volatile.Read(ref _received) < rate * waited / 1000)
        {
            Fail($"the request body arrives slower than {rate:0.###} bytes/s");
        }

        void Fail(string reason)
        {
            _tooSlowReason = reason;
            try
            {
                _tooSlow.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The body finished meanwhile.
            }
        }
    }

    /// <summary>
    /// Whether the connection can carry another request after this one: false when the body turned out malformed,
    /// when the client is still waiting for a 100 Continue, or when more is declared than the server would drain.
    /// </summary>
    public bool CanBeSkipped(bool expectContinue) =>
        _pump is not { IsFaulted: true } && (_reader.FirstReadSeen || (!expectContinue && (_chunked || _contentLength <= _maxDrainSize)));

    /// <summary>Discards what the handler left unread; true when the body ended cleanly within the drain limit.</summary>
    /// <param name="expectContinue">Whether the client waits for 100 Continue before it sends the body.</param>
    /// <returns>Whether the connection may carry another request.</returns>
    public async ValueTask<bool> FinishAsync(bool expectContinue)
    {
        if (!CanBeSkipped(expectContinue))
        {
            return false;
        }

        _discard = true;
        await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        _pump ??= PumpAsync();
        try
        {
            await _pump.ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task PumpAsync()
    {
        // Leave the handler's thread (a pool thread, for old-style handlers) before the first socket read.
        await Task.Yield();
        try
        {
            if (_chunked)
            {
                await CopyChunkedAsync().ConfigureAwait(false);
            }
            else
            {
                await CopyAsync(_contentLength ?? 0).ConfigureAwait(false);
            }

            await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await _pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask CopyAsync(long length)
    {
        while (length > 0)
        {
            var result = await ReadInputAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var take = buffer.Slice(0, Math.Min(length, buffer.Length));
            try
            {
                if (take.IsEmpty && result.IsCompleted)
                {
                    throw new HttpStatusException(400, "unexpected end of request content: the client closed the connection before the body ended");
                }

                length -= take.Length;
                await DeliverAsync(take).ConfigureAwait(false);
            }
            finally
            {
                _input.AdvanceTo(take.End);
            }
        }
    }

    // A read of the connection for the body, timed for CheckPace.
    private async ValueTask<ReadResult> ReadInputAsync()
    {
        if (_input.TryRead(out var ready))
        {
            return ready;
        }

        Volatile.Write(ref _waitingSince, Heartbeat.Now);
        try
        {
            return await _input.ReadAsync(_tooSlow.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_tooSlow.IsCancellationRequested)
        {
            throw new HttpStatusException(408, $"request body too slow: {_tooSlowReason}");
        }
        finally
        {
            Volatile.Write(ref _waitedMs, _waitedMs + (Heartbeat.Now - _waitingSince));
            Volatile.Write(ref _waitingSince, 0);
        }
    }

    private async ValueTask DeliverAsync(ReadOnlySequence<byte> data)
    {
        Interlocked.Add(ref _received, data.Length);
        if (_discard)
        {
            _discarded += data.Length;
            if (_discarded > _maxDrainSize) throw new IOException($"More than {_maxDrainSize} unread body bytes; the connection is closed instead of drained.");
            return;
        }

        foreach (var segment in data)
        {
            _pipe.Writer.Write(segment.Span);
        }

        var flush = await _pipe.Writer.FlushAsync().ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            // The handler stopped reading: whatever follows is drained, not delivered.
            _discard = true;
        }
    }

    private async ValueTask CopyChunkedAsync()
    {
        long total = 0;
        while (true)
        {
            var size = await ReadChunkLineAsync(ParseChunkSize).ConfigureAwait(false);
            if (size == 0)
            {
                // Trailer fields are read and dropped: PEP 3333 has nowhere to put them.
                while (await ReadChunkLineAsync(static line => line.IsEmpty ? 0L : 1L).ConfigureAwait(false) != 0)
                {
                }

                return;
            }

            total += size;
            if (total > _maxBodySize) ThrowHelper.Reject(RequestRejectionReason.BodyTooLarge, $"the chunked body exceeds {_maxBodySize} bytes");
            await CopyAsync(size).ConfigureAwait(false);
            if (await ReadChunkLineAsync(static line => line.Length).ConfigureAwait(false) != 0)
            {
                ThrowHelper.Reject(RequestRejectionReason.InvalidChunk, "chunk data is not followed by CRLF");
            }
        }
    }

    private delegate long LineParser(ReadOnlySpan<byte> line);

    private async ValueTask<long> ReadChunkLineAsync(LineParser parse)
    {
        while (true)
        {
            var result = await ReadInputAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = buffer.End;
            try
            {
                var reader = new SequenceReader<byte>(buffer);
                if (Http1Parser.TryReadLine(ref reader, MaxChunkLineLength, out var line))
                {
                    // Only the line is examined: the bytes after it are already here and must not wait for more.
                    consumed = examined = reader.Position;
                    return parse(line);
                }

                if (buffer.Length > MaxChunkLineLength) ThrowHelper.Reject(RequestRejectionReason.InvalidChunk, "a chunk line is too long");
                if (result.IsCompleted) throw new HttpStatusException(400, "unexpected end of request content: the client closed the connection inside a chunked body");
            }
            finally
            {
                _input.AdvanceTo(consumed, examined);
            }
        }
    }

    // chunk-size [ chunk-ext ]: hex digits, then nothing or ';' extensions, which are checked and ignored.
    // No whitespace anywhere: RFC 9112 allows BWS there, but lenient parsers disagree about it (a smuggling seam).
    // *( ";" ext-name [ "=" ( token / quoted-string ) ] )
    private static bool IsChunkExtensions(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            if (text[0] != (byte)';') return false;
            text = text[1..];
            var nameEnd = text.IndexOfAny((byte)';', (byte)'=');
            var name = nameEnd < 0 ? text : text[..nameEnd];
            if (!HttpChars.IsToken(name)) return false;
            text = text[name.Length..];
            if (text.IsEmpty || text[0] != (byte)'=') continue;
            text = text[1..];
            if (!text.IsEmpty && text[0] == (byte)'"')
            {
                var close = IndexOfClosingQuote(text);
                if (close < 0) return false;
                text = text[(close + 1)..];
            }
            else
            {
                var valueEnd = text.IndexOf((byte)';');
                if (!HttpChars.IsToken(valueEnd < 0 ? text : text[..valueEnd])) return false;
                text = valueEnd < 0 ? [] : text[valueEnd..];
            }
        }

        return true;
    }

    // quoted-string: qdtext and quoted-pairs of field-value bytes; returns the closing quote's index.
    private static int IndexOfClosingQuote(ReadOnlySpan<byte> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == (byte)'\\') i++;
            else if (text[i] == (byte)'"') return i;
            else if (HttpChars.IndexOfInvalidFieldValueByte(text.Slice(i, 1)) >= 0) return -1;
        }

        return -1;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var digits = line.IndexOfAnyExcept("0123456789abcdefABCDEF"u8);
        var hex = digits < 0 ? line : line[..digits];
        if (hex.IsEmpty || hex.Length > 15) ThrowHelper.Reject(RequestRejectionReason.InvalidChunk, "the chunk size is not 1 to 15 hex digits");
        if (digits >= 0 && !IsChunkExtensions(line[digits..]))
        {
            ThrowHelper.Reject(RequestRejectionReason.InvalidChunk, "a chunk size is followed by something other than well-formed extensions");
        }

        long size = 0;
        foreach (var b in hex)
        {
            size = (size << 4) | (long)(b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10);
        }

        return size;
    }
}
