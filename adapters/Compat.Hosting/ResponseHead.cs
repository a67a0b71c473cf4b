using System.Collections.Generic;

namespace Compat.Hosting;

/// <summary>A response's status line and headers as <see cref="RequestRunner"/> hands them to a sink.</summary>
public readonly struct ResponseHead
{
    /// <summary>Creates a head.</summary>
    /// <param name="status">Status such as <c>"200 OK"</c>, already validated.</param>
    /// <param name="statusCode">The status's code.</param>
    /// <param name="headers">The handler's headers, already validated.</param>
    /// <param name="contentLength">The body length if known: declared by the handler, or found by the host.</param>
    /// <param name="contentLengthAdded">True when the host found the length, so the sink must write the header.</param>
    /// <param name="date">The Date value to add, or null when the handler gave one.</param>
    /// <param name="server">The Server value to add, or null when the handler gave one or the host sends none.</param>
    /// <param name="bodyAllowed">False for HEAD, 204 and 304: no body bytes, and no body framing.</param>
    public ResponseHead(string status, int statusCode, IReadOnlyList<KeyValuePair<string, string>> headers,
        long? contentLength, bool contentLengthAdded, string? date, string? server, bool bodyAllowed)
    {
        ContentLengthAdded = contentLengthAdded;
        Status = status;
        StatusCode = statusCode;
        Headers = headers;
        ContentLength = contentLength;
        Date = date;
        Server = server;
        BodyAllowed = bodyAllowed;
    }

    /// <summary>Status such as <c>"200 OK"</c>, without the protocol.</summary>
    public string Status { get; }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>The handler's headers (Content-Length among them when the handler declared it).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body length when known before the body is sent; null means the sink frames the body itself.</summary>
    public long? ContentLength { get; }

    /// <summary>True when the host found <see cref="ContentLength"/> and the sink writes the header; false when the handler's headers carry it.</summary>
    public bool ContentLengthAdded { get; }

    /// <summary>A Date header value the host adds, or null.</summary>
    public string? Date { get; }

    /// <summary>A Server header value the host adds, or null.</summary>
    public string? Server { get; }

    /// <summary>False for HEAD, 204 and 304 responses.</summary>
    public bool BodyAllowed { get; }
}
