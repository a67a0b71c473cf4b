using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Server.Tests;

/// <summary>Small handlers the server tests mount.</summary>
internal static class Handlers
{
    /// <summary>Answers with the method, SCRIPT_NAME, PATH_INFO and the whole request body.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Echo(Environ environ, AsyncStartResponse start)
    {
        var reader = environ.BodyReader!;
        var body = new List<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer) body.AddRange(segment.ToArray());
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }

        var text = $"{environ.RequestMethod} {environ.ScriptName}|{environ.PathInfo} {Encoding.Latin1.GetString(body.ToArray())}";
        start("200 OK", [new("Content-Type", "text/plain"), new("Content-Length", Encoding.Latin1.GetByteCount(text).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        yield return Encoding.Latin1.GetBytes(text);
    }

    /// <summary>The old-style <see cref="Echo"/>: reads the body through the blocking Input stream on a pool thread.</summary>
    public static IEnumerable<byte[]> EchoSync(Environ environ, StartResponse start)
    {
        using var body = new System.IO.MemoryStream();
        environ.Input.CopyTo(body);
        var text = $"{environ.RequestMethod} {environ.ScriptName}|{environ.PathInfo} {Encoding.Latin1.GetString(body.ToArray())}";
        start("200 OK", [new("Content-Type", "text/plain")]);
        return [Encoding.Latin1.GetBytes(text)];
    }

    /// <summary>A fixed body that never reads the request body.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hello(Environ environ, AsyncStartResponse start)
    {
        start("200 OK", [new("Content-Type", "text/plain"), new("Content-Length", "5")]);
        await Task.Yield();
        yield return "hello"u8.ToArray();
    }
}
