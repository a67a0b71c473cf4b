using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>
/// A client that stops reading: a raw socket whose small receive buffer makes the server's sends wait as soon as it
/// reads no more, with the WebSocket handshake for peers that take a socket and then read nothing.
/// </summary>
internal static class SlowClient
{
    /// <summary>Connects with a 4 KiB receive buffer.</summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(endpoint);
        return socket;
    }

    /// <summary>Sends a WebSocket handshake for the path and reads up to the end of the 101 head, nothing beyond.</summary>
    public static async Task HandshakeAsync(Socket socket, string path)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        var octet = new byte[1];
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await socket.ReceiveAsync(octet) == 1)
        {
            head.Append((char)octet[0]);
        }

        Assert.StartsWith("HTTP/1.1 101 ", head.ToString(), StringComparison.Ordinal);
    }

    /// <summary>True when the connection ends (an end or a reset) within the patience, after whatever is buffered.</summary>
    public static async Task<bool> EndsAsync(Socket socket, TimeSpan patience)
    {
        using var timeout = new CancellationTokenSource(patience);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
