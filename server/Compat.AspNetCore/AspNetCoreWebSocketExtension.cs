using System.Collections.Generic;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Compat.Gateway;
using Microsoft.AspNetCore.Http;

namespace Compat.AspNetCore;

/// <summary>gateway.websocket through ASP.NET Core's WebSockets support (which validates the handshake).</summary>
internal sealed class AspNetCoreWebSocketExtension(HttpContext context) : IWebSocketExtension
{
    public IReadOnlyList<string> RequestedSubProtocols => [.. context.WebSockets.WebSocketRequestedProtocols];

    public Task<WebSocket> AcceptAsync(string? subProtocol = null) => context.WebSockets.AcceptWebSocketAsync(subProtocol);
}
