using System;
using System.IO;

namespace Compat.Adapters;

/// <summary>
/// Thrown into an old-style handler by <see cref="Compat.Gateway.Write"/> once the client has gone away or the
/// host stopped pulling the body, and by hosts' response sinks when the connection fails under a write. It is an
/// <see cref="IOException"/>, which legacy code already expects from I/O.
/// </summary>
public sealed class ClientDisconnectedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ClientDisconnectedException()
        : base(DefaultMessage)
    {
    }

    /// <summary>Creates the exception for a transport error that ended the connection.</summary>
    /// <param name="innerException">The transport's error (a reset, a broken pipe).</param>
    public ClientDisconnectedException(Exception innerException)
        : base(DefaultMessage, innerException)
    {
    }

    private const string DefaultMessage = "The client went away; the response body can no longer be written.";
}
