using System;
using System.Globalization;
using System.IO;
using System.Net;

namespace Compat.Server;

/// <summary>One line per request: time, client, request line, status, body bytes sent, duration.</summary>
internal sealed class AccessLog
{
    private readonly TextWriter? _writer;

    public AccessLog(TextWriter? writer) => _writer = writer is null ? null : TextWriter.Synchronized(writer);

    /// <summary>False when there is no log: then a request need not be timed for it.</summary>
    public bool Enabled => _writer is not null;

    // The client is formatted only when there is a log to write: the endpoint's text is a new string every time.
    public void Write(IPEndPoint client, string method, string target, string protocol, int status, long bytes, TimeSpan duration, bool aborted = false)
    {
        // An aborted response did not reach the client whole: the line says so, after the bytes that did go out.
        _writer?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {client} \"{method} {target} {protocol}\" {status} {bytes} {duration.TotalMilliseconds:0.###}ms{(aborted ? " aborted" : string.Empty)}"));
    }
}
