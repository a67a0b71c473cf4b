using System;
using System.IO;
using System.Threading.Tasks;
using Compat.Adapters;
using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>
/// The response of an old-style handler as its pool thread writes it (<see cref="SyncAppAdapter.RunAsync"/>): each
/// chunk goes to the host's sink by the runner's own rules, and the thread waits for the sink where an async
/// handler would await it. One per request; called only from that pool thread.
/// </summary>
internal sealed class BlockingSinkWriter : IBlockingResponseWriter
{
    private readonly RequestRunner _runner;
    private readonly ResponseStart _response;
    private readonly Environ _environ;
    private readonly IResponseSink _sink;

    public BlockingSinkWriter(RequestRunner runner, ResponseStart response, Environ environ, IResponseSink sink)
    {
        _runner = runner;
        _response = response;
        _environ = environ;
        _sink = sink;
    }

    public bool Write(ReadOnlyMemory<byte> chunk, bool flush)
    {
        try
        {
            // Whether the declared length cut the chunk does not matter here: the adapter stops a handler at its
            // declared length itself, so no chunk comes after it.
            var waited = Wait(_runner.SendChunkAsync(_response, _environ, _sink, chunk));
            if (_response.Unflushed > 0 && (flush || _response.Unflushed >= RequestRunner.MaxUnflushedBytes))
            {
                _response.Unflushed = 0;
                waited |= Wait(_sink.FlushAsync());
            }

            return waited;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException && ex is not ClientDisconnectedException)
        {
            // The connection failed under the write: the response is cut, and the handler learns as write() would
            // tell it in any host.
            _sink.Abort();
            throw new ClientDisconnectedException(ex);
        }
    }

    // Blocking is the point: the thread is the pool's, dedicated to this request, and this wait is the backpressure.
    private static bool Wait(ValueTask task)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return false;
        }

        task.AsTask().GetAwaiter().GetResult();
        return true;
    }

    private static bool Wait<T>(ValueTask<T> task)
    {
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult();
            return false;
        }

        task.AsTask().GetAwaiter().GetResult();
        return true;
    }
}
