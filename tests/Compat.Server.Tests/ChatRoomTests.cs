using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Compat.Samples;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>The chat room sample over real WebSocket clients: a member that stops reading is dropped, not waited for.</summary>
public sealed class ChatRoomTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AMemberThatStopsReading_IsDropped_AndTheRoomGoesOn()
    {
        // The room drops the silent member; what its connection still has to send is then held to a quick pace.
        var options = new ServerOptions { Endpoints = [new(IPAddress.Loopback, 0)], MinResponseDataRate = 1_000_000, MinResponseDataRateGracePeriod = TimeSpan.FromSeconds(1) };
        await using var server = await TestServer.StartAsync(s => s.Mount("/chat", ChatRoom.Handle), options);
        using var talker = await JoinAsync(server);
        using var silent = await JoinSilentlyAsync(server);

        // Far more than the silent member's outbox and socket buffers hold; the talker reads its own messages back.
        var message = new byte[ChatRoom.MaxMessageSize];
        var buffer = new byte[ChatRoom.MaxMessageSize];
        for (var i = 0; i < 4000; i++)
        {
            await talker.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Patience);
            var echoed = await talker.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Patience);
            Assert.Equal(message.Length, echoed.Count);
        }

        using var newcomer = await JoinAsync(server);
        await talker.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var greeting = await newcomer.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Patience);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(buffer, 0, greeting.Count));

        // The silent member's connection was cut: reading what is left ends in a reset or an end, not in a wait.
        Assert.True(await EndsAsync(silent), "the silent member's connection is still open");
        talker.Abort();
        newcomer.Abort();
        await server.Server.StopAsync();
        Assert.DoesNotContain("fail:", server.ErrorLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageOverTheLimit_ClosesItsSendersSocketWith1009()
    {
        await using var server = await TestServer.StartAsync(s => s.Mount("/chat", ChatRoom.Handle));
        using var member = await JoinAsync(server);

        await member.SendAsync(new byte[ChatRoom.MaxMessageSize + 1], WebSocketMessageType.Text, true, CancellationToken.None);
        var result = await member.ReceiveAsync(new byte[16], CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, member.CloseStatus);
    }

    private static async Task<ClientWebSocket> JoinAsync(TestServer server)
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://{server.Endpoint}/chat"), CancellationToken.None).WaitAsync(Patience);
        return client;
    }

    // A member on a raw socket with a small receive buffer, which reads nothing after the handshake's 101: the
    // server's sends to it wait as soon as its buffers are full.
    private static async Task<Socket> JoinSilentlyAsync(TestServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(server.Endpoint);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        var head = new byte[1];
        var received = new StringBuilder();
        while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await socket.ReceiveAsync(head) == 1)
        {
            received.Append((char)head[0]);
        }

        Assert.StartsWith("HTTP/1.1 101 ", received.ToString(), StringComparison.Ordinal);
        return socket;
    }

    private static async Task<bool> EndsAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[64 * 1024];
        long total = 0;
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                total += n;
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
