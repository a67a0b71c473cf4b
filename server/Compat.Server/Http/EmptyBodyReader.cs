using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Server.Http;

/// <summary>
/// The body reader of a request without a body: always at its end. It keeps no state, so one instance serves
/// every such request instead of a new reader and stream per request.
/// </summary>
internal sealed class EmptyBodyReader : PipeReader
{
    public static readonly EmptyBodyReader Instance = new();

    private EmptyBodyReader()
    {
    }

    public override bool TryRead(out ReadResult result)
    {
        result = new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
        return true;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TryRead(out var result);
        return new ValueTask<ReadResult>(result);
    }

    public override void AdvanceTo(SequencePosition consumed)
    {
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
    }

    // Nothing is ever pending: a read completes at once.
    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
