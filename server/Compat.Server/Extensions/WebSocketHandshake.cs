using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Compat.Gateway;
using Compat.Server.Http;

namespace Compat.Server.Extensions;

/// <summary>
/// The server side of RFC 6455's opening handshake: which requests ask for a WebSocket, whether they ask
/// correctly, and the accept key. A malformed handshake never reaches the handler.
/// </summary>
internal static class WebSocketHandshake
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>A request whose Upgrade header names websocket.</summary>
    public static bool IsAttempt(RequestHead head) => HasToken(head, "Upgrade", "websocket");

    /// <summary>Why a WebSocket request cannot be accepted, in the parser's terms; null when it is valid.</summary>
    public static BadRequestException? Validate(RequestHead head)
    {
        if (head.Method != "GET" || !head.IsHttp11) return new(RequestRejectionReason.InvalidWebSocketHandshake, "a WebSocket handshake is an HTTP/1.1 GET");
        if (!HasToken(head, "Connection", "upgrade")) return new(RequestRejectionReason.InvalidWebSocketHandshake, "a WebSocket handshake needs Connection: Upgrade");
        if (Get(head, "Sec-WebSocket-Version") != "13") return new(RequestRejectionReason.UnsupportedWebSocketVersion, "only WebSocket version 13 is supported");
        var key = Get(head, "Sec-WebSocket-Key");
        Span<byte> decoded = stackalloc byte[24];
        if (key is null || !Convert.TryFromBase64String(key, decoded, out var length) || length != 16)
        {
            return new(RequestRejectionReason.InvalidWebSocketHandshake, "Sec-WebSocket-Key must be 16 bytes in base64");
        }

        return null;
    }

    /// <summary>The subprotocols offered, in the client's order.</summary>
    public static IReadOnlyList<string> SubProtocols(RequestHead head)
    {
        var offered = new List<string>();
        foreach (var header in head.Headers)
        {
            if (string.Equals(header.Key, "Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase))
            {
                offered.AddRange(header.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return offered;
    }

    /// <summary>Sec-WebSocket-Accept for a key.</summary>
    public static string AcceptKey(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));

    public static string? Get(RequestHead head, string name) => HeaderList.Find(head.Headers, name);

    private static bool HasToken(RequestHead head, string name, string token)
    {
        foreach (var header in head.Headers)
        {
            if (!string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var part in header.Value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (string.Equals(part, token, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }

        return false;
    }
}
