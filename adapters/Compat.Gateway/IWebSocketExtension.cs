using System.Collections.Generic;
using System.Threading.Tasks;

namespace Compat.Gateway;

/// <summary>
/// gateway.websocket: accepts an RFC 6455 upgrade. The host validates the handshake; the handler decides
/// whether to accept and with which subprotocol, then owns the returned socket until it closes.
/// </summary>
public interface IWebSocketExtension
{
    /// <summary>The subprotocols the client offered, in its order; empty when it offered none.</summary>
    IReadOnlyList<string> RequestedSubProtocols { get; }

    /// <summary>
    /// Sends the 101 response and returns the framed connection. After this the handler's status, headers
    /// and body are ignored: the connection belongs to the socket.
    /// </summary>
    /// <param name="subProtocol">One of <see cref="RequestedSubProtocols"/>, or null for none.</param>
    /// <returns>The BCL's RFC 6455 implementation over the connection.</returns>
    Task<System.Net.WebSockets.WebSocket> AcceptAsync(string? subProtocol = null);
}
