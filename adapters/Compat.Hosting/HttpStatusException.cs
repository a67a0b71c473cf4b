using System.IO;

namespace Compat.Hosting;

/// <summary>
/// An error that already knows its HTTP status, such as a request body that turns out too large while a handler
/// reads it. If it escapes the handler before headers went out, <see cref="RequestRunner"/> answers with that
/// status instead of 500. It is an <see cref="IOException"/> because handlers meet it while reading.
/// </summary>
public class HttpStatusException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">A 4xx or 5xx status.</param>
    /// <param name="message">What went wrong, for the error log.</param>
    public HttpStatusException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The status the client gets.</summary>
    public int StatusCode { get; }
}
