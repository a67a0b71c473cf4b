using System.Collections.Generic;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>Old-style handlers, written the PEP 3333 way: they push body bytes through write().</summary>
public static class LegacyHandlers
{
    /// <summary>Writes a greeting in three write() calls, then returns one more chunk.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>The last chunk.</returns>
    public static IEnumerable<byte[]> Hello(Environ environ, StartResponse startResponse)
    {
        var write = startResponse("200 OK", Greeting.Headers);
        for (var i = 1; i <= 3; i++)
        {
            write(Greeting.Line(environ, i));
        }

        return [Greeting.Line(environ, 4)];
    }

    /// <summary>Reads the whole upload through the blocking Input stream and answers its size and SHA-256.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>Nothing: the answer is written.</returns>
    public static IEnumerable<byte[]> UploadChecksum(Environ environ, StartResponse startResponse)
    {
        if (environ.RequestMethod != "POST" && environ.RequestMethod != "PUT")
        {
            startResponse("405 Method Not Allowed", [new("Allow", "POST, PUT"), new("Content-Type", "text/plain")])(
                "POST or PUT a body to get its SHA-256\n"u8.ToArray());
            return [];
        }

        var (length, hash) = Checksum.Of(environ.Input);
        startResponse("200 OK", [new("Content-Type", "text/plain")])(System.Text.Encoding.ASCII.GetBytes($"{length} bytes, sha256 {hash}\n"));
        return [];
    }
}
