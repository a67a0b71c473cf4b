using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Hosting.Recording;

/// <summary>
/// A request body reader that keeps a copy of what the handler consumes, up to a cap. It copies at
/// <see cref="AdvanceTo(SequencePosition, SequencePosition)"/>, so each byte is kept once however often the handler
/// looks at it before consuming it, and a blocking <c>Input</c> stream made over it records the same way.
/// </summary>
internal sealed class RecordingBodyReader(PipeReader inner, int maxBytes) : PipeReader
{
    private readonly ArrayBufferWriter<byte> _kept = new();
    private ReadOnlySequence<byte> _buffer;
    private bool _bufferIsLast;

    /// <summary>The bytes consumed, up to the cap.</summary>
    public ReadOnlyMemory<byte> Kept => _kept.WrittenMemory;

    /// <summary>Whether the handler consumed the body to its end and it fit under the cap.</summary>
    public bool WholeBodyKept => ReachedEnd && !Overflowed;

    private bool ReachedEnd { get; set; }

    private bool Overflowed { get; set; }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
        Remember(await inner.ReadAsync(cancellationToken).ConfigureAwait(false));

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result)) return false;
        Remember(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var taken = _buffer.Slice(0, consumed);
        if (_bufferIsLast && taken.Length == _buffer.Length) ReachedEnd = true;
        foreach (var segment in taken)
        {
            var room = maxBytes - _kept.WrittenCount;
            if (segment.Length > room) Overflowed = true;
            if (room > 0) _kept.Write(segment.Span[..Math.Min(room, segment.Length)]);
        }

        _buffer = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private ReadResult Remember(ReadResult result)
    {
        _buffer = result.Buffer;
        _bufferIsLast = result.IsCompleted;
        return result;
    }
}
