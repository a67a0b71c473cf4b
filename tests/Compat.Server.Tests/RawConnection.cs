using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Server.Tests;

/// <summary>A raw TCP client for malformed input: sends exact bytes and reads what comes back.</summary>
internal sealed class RawConnection : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    private RawConnection()
    {
    }

    public static async Task<RawConnection> OpenAsync(IPEndPoint endpoint)
    {
        var connection = new RawConnection();
        await connection._socket.ConnectAsync(endpoint);
        return connection;
    }

    /// <summary>Sends text whose chars are octets; \r and \n are sent as written.</summary>
    public Task SendAsync(string text) => _socket.SendAsync(Encoding.Latin1.GetBytes(text));

    public Task SendAsync(byte[] bytes) => _socket.SendAsync(bytes);

    /// <summary>Half-closes the connection: the server reads the end of the client's bytes, and can still answer.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads until the server closes the connection; fails the test if it never does.</summary>
    public async Task<string> ReadToCloseAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var received = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // A reset after the response still counts as closed.
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server did not close the connection; it sent: {received}");
        }

        return received.ToString();
    }

    /// <summary>Reads until the text received contains <paramref name="marker"/> the given number of times.</summary>
    public async Task<string> ReadUntilAsync(string marker, int count = 1)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (Occurrences(received.ToString(), marker) < count)
        {
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0) break;
            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    public void Dispose() => _socket.Dispose();

    private static int Occurrences(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
