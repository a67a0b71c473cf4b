using System;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Samples;
using Xunit;

namespace Compat.Server.Tests;

public sealed class WebSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static Task<TestServer> StartEchoAsync(ServerOptions? options = null) => TestServer.StartAsync(s =>
    {
        s.Mount("/echo", ExtensionHandlers.Echo);
        s.Mount("/legacy-echo", ExtensionHandlers.LegacyEcho);
    }, options);

    private static async Task<ClientWebSocket> ConnectAsync(TestServer server, string path, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new ClientWebSocket();
        configure?.Invoke(client.Options);
        await client.ConnectAsync(new Uri($"ws://{server.Endpoint}{path}"), CancellationToken.None).WaitAsync(Patience);
        return client;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveWholeAsync(WebSocket socket)
    {
        var data = new System.IO.MemoryStream();
        var buffer = new byte[64 * 1024];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).AsTask().WaitAsync(Patience);
            data.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return (result.MessageType, data.ToArray());
    }

    [Theory]
    [InlineData("/echo")]
    [InlineData("/legacy-echo")]
    public async Task TextBinaryAndOneMebibyteMessages_AreEchoed_InBothStyles(string path)
    {
        await using var server = await StartEchoAsync();
        using var client = await ConnectAsync(server, path, o => o.AddSubProtocol("echo"));
        var big = RandomNumberGenerator.GetBytes(1024 * 1024);

        await client.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var text = await ReceiveWholeAsync(client);
        await client.SendAsync(new byte[] { 0, 1, 2, 255 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var binary = await ReceiveWholeAsync(client);
        await client.SendAsync(big, WebSocketMessageType.Binary, true, CancellationToken.None);
        var echoedBig = await ReceiveWholeAsync(client);

        Assert.Equal("echo", client.SubProtocol);
        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("hello"u8.ToArray(), text.Data);
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, binary.Data);
        Assert.Equal(big, echoedBig.Data);
    }

    [Theory]
    [InlineData("/echo")]
    [InlineData("/legacy-echo")]
    public async Task AClientThatLeavesWithoutTheCloseHandshake_EndsTheSession_AndIsNotLoggedAsAFailure(string path)
    {
        await using var server = await StartEchoAsync();
        using (var client = await ConnectAsync(server, path))
        {
            await client.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            await ReceiveWholeAsync(client);
            client.Abort();
        }

        for (var i = 0; i < 50 && !server.AccessLog.Contains($"\"GET {path} HTTP/1.1\" 101", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.Contains($"\"GET {path} HTTP/1.1\" 101", server.AccessLog, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", server.ErrorLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFragmentedMessage_IsReassembledAndEchoedWhole()
    {
        await using var server = await StartEchoAsync();
        using var client = await ConnectAsync(server, "/echo");

        await client.SendAsync("frag"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await client.SendAsync("men"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await client.SendAsync("ted"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        Assert.Equal("fragmented"u8.ToArray(), (await ReceiveWholeAsync(client)).Data);
    }

    [Fact]
    public async Task PingsAndPongs_KeepAnIdleSocketAlive()
    {
        await using var server = await StartEchoAsync(new ServerOptions { WebSocketKeepAliveInterval = TimeSpan.FromMilliseconds(250), WebSocketKeepAliveTimeout = TimeSpan.FromSeconds(2) });
        using var client = await ConnectAsync(server, "/echo", o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(250);
            o.KeepAliveTimeout = TimeSpan.FromSeconds(2);
        });

        // Both sides ping every 250 ms and abort after 2 s without a pong: staying open for 3.5 s needs the pongs. The
        // timeout leaves a loaded machine (2 busy cores) room to be late with a pong; it was 500 ms and flaked.
        var receiving = client.ReceiveAsync(new byte[16], CancellationToken.None);
        await Task.Delay(3500);
        Assert.Equal(WebSocketState.Open, client.State);
        Assert.False(receiving.IsCompleted);
    }

    [Fact]
    public async Task TheClientsCloseCode_IsEchoedInTheCloseHandshake()
    {
        await using var server = await StartEchoAsync();
        using var client = await ConnectAsync(server, "/echo");

        await client.CloseAsync((WebSocketCloseStatus)4000, "custom", CancellationToken.None).WaitAsync(Patience);

        Assert.Equal((WebSocketCloseStatus)4000, client.CloseStatus);
        Assert.Equal("custom", client.CloseStatusDescription);
    }

    [Fact]
    public async Task AMessageOverTheLimit_ClosesWith1009()
    {
        await using var server = await StartEchoAsync(new ServerOptions { WebSocketMaxMessageSize = 1000 });
        using var client = await ConnectAsync(server, "/echo");

        await client.SendAsync(new byte[2000], WebSocketMessageType.Binary, true, CancellationToken.None);
        var result = await client.ReceiveAsync(new byte[16], CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
    }

    [Fact]
    public async Task StoppingTheServer_ClosesOpenSocketsWith1001()
    {
        var server = await StartEchoAsync();
        using var client = await ConnectAsync(server, "/echo");
        var receiving = client.ReceiveAsync(new byte[16], CancellationToken.None);

        var stopping = server.Server.StopAsync();
        var result = await receiving.WaitAsync(Patience);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await stopping.WaitAsync(Patience);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
    }

    [Theory]
    [InlineData("GET /echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "426", "Sec-WebSocket-Version: 13")]
    [InlineData("GET /echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", "400", "Sec-WebSocket-Key")]
    [InlineData("GET /echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: c2hvcnQ=\r\n\r\n", "400", "16 bytes")]
    [InlineData("GET /echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "400", "Connection: Upgrade")]
    [InlineData("POST /echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nContent-Length: 0\r\n\r\n", "400", "GET")]
    public async Task ABadHandshake_IsRefusedByTheServer_BeforeTheHandlerRuns(string request, string status, string detail)
    {
        await using var server = await StartEchoAsync();
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync(request);
        var response = await connection.ReadUntilAsync(detail);

        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
        Assert.Contains(detail, response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValidHandshake_GetsTheRfc6455AcceptKey()
    {
        await using var server = await StartEchoAsync();
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("GET /echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: chat, echo\r\n\r\n");
        var response = await connection.ReadUntilAsync("\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", response, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Protocol: echo\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHandlerThatDeclines_AnswersOverPlainHttp()
    {
        static async System.Collections.Generic.IAsyncEnumerable<ReadOnlyMemory<byte>> Decline(Environ environ, AsyncStartResponse start)
        {
            start("403 Forbidden", [new("Content-Length", "2")]);
            await Task.Yield();
            yield return "no"u8.ToArray();
        }

        await using var server = await TestServer.StartAsync(Decline);

        var error = await Assert.ThrowsAsync<WebSocketException>(() => new ClientWebSocket().ConnectAsync(new Uri($"ws://{server.Endpoint}/"), CancellationToken.None));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }
}
