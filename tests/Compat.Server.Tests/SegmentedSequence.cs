using System;
using System.Buffers;
using System.Linq;

namespace Compat.Server.Tests;

/// <summary>Bytes as a <see cref="ReadOnlySequence{T}"/> of many segments, as a socket may deliver them.</summary>
internal static class SegmentedSequence
{
    /// <summary>The bytes cut into segments of the given size (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Of(byte[] bytes, int size)
    {
        if (bytes.Length == 0) return ReadOnlySequence<byte>.Empty;
        var chunks = bytes.Chunk(size).ToArray();
        var first = new Segment(chunks[0], 0);
        var last = first;
        foreach (var chunk in chunks.Skip(1)) last = last.Append(chunk);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
