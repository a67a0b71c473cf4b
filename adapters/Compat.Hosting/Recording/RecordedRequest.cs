using System;
using System.Collections.Generic;

namespace Compat.Hosting.Recording;

/// <summary>
/// One request as a handler saw it, recorded by <see cref="TrafficRecorder"/> or written by hand: enough to replay
/// it through another build of the same handler. One line of a recording file (<see cref="RecordingFormat"/>).
/// </summary>
public sealed record RecordedRequest
{
    /// <summary>The handler that served it, as <c>Namespace.Type.Member</c> (<see cref="HandlerNames"/>).</summary>
    public required string Handler { get; init; }

    /// <summary>Where the handler was mounted: the request's SCRIPT_NAME. Empty for the root.</summary>
    public string Mount { get; init; } = string.Empty;

    /// <summary>The method.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The target as sent: the path still percent-encoded, then <c>?</c> and the query when there is one.</summary>
    public required string Target { get; init; }

    /// <summary>The protocol, such as <c>HTTP/1.1</c>.</summary>
    public string Protocol { get; init; } = "HTTP/1.1";

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>
    /// The request headers as the handler saw them (a repeated header already joined, as in the environ), values one
    /// char per octet; a redacted header's value is <see cref="RecordingOptions.RedactedValue"/>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body bytes the handler read (up to the recording's cap); empty for none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// False when <see cref="Body"/> is not the whole body: the handler did not read it to its end, or it was longer
    /// than the recording's cap. Such a request cannot be replayed faithfully.
    /// </summary>
    public bool BodyComplete { get; init; } = true;

    /// <summary>When it arrived (UTC); for people reading the file, not used by replay.</summary>
    public DateTimeOffset? Time { get; init; }
}
