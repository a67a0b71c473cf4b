using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>A chat room: GET /chat serves the page; the page's WebSocket joins the room; every message goes to everyone.</summary>
public static class ChatRoom
{
    private static readonly ConcurrentDictionary<WebSocket, SemaphoreSlim> Members = new();

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
        Members[socket] = new SemaphoreSlim(1, 1);
        try
        {
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, environ.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", environ.RequestAborted);
                    break;
                }

                await BroadcastAsync(buffer.AsMemory(0, result.Count));
            }
        }
        finally
        {
            Members.TryRemove(socket, out _);
        }
    }

    private static async Task BroadcastAsync(ReadOnlyMemory<byte> message)
    {
        foreach (var (member, gate) in Members)
        {
            await gate.WaitAsync();
            try
            {
                if (member.State == WebSocketState.Open) await member.SendAsync(message, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // That member left mid-send; the others still get the message.
            }
            finally
            {
                gate.Release();
            }
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
