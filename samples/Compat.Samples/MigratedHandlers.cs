using System.Collections.Generic;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>
/// <see cref="LegacyHandlers.Hello"/> after the CMPT001 fix: each write(x) became yield return x. It sends the same
/// bytes and no longer needs a thread per request for its body.
/// </summary>
public static class MigratedHandlers
{
    /// <summary>The greeting as an iterator.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>The body.</returns>
    public static IEnumerable<byte[]> Hello(Environ environ, StartResponse startResponse)
    {
        startResponse("200 OK", Greeting.Headers);
        for (var i = 1; i <= 3; i++)
        {
            yield return Greeting.Line(environ, i);
        }

        yield return Greeting.Line(environ, 4);
    }
}
