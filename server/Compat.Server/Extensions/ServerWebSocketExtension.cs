using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Hosting;
using Compat.Server.Http;

namespace Compat.Server.Extensions;

/// <summary>
/// gateway.websocket on the bundled server, for requests whose handshake <see cref="WebSocketHandshake"/> already
/// validated. Accepting sends the 101 and frames the connection with the BCL's RFC 6455 implementation.
/// </summary>
internal sealed class ServerWebSocketExtension(RequestHead head, PipeReader input, ConnectionOutput output, Http1ResponseSink sink, CompatServer server) : IWebSocketExtension
{
    private readonly string _key = WebSocketHandshake.Get(head, "Sec-WebSocket-Key")!;

    public IReadOnlyList<string> RequestedSubProtocols { get; } = WebSocketHandshake.SubProtocols(head);

    /// <summary>The socket handed to the handler, once accepted; the connection forgets it when it closes.</summary>
    public WebSocket? Accepted { get; private set; }

    public async Task<WebSocket> AcceptAsync(string? subProtocol = null)
    {
        if (subProtocol is not null && !RequestedSubProtocols.Contains(subProtocol, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Subprotocol '{subProtocol}' was not offered by the client ({string.Join(", ", RequestedSubProtocols)}).", nameof(subProtocol));
        }

        // Before the await: on an old-style handler's pool thread, which it keeps for as long as the socket is open.
        HeldThreadAdmission.Admit();

        var response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
            .Append("Sec-WebSocket-Accept: ").Append(WebSocketHandshake.AcceptKey(_key)).Append("\r\n");
        if (subProtocol is not null) response.Append("Sec-WebSocket-Protocol: ").Append(subProtocol).Append("\r\n");
        await sink.SwitchProtocolsAsync(Encoding.ASCII.GetBytes(response.Append("\r\n").ToString())).ConfigureAwait(false);

        var options = server.Options;
        var socket = WebSocket.CreateFromStream(new DuplexPipeStream(input, output), new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = subProtocol,
            KeepAliveInterval = options.WebSocketKeepAliveInterval,
            KeepAliveTimeout = options.WebSocketKeepAliveTimeout,
        });
        Accepted = server.Track(new MessageLimitedWebSocket(socket, options.WebSocketMaxMessageSize));
        return Accepted;
    }
}
