using System;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Compat.Server;

/// <summary>
/// One entry per request (category <see cref="CompatServer.AccessLogCategory"/>, information): client, request line, status, body
/// bytes sent, duration. Its own category, so a host turns it on or off apart from the server's other entries.
/// </summary>
internal sealed partial class AccessLog(ILogger logger)
{
    /// <summary>False when nothing would be logged: then a request need not be timed for it.</summary>
    public bool Enabled => logger.IsEnabled(LogLevel.Information);

    // The client is formatted only when there is a log to write: the endpoint's text is a new string every time.
    public void Write(EndPoint client, string method, string target, string protocol, int status, long bytes, TimeSpan duration, bool aborted = false)
    {
        if (!Enabled) return;

        // An aborted response did not reach the client whole: the entry says so, after the bytes that did go out.
        Request(logger, client.ToString() ?? string.Empty, method, target, protocol, status, bytes,
            duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture), aborted ? " aborted" : string.Empty);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Client} \"{Method} {Target} {Protocol}\" {Status} {Bytes} {DurationMs}ms{Aborted}")]
    private static partial void Request(ILogger logger, string client, string method, string target, string protocol, int status, long bytes, string durationMs, string aborted);
}
