using Compat.Hosting;

namespace Compat.Server.Http;

/// <summary>
/// A request the server refuses. A handler reading a body that turns out malformed or too large meets it as an
/// <see cref="System.IO.IOException"/>; if the handler lets it escape, the client gets its status rather than 500.
/// </summary>
public sealed class BadRequestException : HttpStatusException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the request is refused.</param>
    /// <param name="detail">What exactly was wrong, for the error log.</param>
    public BadRequestException(RequestRejectionReason reason, string detail)
        : base(StatusOf(reason), $"{reason}: {detail}")
    {
        Reason = reason;
        Detail = detail;
    }

    /// <summary>Why the request is refused.</summary>
    public RequestRejectionReason Reason { get; }

    /// <summary>What exactly was wrong, in words a client may read.</summary>
    public string Detail { get; }

    /// <summary>The one place a rejection becomes a status code.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>Its status code.</returns>
    public static int StatusOf(RequestRejectionReason reason) => reason switch
    {
        RequestRejectionReason.RequestLineTooLong => 414,
        RequestRejectionReason.HeadersTooLarge => 431,
        RequestRejectionReason.BodyTooLarge => 413,
        RequestRejectionReason.UnsupportedHttpVersion => 505,
        RequestRejectionReason.UnsupportedTransferEncoding or RequestRejectionReason.UnsupportedMethod => 501,
        RequestRejectionReason.UnsupportedExpectation => 417,
        RequestRejectionReason.HeadersTimeout => 408,
        RequestRejectionReason.UnsupportedWebSocketVersion => 426,
        _ => 400,
    };
}
