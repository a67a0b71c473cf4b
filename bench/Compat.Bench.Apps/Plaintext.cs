using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Bench.Apps;

/// <summary>TechEmpower's plaintext response, in both handler styles, with the same bytes as the Kestrel peer.</summary>
public static class Plaintext
{
    private static readonly byte[] Body = "Hello, World!"u8.ToArray();
    private static readonly KeyValuePair<string, string>[] Headers = [new("Content-Type", "text/plain"), new("Content-Length", "13")];

    /// <summary>The new style.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(Environ environ, AsyncStartResponse startResponse)
    {
        startResponse("200 OK", Headers);
        await Task.CompletedTask;
        yield return Body;
    }

    /// <summary>The old style: write() through the adapter and its pool.</summary>
    public static IEnumerable<byte[]> Write(Environ environ, StartResponse startResponse)
    {
        startResponse("200 OK", Headers)(Body);
        return [];
    }

    /// <summary>The old style's other form: the body returned as an iterable, through the adapter and its pool.</summary>
    public static IEnumerable<byte[]> Iterator(Environ environ, StartResponse startResponse)
    {
        startResponse("200 OK", Headers);
        return [Body];
    }
}
