using System;
using System.Collections;
using System.Collections.Generic;
using System.IO.Pipelines;
using Compat.Gateway;

namespace Compat.Adapters;

/// <summary>
/// One request of an <see cref="AsyncAppAdapter"/>. Everything here runs on the old-style host's thread, which
/// blocks while the async handler produces the next chunk.
/// </summary>
internal sealed class AsyncAppInvocation : IEnumerable<byte[]>, IEnumerator<byte[]>
{
    private readonly AsyncApp _app;
    private readonly Environ _environ;
    private readonly StartResponse _startResponse;
    private IAsyncEnumerator<ReadOnlyMemory<byte>>? _enumerator;
    private bool _enumeratorTaken;
    private bool _disposed;

    public AsyncAppInvocation(AsyncApp app, Environ environ, StartResponse startResponse)
    {
        _app = app;
        _environ = environ;
        _startResponse = startResponse;
    }

    public byte[] Current { get; private set; } = [];

    object IEnumerator.Current => Current;

    public IEnumerator<byte[]> GetEnumerator()
    {
        if (_enumeratorTaken)
        {
            throw new InvalidOperationException("An AsyncApp response can be enumerated only once: the handler runs once per request.");
        }

        _enumeratorTaken = true;
        return this;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool MoveNext()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _enumerator ??= Start();
        var next = _enumerator.MoveNextAsync();
        if (!(next.IsCompletedSuccessfully ? next.Result : next.AsTask().GetAwaiter().GetResult()))
        {
            return false;
        }

        Current = _enumerator.Current.ToArray();
        return true;
    }

    public void Reset() => throw new NotSupportedException("A response body cannot be restarted.");

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_enumerator is not null)
        {
            var disposal = _enumerator.DisposeAsync();
            if (!disposal.IsCompletedSuccessfully)
            {
                disposal.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private IAsyncEnumerator<ReadOnlyMemory<byte>> Start()
    {
        if (_environ.BodyReader is null)
        {
            _environ.BodyReader = PipeReader.Create(_environ.Input, new StreamPipeReaderOptions(leaveOpen: true));
        }

        var body = _app(_environ, (status, headers, excInfo) => _startResponse(status, headers, excInfo));
        return body.GetAsyncEnumerator(_environ.RequestAborted);
    }
}
