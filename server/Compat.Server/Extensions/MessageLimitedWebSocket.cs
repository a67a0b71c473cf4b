using System;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Server.Extensions;

/// <summary>
/// A WebSocket that refuses messages over a size: the BCL's implementation has no such limit, and without one a
/// client can make a handler that reads whole messages hold any amount of memory. Over the limit the server closes
/// with 1009 (message too big) and the receive throws.
/// </summary>
internal sealed class MessageLimitedWebSocket(WebSocket inner, long maxMessageSize) : WebSocket
{
    private long _messageSize;

    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;

    public override string? CloseStatusDescription => inner.CloseStatusDescription;

    public override WebSocketState State => inner.State;

    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        await CountAsync(result.Count, result.EndOfMessage, result.MessageType, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        await CountAsync(result.Count, result.EndOfMessage, result.MessageType, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken) =>
        inner.SendAsync(buffer, messageType, messageFlags, cancellationToken);

    private async ValueTask CountAsync(int count, bool endOfMessage, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        if (type == WebSocketMessageType.Close) return;
        _messageSize += count;
        if (_messageSize > maxMessageSize)
        {
            await inner.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {maxMessageSize} bytes", cancellationToken).ConfigureAwait(false);
            throw new WebSocketException(WebSocketError.Faulted, $"A message exceeded {maxMessageSize} bytes; the connection was closed with 1009.");
        }

        if (endOfMessage) _messageSize = 0;
    }
}
