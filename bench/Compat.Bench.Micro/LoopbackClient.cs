using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Compat.Bench.Micro;

/// <summary>
/// One keep-alive connection that sends a GET once or sixteen times pipelined in one send, and reads exactly the
/// responses' bytes back into a buffer it reuses, so a benchmark's allocations are the server's.
/// </summary>
internal sealed class LoopbackClient : IDisposable
{
    /// <summary>How many requests a pipelined round trip sends.</summary>
    public const int Depth = 16;

    private readonly byte[] _received = new byte[1 << 16];
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private byte[] _one = [];
    private byte[] _batch = [];
    private int _responseLength;

    /// <summary>Connects, and learns the response's length from one request (every response has the same: the
    /// Date header is fixed-width).</summary>
    /// <param name="server">The server.</param>
    /// <param name="path">The path every request asks for.</param>
    /// <param name="body">The response body, which ends each response.</param>
    /// <returns>The connected client.</returns>
    public static async Task<LoopbackClient> ConnectAsync(IPEndPoint server, string path, string body)
    {
        var client = new LoopbackClient();
        await client._socket.ConnectAsync(server);
        var request = $"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n";
        client._one = Encoding.ASCII.GetBytes(request);
        client._batch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(request, Depth)));
        await client._socket.SendAsync(client._one);
        var text = string.Empty;
        while (!text.EndsWith(body, StringComparison.Ordinal))
        {
            text += Encoding.ASCII.GetString(client._received, 0, await client._socket.ReceiveAsync(client._received));
        }

        client._responseLength = text.Length;
        return client;
    }

    /// <summary>One request, then its response.</summary>
    /// <returns>Completes when the response has arrived.</returns>
    public Task OneAsync() => RoundTripAsync(_one, 1);

    /// <summary><see cref="Depth"/> requests in one send, then their responses.</summary>
    /// <returns>Completes when all have arrived.</returns>
    public Task PipelinedAsync() => RoundTripAsync(_batch, Depth);

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private async Task RoundTripAsync(byte[] requests, int responses)
    {
        await _socket.SendAsync(requests);
        for (var remaining = _responseLength * responses; remaining > 0;)
        {
            remaining -= await _socket.ReceiveAsync(_received);
        }
    }
}
