using System.Collections.Generic;
using System.Text;
using Compat.Gateway;

namespace Compat.Testing;

/// <summary>What a client of <see cref="GatewayTestHost"/> received.</summary>
public sealed class TestResponse
{
    /// <summary>Creates a response record; hosts other than <see cref="GatewayTestHost"/> build one from what a real client saw.</summary>
    /// <param name="status">Status such as <c>"200 OK"</c>.</param>
    /// <param name="statusCode">The status code.</param>
    /// <param name="headers">Headers as received.</param>
    /// <param name="body">Body bytes as received, de-chunked.</param>
    /// <param name="framing">How the body was delimited.</param>
    /// <param name="aborted">Whether the connection ended before the response was complete.</param>
    /// <param name="continueSent">Whether a 100 Continue came first.</param>
    /// <param name="earlyHints">Header sets of 103 responses.</param>
    /// <param name="errorLog">What gateway.errors received.</param>
    public TestResponse(string status, int statusCode, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body,
        ResponseFraming framing, bool aborted, bool continueSent, IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> earlyHints, string errorLog)
    {
        Status = status;
        StatusCode = statusCode;
        Headers = headers;
        Body = body;
        Framing = framing;
        Aborted = aborted;
        ContinueSent = continueSent;
        EarlyHints = earlyHints;
        ErrorLog = errorLog;
    }

    /// <summary>The status such as <c>"200 OK"</c>; empty when the connection was aborted before any head.</summary>
    public string Status { get; }

    /// <summary>The status code; 0 when the connection was aborted before any head.</summary>
    public int StatusCode { get; }

    /// <summary>The headers as sent, the host's additions (Content-Length, Date, Server) included.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body bytes received (none for HEAD).</summary>
    public byte[] Body { get; }

    /// <summary>The body as ISO-8859-1 text, one char per byte.</summary>
    public string BodyText => Encoding.Latin1.GetString(Body);

    /// <summary>How the body was delimited.</summary>
    public ResponseFraming Framing { get; }

    /// <summary>True when the host cut the connection instead of completing the response.</summary>
    public bool Aborted { get; }

    /// <summary>True when the host sent <c>100 Continue</c> (it does only once the handler reads the body).</summary>
    public bool ContinueSent { get; }

    /// <summary>The header sets of the 103 Early Hints responses sent before the final one.</summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> EarlyHints { get; }

    /// <summary>What the handler and the host wrote to gateway.errors.</summary>
    public string ErrorLog { get; }

    /// <summary>The first header of that name (case-insensitive), or null.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>Its value, or null.</returns>
    public string? GetHeader(string name) => HeaderList.Find(Headers, name);
}
