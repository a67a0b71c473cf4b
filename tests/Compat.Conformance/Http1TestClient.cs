using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Testing;

namespace Compat.Conformance;

/// <summary>
/// A raw-socket HTTP/1.x client for conformance tests over real HTTP. Unlike HttpClient it reports what a test needs
/// to see: interim responses (100, 103), how the body was framed, and whether the connection ended early.
/// </summary>
public static class Http1TestClient
{
    private static readonly TimeSpan ContinueWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ResponseDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Sends one request on a new connection and reads the response.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="request">The request.</param>
    /// <param name="errorLog">What the server logged, read after the response.</param>
    /// <returns>What the client received.</returns>
    public static async Task<TestResponse> SendAsync(IPEndPoint endpoint, TestRequest request, Func<string> errorLog)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errorLog);
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

        // A response that stalls (bytes a host forgot to flush) fails the test as cut short, instead of waiting for the
        // host's keep-alive timeout to close the connection.
        using var deadline = new CancellationTokenSource(ResponseDeadline);
        using var closeAtDeadline = deadline.Token.Register(socket.Close);
        await socket.ConnectAsync(endpoint);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = PipeReader.Create(stream);

        await stream.WriteAsync(Head(request));
        var expectsContinue = HasHeader(request, "Expect", "100-continue");
        var bodySent = request.Body is null;
        var continueSent = false;
        var hints = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        if (!bodySent && !expectsContinue)
        {
            await SendBodyAsync(stream, request);
            bodySent = true;
        }

        while (true)
        {
            using var wait = new CancellationTokenSource(bodySent ? Timeout.InfiniteTimeSpan : ContinueWait);
            ResponseHeadLine? head;
            try
            {
                head = await ReadHeadAsync(reader, wait.Token);
            }
            catch (IOException)
            {
                // Reset before a head arrived: the host aborted and its transport dropped what it had not sent.
                head = null;
            }
            catch (OperationCanceledException) when (!bodySent)
            {
                // No 100 in time: send the body anyway, as curl does.
                await SendBodyAsync(stream, request);
                bodySent = true;
                continue;
            }

            if (head is null)
            {
                return new TestResponse(string.Empty, 0, [], [], ResponseFraming.None, aborted: true, continueSent, hints, errorLog());
            }

            if (head.StatusCode == 100)
            {
                continueSent = true;
                if (!bodySent)
                {
                    await SendBodyAsync(stream, request);
                    bodySent = true;
                }

                continue;
            }

            if (head.StatusCode == 103)
            {
                hints.Add(head.Headers);
                continue;
            }

            var (framing, body, aborted) = await ReadBodyAsync(reader, head, request, socket, new MemoryStream());
            return new TestResponse(head.Status, head.StatusCode, head.Headers, body, framing, aborted, continueSent, hints, errorLog());
        }
    }

    private static byte[] Head(TestRequest request)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.Target} {request.Protocol}\r\n");
        if (!HasHeader(request, "Host", null)) text.Append("Host: localhost\r\n");
        foreach (var header in request.Headers) text.Append(CultureInfo.InvariantCulture, $"{header.Key}: {header.Value}\r\n");
        if (request.Body is not null)
        {
            text.Append(request.ChunkedBody ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {request.Body.Length}\r\n");
        }

        text.Append("\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static async Task SendBodyAsync(Stream stream, TestRequest request)
    {
        var body = request.Body!;
        var piece = Math.Max(1, request.BodyChunkSize);
        for (var offset = 0; offset < body.Length; offset += piece)
        {
            var count = Math.Min(piece, body.Length - offset);
            if (request.ChunkedBody) await stream.WriteAsync(Encoding.ASCII.GetBytes($"{count:x}\r\n"));
            await stream.WriteAsync(body.AsMemory(offset, count));
            if (request.ChunkedBody) await stream.WriteAsync("\r\n"u8.ToArray());
        }

        if (request.ChunkedBody) await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
    }

    private static bool HasHeader(TestRequest request, string name, string? value)
    {
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)
                && (value is null || string.Equals(header.Value, value, StringComparison.OrdinalIgnoreCase))) return true;
        }

        return false;
    }

    private sealed record ResponseHeadLine(string Status, int StatusCode, List<KeyValuePair<string, string>> Headers)
    {
        public string? Get(string name) => Headers.Find(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    private static async Task<ResponseHeadLine?> ReadHeadAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(reader, cancellationToken);
            if (line is null) return null;
            if (line.Length == 0) break;
            lines.Add(line);
        }

        var statusLine = lines[0];
        var status = statusLine[(statusLine.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.GetRange(1, lines.Count - 1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        return new ResponseHeadLine(status, int.Parse(status[..3], CultureInfo.InvariantCulture), headers);
    }

    private static async Task<string?> ReadLineAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var position = buffer.PositionOf((byte)'\n');
            if (position is not null)
            {
                var text = Encoding.Latin1.GetString(buffer.Slice(0, position.Value).ToArray());
                reader.AdvanceTo(buffer.GetPosition(1, position.Value));
                return text.EndsWith('\r') ? text[..^1] : text;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) return null;
        }
    }

    private static async Task<(ResponseFraming Framing, byte[] Body, bool Aborted)> ReadBodyAsync(PipeReader reader, ResponseHeadLine head, TestRequest request, Socket socket, MemoryStream body)
    {
        try
        {
            return await ReadFramedBodyAsync(reader, head, request, socket, body);
        }
        catch (IOException)
        {
            // A reset in the middle of the body: the server aborted the response.
            var framing = string.Equals(head.Get("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase) ? ResponseFraming.Chunked
                : head.Get("Content-Length") is not null ? ResponseFraming.ContentLength : ResponseFraming.CloseDelimited;
            return (framing, body.ToArray(), true);
        }
    }

    private static async Task<(ResponseFraming Framing, byte[] Body, bool Aborted)> ReadFramedBodyAsync(PipeReader reader, ResponseHeadLine head, TestRequest request, Socket socket, MemoryStream body)
    {
        var limit = request.DisconnectAfterResponseBytes ?? long.MaxValue;
        if (request.Method == "HEAD" || head.StatusCode is 204 or 304)
        {
            return (ResponseFraming.None, [], false);
        }

        if (string.Equals(head.Get("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(reader, default);
                if (sizeLine is null) return (ResponseFraming.Chunked, body.ToArray(), true);
                var size = long.Parse(sizeLine.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    await ReadLineAsync(reader, default);
                    return (ResponseFraming.Chunked, body.ToArray(), false);
                }

                if (!await CopyAsync(reader, size, body, limit, socket)) return (ResponseFraming.Chunked, body.ToArray(), true);
                if (await ReadLineAsync(reader, default) is null) return (ResponseFraming.Chunked, body.ToArray(), true);
            }
        }

        if (head.Get("Content-Length") is { } length)
        {
            var complete = await CopyAsync(reader, long.Parse(length, CultureInfo.InvariantCulture), body, limit, socket);
            return (ResponseFraming.ContentLength, body.ToArray(), !complete);
        }

        await CopyAsync(reader, long.MaxValue, body, limit, socket);
        return (ResponseFraming.CloseDelimited, body.ToArray(), body.Length >= limit);
    }

    // Copies up to length bytes; false when the connection ended first or the client hung up at its limit.
    private static async Task<bool> CopyAsync(PipeReader reader, long length, MemoryStream body, long limit, Socket socket)
    {
        while (length > 0)
        {
            var result = await reader.ReadAsync();
            var take = result.Buffer.Slice(0, Math.Min(length, result.Buffer.Length));
            foreach (var segment in take) body.Write(segment.Span);
            length -= take.Length;
            reader.AdvanceTo(take.End);
            if (body.Length >= limit)
            {
                socket.Close(0);
                return false;
            }

            if (take.IsEmpty && result.IsCompleted) return false;
        }

        return true;
    }
}
