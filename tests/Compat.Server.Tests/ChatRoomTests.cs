using System;
using System.Net;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using Compat.Samples;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>The chat room sample over real WebSocket clients: a member that stops reading is dropped, not waited for.</summary>
[Collection(ChatRoomCollection.Name)]
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
        using var silent = await SlowClient.ConnectAsync(server.Endpoint);
        await SlowClient.HandshakeAsync(silent, "/chat");

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
        Assert.True(await SlowClient.EndsAsync(silent, Patience), "the silent member's connection is still open");
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
}
