using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Bench.Apps;

/// <summary>
/// A large response streamed in 64 KiB chunks, in the three styles a handler can have. The size comes from the
/// query string (<c>?size=BYTES</c>, default 64 KiB) so one mount serves every scenario that needs a large body.
/// </summary>
public static class Streamed
{
    /// <summary>The chunk size the benchmark issue asks for, and the Kestrel peer writes.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>One chunk of printable bytes, shared by every response (handlers only read it).</summary>
    public static readonly byte[] Chunk = CreateChunk();

    /// <summary>The old style: write() through the adapter and its pool.</summary>
    public static IEnumerable<byte[]> Write(Environ environ, StartResponse startResponse)
    {
        var size = Size(environ.QueryString);
        var write = startResponse("200 OK", Headers(size));
        for (var left = size; left > 0; left -= ChunkSize)
        {
            write(left >= ChunkSize ? Chunk : Chunk[..(int)left]);
        }

        return [];
    }

    /// <summary>The migrated old style: an iterator, still on the pool.</summary>
    public static IEnumerable<byte[]> Iterator(Environ environ, StartResponse startResponse)
    {
        var size = Size(environ.QueryString);
        startResponse("200 OK", Headers(size));
        for (var left = size; left > 0; left -= ChunkSize)
        {
            yield return left >= ChunkSize ? Chunk : Chunk[..(int)left];
        }
    }

    /// <summary>The new style.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(Environ environ, AsyncStartResponse startResponse)
    {
        var size = Size(environ.QueryString);
        startResponse("200 OK", Headers(size));
        await Task.CompletedTask;
        for (var left = size; left > 0; left -= ChunkSize)
        {
            yield return Chunk.AsMemory(0, (int)Math.Min(left, ChunkSize));
        }
    }

    /// <summary>Reads <c>size=BYTES</c> from a query string.</summary>
    /// <param name="query">The query string, without the question mark.</param>
    /// <returns>The size asked for, or 64 KiB.</returns>
    public static long Size(string query) =>
        query.StartsWith("size=", StringComparison.Ordinal) ? long.Parse(query.AsSpan(5), CultureInfo.InvariantCulture) : ChunkSize;

    private static KeyValuePair<string, string>[] Headers(long size) =>
        [new("Content-Type", "application/octet-stream"), new("Content-Length", size.ToString(CultureInfo.InvariantCulture))];

    private static byte[] CreateChunk()
    {
        var chunk = new byte[ChunkSize];
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (byte)('a' + (i % 26));
        }

        return chunk;
    }
}
