namespace Compat.Testing;

/// <summary>How a real HTTP/1.x host would have delimited the response body on the wire.</summary>
public enum ResponseFraming
{
    /// <summary>No body: HEAD, 204, 304, or a response that never started.</summary>
    None,

    /// <summary>A Content-Length header.</summary>
    ContentLength,

    /// <summary>Transfer-Encoding: chunked (HTTP/1.1 without a length).</summary>
    Chunked,

    /// <summary>The end of the body is the end of the connection (HTTP/1.0 without a length).</summary>
    CloseDelimited,
}
