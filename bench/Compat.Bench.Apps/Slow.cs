using System.Collections.Generic;
using System.Threading;
using Compat.Gateway;

namespace Compat.Bench.Apps;

/// <summary>An old-style handler that blocks its thread for 200 ms, as a legacy handler calling a slow service would.</summary>
public static class Slow
{
    /// <summary>How long each request blocks.</summary>
    public const int BlockMilliseconds = 200;

    private static readonly byte[] Body = "slow\n"u8.ToArray();
    private static readonly KeyValuePair<string, string>[] Headers = [new("Content-Type", "text/plain"), new("Content-Length", "5")];

    /// <summary>Blocks, then writes.</summary>
    public static IEnumerable<byte[]> Write(Environ environ, StartResponse startResponse)
    {
        Thread.Sleep(BlockMilliseconds);
        startResponse("200 OK", Headers)(Body);
        return [];
    }
}
