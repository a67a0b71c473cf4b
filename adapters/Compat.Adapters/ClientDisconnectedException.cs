using System.IO;

namespace Compat.Adapters;

/// <summary>
/// Thrown into an old-style handler by <see cref="Compat.Gateway.Write"/> once the client has gone away or the
/// host stopped pulling the body. It is an <see cref="IOException"/>, which legacy code already expects from I/O.
/// </summary>
public sealed class ClientDisconnectedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ClientDisconnectedException()
        : base("The client went away; the response body can no longer be written.")
    {
    }
}
