using System;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Hosting;

/// <summary>
/// Wraps a request body reader so that <c>Expect: 100-continue</c> is answered when the handler first asks for
/// the body, and never before (GATEWAY.md rule 9): a handler that refuses the request never makes the client
/// send its body.
/// </summary>
public sealed class ContinueOnFirstReadPipeReader : PipeReader
{
    private readonly PipeReader _inner;
    private Func<ValueTask>? _sendContinue;
    private Task _pendingContinue = Task.CompletedTask;

    /// <summary>Wraps a reader.</summary>
    /// <param name="inner">The request body.</param>
    /// <param name="sendContinue">Sends the interim 100 response; called at most once.</param>
    public ContinueOnFirstReadPipeReader(PipeReader inner, Func<ValueTask> sendContinue)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _sendContinue = sendContinue ?? throw new ArgumentNullException(nameof(sendContinue));
    }

    /// <summary>True once the 100 response was asked for.</summary>
    public bool ContinueSent => _sendContinue is null;

    /// <inheritdoc />
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        SendContinueOnce();
        await _pendingContinue.ConfigureAwait(false);
        return await _inner.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override bool TryRead(out ReadResult result)
    {
        // The client sends nothing before it has the 100, so a first TryRead only starts sending it.
        if (!ContinueSent)
        {
            SendContinueOnce();
            result = default;
            return false;
        }

        return _inner.TryRead(out result);
    }

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed) => _inner.AdvanceTo(consumed);

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _inner.AdvanceTo(consumed, examined);

    /// <inheritdoc />
    public override void CancelPendingRead() => _inner.CancelPendingRead();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    private void SendContinueOnce()
    {
        var send = Interlocked.Exchange(ref _sendContinue, null);
        if (send is not null)
        {
            _pendingContinue = send().AsTask();
        }
    }
}
