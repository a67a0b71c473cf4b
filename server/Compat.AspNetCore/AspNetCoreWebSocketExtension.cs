using System.Collections.Generic;
using System.Net.WebSockets;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Hosting;
using Microsoft.AspNetCore.Http;

namespace Compat.AspNetCore;

/// <summary>gateway.websocket through ASP.NET Core's WebSockets support (which validates the handshake).</summary>
internal sealed class AspNetCoreWebSocketExtension(HttpContext context) : IWebSocketExtension
{
    public IReadOnlyList<string> RequestedSubProtocols => [.. context.WebSockets.WebSocketRequestedProtocols];

    public Task<WebSocket> AcceptAsync(string? subProtocol = null)
    {
        // On an old-style handler's pool thread, which it keeps for as long as the socket is open.
        HeldThreadAdmission.Admit();
        return context.WebSockets.AcceptWebSocketAsync(subProtocol);
    }
}
