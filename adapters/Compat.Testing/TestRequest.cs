using System.Collections.Generic;

namespace Compat.Testing;

/// <summary>An in-memory request for <see cref="GatewayTestHost"/>, as a client would send it.</summary>
public sealed class TestRequest
{
    /// <summary>The method; GET by default.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The request target: path and optional query, exactly as on the request line (e.g. <c>/a%20b?x=1</c>).</summary>
    public string Target { get; init; } = "/";

    /// <summary>HTTP/1.1 by default; HTTP/1.0 changes framing (close-delimited bodies, no interim responses).</summary>
    public string Protocol { get; init; } = "HTTP/1.1";

    /// <summary>Request headers in order, values as octets (ISO-8859-1 chars).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The request body, or null for none. Sent with Content-Length unless <see cref="ChunkedBody"/>.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Sends the body as Transfer-Encoding: chunked, so the handler sees no CONTENT_LENGTH.</summary>
    public bool ChunkedBody { get; init; }

    /// <summary>The body arrives in pieces of this size, so handlers see a stream rather than one buffer.</summary>
    public int BodyChunkSize { get; init; } = 4096;

    /// <summary>Simulates a client that goes away after receiving this many response body bytes; null never does.</summary>
    public long? DisconnectAfterResponseBytes { get; init; }
}
