using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>
/// A whole plain-text response a host makes itself (a 404, a refusal, the fixed body of a failed handler): status,
/// headers and body, defined once and checked by the contract's rules, whether it is served as a handler
/// (<see cref="AsApp"/>), by the runner after a failure, or written as raw bytes before any request exists.
/// </summary>
public sealed class PlainTextResponse
{
    /// <param name="status">Status such as <c>"404 Not Found"</c>.</param>
    /// <param name="text">The body, sent as UTF-8.</param>
    /// <param name="extraHeaders">More headers, such as a 503's Retry-After.</param>
    /// <exception cref="ArgumentException">The status or a header breaks the contract's rules.</exception>
    public PlainTextResponse(string status, string text, params KeyValuePair<string, string>[] extraHeaders)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(extraHeaders);
        StatusCode = ResponseValidator.ParseStatus(status);
        Status = status;
        Body = Encoding.UTF8.GetBytes(text);
        KeyValuePair<string, string>[] headers =
        [
            new("Content-Type", "text/plain; charset=utf-8"),
            new("Content-Length", Body.Length.ToString(CultureInfo.InvariantCulture)),
            .. extraHeaders,
        ];
        ResponseValidator.ValidateHeaders(headers);
        Headers = headers;
    }

    /// <summary>The status line without the protocol.</summary>
    public string Status { get; }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>Content-Type, Content-Length, then the extra headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body's bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>A handler that answers every request with this response.</summary>
    /// <returns>The handler.</returns>
    public AsyncApp AsApp() => (_, startResponse) => Respond(startResponse);

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> Respond(AsyncStartResponse startResponse)
    {
        startResponse(Status, Headers);
        yield return Body;
    }
}
