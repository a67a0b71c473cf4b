using System;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Hosting;

/// <summary>
/// Wraps a request body reader and runs a callback the first time the handler asks for the body. Hosts answer
/// <c>Expect: 100-continue</c> there and never before (docs/gateway.md rule 9), so a handler that refuses the request
/// never makes the client send its body; the bundled server also starts reading the body from the socket there.
/// </summary>
public sealed class FirstReadPipeReader : PipeReader
{
    private readonly PipeReader _inner;
    private Func<ValueTask>? _onFirstRead;
    private Task _pendingFirstRead = Task.CompletedTask;

    /// <summary>Wraps a reader.</summary>
    /// <param name="inner">The request body.</param>
    /// <param name="onFirstRead">Runs once, before the first read goes to <paramref name="inner"/>.</param>
    public FirstReadPipeReader(PipeReader inner, Func<ValueTask> onFirstRead)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _onFirstRead = onFirstRead ?? throw new ArgumentNullException(nameof(onFirstRead));
    }

    /// <summary>True once the handler has asked for the body.</summary>
    public bool FirstReadSeen => _onFirstRead is null;

    /// <inheritdoc />
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        RunFirstReadOnce();
        await _pendingFirstRead.ConfigureAwait(false);
        return await _inner.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override bool TryRead(out ReadResult result)
    {
        // Nothing can have arrived before the callback ran (the client waits for its 100), so a first TryRead only starts it.
        if (!FirstReadSeen)
        {
            RunFirstReadOnce();
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

    private void RunFirstReadOnce()
    {
        var send = Interlocked.Exchange(ref _onFirstRead, null);
        if (send is not null)
        {
            _pendingFirstRead = send().AsTask();
        }
    }
}
