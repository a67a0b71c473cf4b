using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>
/// A chat room: GET /chat serves the page; the page's WebSocket joins the room; every message goes to everyone. Each
/// member has its own outbox of <see cref="OutboxSize"/> messages, sent by its own loop: a member that stops reading
/// fills only its own outbox, and is then dropped, so it cannot hold up the room.
/// </summary>
public static class ChatRoom
{
    /// <summary>The longest message, in bytes; a longer one closes its sender's socket (1009, message too big).</summary>
    public const int MaxMessageSize = 4096;

    /// <summary>Messages waiting for one member; a member this far behind is dropped.</summary>
    public const int OutboxSize = 256;

    private static readonly ConcurrentDictionary<WebSocket, Channel<byte[]>> Members = new();

    /// <summary>The page, or the room's WebSocket.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>The page, or nothing once the socket is accepted.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Handle(Environ environ, AsyncStartResponse startResponse)
    {
        if (environ.WebSocket is not { } extension)
        {
            var page = Encoding.UTF8.GetBytes(Page);
            startResponse("200 OK", [new("Content-Type", "text/html; charset=utf-8"), new("Content-Length", page.Length.ToString(CultureInfo.InvariantCulture))]);
            yield return page;
            yield break;
        }

        using var socket = await extension.AcceptAsync();
        var outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(OutboxSize) { SingleReader = true });
        Members[socket] = outbox;
        var sending = SendAllAsync(socket, outbox.Reader, environ.RequestAborted);
        try
        {
            await ReceiveAllAsync(socket, environ.RequestAborted);
        }
        finally
        {
            Members.TryRemove(socket, out _);
            outbox.Writer.TryComplete();
            await sending;
        }
    }

    private static async Task ReceiveAllAsync(WebSocket socket, CancellationToken aborted)
    {
        var buffer = new byte[MaxMessageSize];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", aborted);
                    break;
                }

                if (!result.EndOfMessage)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"at most {MaxMessageSize} bytes", aborted);
                    break;
                }

                Broadcast(buffer.AsSpan(0, result.Count).ToArray());
            }
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && socket.State == WebSocketState.Aborted))
        {
            // The member left without the close handshake, or was dropped for not reading.
        }
    }

    private static void Broadcast(byte[] message)
    {
        foreach (var (member, outbox) in Members)
        {
            if (!outbox.Writer.TryWrite(message) && Members.TryRemove(member, out _))
            {
                // Its outbox is full: it stopped reading. Aborting ends its receive loop too.
                member.Abort();
            }
        }
    }

    private static async Task SendAllAsync(WebSocket socket, ChannelReader<byte[]> outbox, CancellationToken aborted)
    {
        try
        {
            await foreach (var message in outbox.ReadAllAsync(aborted))
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, true, aborted);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The member left, or was dropped: the others are not affected.
        }
    }

    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Compat chat</title></head>
        <body>
        <h1>Chat</h1>
        <form id="form"><input id="text" autocomplete="off" placeholder="say something"><button>Send</button></form>
        <ul id="log"></ul>
        <script>
          const log = document.getElementById('log');
          const socket = new WebSocket(location.href.replace(/^http/, 'ws').replace(/[?#].*$/, ''));
          socket.onmessage = event => {
            const item = document.createElement('li');
            item.textContent = event.data;
            log.appendChild(item);
          };
          socket.onopen = () => {
            document.body.dataset.state = 'open';
            const say = new URLSearchParams(location.search).get('say');
            if (say) socket.send(say);
          };
          document.getElementById('form').onsubmit = event => {
            event.preventDefault();
            const text = document.getElementById('text');
            socket.send(text.value);
            text.value = '';
          };
        </script>
        </body>
        </html>

        """;
}
