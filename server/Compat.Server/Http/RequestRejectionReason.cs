namespace Compat.Server.Http;

/// <summary>Why the server refused a request before any handler ran; <see cref="BadRequestException"/> maps each to its status.</summary>
public enum RequestRejectionReason
{
    /// <summary>The request line is not <c>method SP target SP version</c>.</summary>
    InvalidRequestLine,
    /// <summary>CONNECT: this is an origin server, not a tunnel (RFC 9110 9.3.6).</summary>
    UnsupportedMethod,
    /// <summary>The target has a control char, a space, a non-ASCII byte, or an unsupported form.</summary>
    InvalidRequestTarget,
    /// <summary>The request line is longer than the limit.</summary>
    RequestLineTooLong,
    /// <summary>The version is well-formed but not HTTP/1.0 or HTTP/1.1.</summary>
    UnsupportedHttpVersion,
    /// <summary>A line ends in LF without CR.</summary>
    BareLineFeed,
    /// <summary>A CR that is not followed by LF.</summary>
    BareCarriageReturn,
    /// <summary>A header line starts with whitespace (obsolete line folding).</summary>
    ObsoleteLineFolding,
    /// <summary>Whitespace between a header name and its colon.</summary>
    WhitespaceBeforeColon,
    /// <summary>A header name is not a token, or a line has no colon.</summary>
    InvalidHeaderName,
    /// <summary>A header value has a control char.</summary>
    InvalidHeaderValue,
    /// <summary>The headers are larger, or more numerous, than the limits.</summary>
    HeadersTooLarge,
    /// <summary>An HTTP/1.1 request without Host, or with more than one; a Host (or absolute-form authority) that is
    /// not <c>host[:port]</c>; a host outside <see cref="ServerOptions.AllowedHosts"/>.</summary>
    InvalidHost,
    /// <summary>Content-Length is not a decimal number, or is given more than once.</summary>
    InvalidContentLength,
    /// <summary>Content-Length and Transfer-Encoding together: the classic request-smuggling shape.</summary>
    ContentLengthWithTransferEncoding,
    /// <summary>Transfer-Encoding whose final coding is not chunked, or chunked twice, or on HTTP/1.0.</summary>
    InvalidTransferEncoding,
    /// <summary>A transfer coding other than chunked, which this server does not implement.</summary>
    UnsupportedTransferEncoding,
    /// <summary>A chunk size or chunk line that is malformed.</summary>
    InvalidChunk,
    /// <summary>The body is larger than the limit.</summary>
    BodyTooLarge,
    /// <summary>An Expect other than 100-continue.</summary>
    UnsupportedExpectation,
    /// <summary>The client did not send the whole head in time.</summary>
    HeadersTimeout,
    /// <summary>A WebSocket opening handshake that is not an HTTP/1.1 GET with Connection: Upgrade and a 16-byte key (RFC 6455 4.2.1).</summary>
    InvalidWebSocketHandshake,
    /// <summary>A WebSocket version other than 13; the 426 names the one supported (RFC 6455 4.4).</summary>
    UnsupportedWebSocketVersion,
}
