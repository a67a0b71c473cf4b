using System;
using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>How much a line of the runner's log matters.</summary>
public enum RequestLogLevel
{
    /// <summary>An outcome a server meets every day and answers correctly (a full pool's 503, a client's bad or
    /// slow body): worth a line, not a stack trace, and summarized when it floods.</summary>
    Expected,

    /// <summary>Something a handler or the host got wrong: always written, with its exception.</summary>
    Failure,
}

/// <summary>Where a <see cref="RequestRunner"/> reports what it met while serving a request.</summary>
/// <param name="environ">The request.</param>
/// <param name="level">How much it matters.</param>
/// <param name="message">What happened, without the request (the logger adds what it wants of it).</param>
/// <param name="error">The exception, for a failure that has one.</param>
public delegate void RequestLogger(Environ environ, RequestLogLevel level, string message, Exception? error);
