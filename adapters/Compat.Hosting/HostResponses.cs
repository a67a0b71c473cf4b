using System.Collections.Generic;
using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>The responses a host makes itself, as handlers, so they go through the same runner and rules.</summary>
public static class HostResponses
{
    /// <summary>404 for a path where nothing is mounted.</summary>
    public static AsyncApp NotFound { get; } = Plain("404 Not Found", "404 Not Found: nothing is mounted at this path\n");

    /// <summary>400 for a request target whose path is not valid percent-encoded UTF-8.</summary>
    public static AsyncApp BadRequest { get; } = Plain("400 Bad Request", "400 Bad Request: the path is not valid percent-encoded UTF-8\n");

    /// <summary>400 for a Host (or absolute-form authority) that is not <c>host[:port]</c>, where the transport let one through.</summary>
    public static AsyncApp BadHost { get; } = Plain("400 Bad Request", "400 Bad Request: the Host is not host[:port]\n");

    /// <summary>A handler that answers every request with a fixed status and plain-text body.</summary>
    /// <param name="status">Status such as <c>"404 Not Found"</c>.</param>
    /// <param name="text">The body, sent as UTF-8.</param>
    /// <param name="extraHeaders">More headers, such as the Sec-WebSocket-Version a 426 must carry.</param>
    /// <returns>The handler.</returns>
    public static AsyncApp Plain(string status, string text, params KeyValuePair<string, string>[] extraHeaders) =>
        new PlainTextResponse(status, text, extraHeaders).AsApp();
}
