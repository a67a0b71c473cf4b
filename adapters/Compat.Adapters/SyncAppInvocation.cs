using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Adapters;

/// <summary>
/// One request of a <see cref="SyncAppAdapter"/>, seen as the body the host pulls. The members in this file run on
/// the host's side (whichever thread calls <see cref="MoveNextAsync"/> and <see cref="DisposeAsync"/>); the
/// handler itself runs on a pool thread (<see cref="SyncAppRun"/>, and SyncAppInvocation.PoolThread.cs for its end
/// of the pipe). The two sides meet only in the pipe, whose locks order the handler's status and headers before the
/// bytes that follow them.
/// </summary>
internal sealed partial class SyncAppInvocation : SyncAppRun, IAsyncEnumerable<ReadOnlyMemory<byte>>, IAsyncEnumerator<ReadOnlyMemory<byte>>
{
    private readonly Pipe _pipe;
    private readonly CancellationTokenSource _aborted;
    private readonly TaskCompletionSource _handlerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _callerCancellation;
    private bool _enumeratorTaken;
    private bool _queued;
    private bool _bodyComplete;
    private bool _holdingBuffer;
    private bool _disposed;
    private ReadOnlySequence<byte> _buffer;

    public SyncAppInvocation(SyncAppAdapter adapter, Environ environ, AsyncStartResponse hostStartResponse)
        : base(adapter, environ, hostStartResponse)
    {
        _pipe = new Pipe(adapter.PipeOptions);

        // The handler sees one token that fires when the client goes away or when the host stops pulling early.
        _aborted = CancellationTokenSource.CreateLinkedTokenSource(environ.RequestAborted);
        environ.RequestAborted = _aborted.Token;
    }

    public ReadOnlyMemory<byte> Current { get; private set; }

    public IAsyncEnumerator<ReadOnlyMemory<byte>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_enumeratorTaken)
        {
            throw new InvalidOperationException("A SyncApp response can be enumerated only once: the handler runs once per request.");
        }

        _enumeratorTaken = true;
        if (cancellationToken.CanBeCanceled)
        {
            _callerCancellation = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _aborted);
        }

        return this;
    }

    public ValueTask<bool> MoveNextAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_queued)
        {
            Queue();
        }

        if (_holdingBuffer)
        {
            // The chunk handed out last time has been consumed: move past it, and only then give the bytes back.
            _buffer = _buffer.Slice(Current.Length);
            if (!_buffer.IsEmpty)
            {
                Current = _buffer.First;
                return new ValueTask<bool>(true);
            }

            _holdingBuffer = false;
            _pipe.Reader.AdvanceTo(_buffer.End);
        }

        return ReadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_queued && !_bodyComplete)
        {
            // The host stopped pulling early: the client is gone or the host gave up. Unblock write().
            await _aborted.CancelAsync().ConfigureAwait(false);
        }

        await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        if (_queued)
        {
            // The handler's finally blocks have run once this completes, so the host's cleanup comes after them.
            await _handlerDone.Task.ConfigureAwait(false);
        }

        _callerCancellation.Dispose();
        _aborted.Dispose();
    }

    private void Queue()
    {
        _queued = true;
        if (!TryQueue(onThisThreadNext: false))
        {
            // Nothing will run: DisposeAsync must not wait for the handler.
            _handlerDone.TrySetResult();
            throw Rejected();
        }
    }

    private async ValueTask<bool> ReadAsync()
    {
        while (true)
        {
            var result = await _pipe.Reader.ReadAsync().ConfigureAwait(false);
            if (!result.Buffer.IsEmpty)
            {
                StartHostResponse();
                _buffer = result.Buffer;
                _holdingBuffer = true;
                Current = _buffer.First;
                return true;
            }

            _pipe.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                _bodyComplete = true;
                _handlerError?.Throw();
                StartHostResponse();
                return false;
            }
        }
    }
}
