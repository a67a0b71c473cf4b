using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Compat.Bench.Apps;

/// <summary>
/// What this machine can do at all: a socket loop that parses nothing and answers every CRLFCRLF it reads with the
/// same fixed plaintext response (the body the other targets send). Scenario 1 gives each figure its ratio to it.
/// </summary>
public static class CannedResponseLoop
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: text/plain\r\nDate: Wed, 02 Dec 2026 00:00:00 GMT\r\nServer: canned\r\n\r\nHello, World!");

    /// <summary>Serves on 127.0.0.1:<paramref name="port"/> until the process ends.</summary>
    /// <param name="port">The port.</param>
    /// <returns>Never completes.</returns>
    public static async Task RunAsync(int port)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(512);
        while (true)
        {
            var socket = await listener.AcceptAsync();
            socket.NoDelay = true;
            _ = ServeAsync(socket);
        }
    }

    private static async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var input = new byte[16 * 1024];
        var output = new byte[Response.Length * 64];
        var matched = 0; // how much of CRLFCRLF the previous read ended with
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(input);
                if (read == 0) return;
                var responses = 0;
                for (var i = 0; i < read; i++)
                {
                    var expected = (matched & 1) == 0 ? (byte)'\r' : (byte)'\n';
                    matched = input[i] == expected ? matched + 1 : input[i] == '\r' ? 1 : 0;
                    if (matched == 4)
                    {
                        responses++;
                        matched = 0;
                    }
                }

                while (responses > 0)
                {
                    var batch = Math.Min(responses, 64);
                    for (var r = 0; r < batch; r++) Response.CopyTo(output, r * Response.Length);
                    await socket.SendAsync(output.AsMemory(0, batch * Response.Length));
                    responses -= batch;
                }
            }
        }
        catch (SocketException)
        {
            // The client left.
        }
    }
}
