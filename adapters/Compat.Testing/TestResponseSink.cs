using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Compat.Hosting;

namespace Compat.Testing;

/// <summary>Records a response as a client would receive it, and simulates a client that goes away.</summary>
internal sealed class TestResponseSink : IResponseSink
{
    private readonly MemoryStream _body = new();
    private readonly bool _http11;
    private readonly long? _disconnectAfter;
    private readonly CancellationTokenSource _connectionClosed;

    public TestResponseSink(bool http11, long? disconnectAfter, CancellationTokenSource connectionClosed)
    {
        _http11 = http11;
        _disconnectAfter = disconnectAfter;
        _connectionClosed = connectionClosed;
    }

    private int _started;

    public ResponseHead? Head { get; private set; }

    /// <summary>Safe to read from a handler's pool thread, unlike <see cref="Head"/>.</summary>
    public bool Started => Volatile.Read(ref _started) != 0;

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public ResponseFraming Framing { get; private set; }

    public bool Aborted { get; private set; }

    /// <summary>The test host offers no WebSocket or takeover extension, so nothing can take a connection over.</summary>
    public bool IsTakenOver => false;

    public byte[] Body => _body.ToArray();

    public ValueTask StartAsync(ResponseHead head)
    {
        if (Head is not null)
        {
            throw new InvalidOperationException("The runner started a response twice.");
        }

        Head = head;
        Volatile.Write(ref _started, 1);
        Headers.AddRange(head.Headers);
        if (head.ContentLengthAdded)
        {
            Headers.Add(new("Content-Length", head.ContentLength!.Value.ToString(CultureInfo.InvariantCulture)));
        }

        if (head.Date is not null) Headers.Add(new("Date", head.Date));
        if (head.Server is not null) Headers.Add(new("Server", head.Server));
        Framing = !head.BodyAllowed ? ResponseFraming.None
            : head.ContentLength is not null ? ResponseFraming.ContentLength
            : _http11 ? ResponseFraming.Chunked
            : ResponseFraming.CloseDelimited;
        return ThrowIfGone();
    }

    public ValueTask FlushAsync() => ThrowIfGone();

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, bool flush)
    {
        if (Head is null || !Head.Value.BodyAllowed)
        {
            throw new InvalidOperationException("The runner wrote body bytes that must not be sent.");
        }

        var gone = ThrowIfGone();
        if (!gone.IsCompletedSuccessfully)
        {
            return gone;
        }

        var room = _disconnectAfter is long limit ? Math.Max(0, limit - _body.Length) : long.MaxValue;
        _body.Write(chunk.Span[..(int)Math.Min(chunk.Length, room)]);
        if (room <= chunk.Length)
        {
            // The client read its fill and hung up: the connection's token fires, as on a real socket.
            _connectionClosed.Cancel();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync() => ThrowIfGone();

    public void Abort()
    {
        Aborted = true;
        _connectionClosed.Cancel();
    }

    private ValueTask ThrowIfGone() => _connectionClosed.IsCancellationRequested
        ? ValueTask.FromException(new IOException("The test client closed the connection."))
        : ValueTask.CompletedTask;
}
