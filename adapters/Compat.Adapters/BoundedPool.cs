using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Compat.Adapters;

/// <summary>
/// A fixed set of dedicated threads with a bounded queue, for work that blocks. It never uses the shared
/// .NET ThreadPool, so blocked handlers cannot starve async handlers or the host's I/O.
/// </summary>
/// <remarks>
/// <see cref="TryQueue"/> is called from any thread and never blocks. Queued work runs on one of the pool's
/// threads, in order. Disposing stops new work and waits until every queued and running item has finished.
/// </remarks>
public sealed class BoundedPool : IDisposable, IAsyncDisposable
{
    private readonly Queue<(Action<object?> Work, object? State)> _queue = new();
    private readonly Thread[] _threads;
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KeyValuePair<string, object?> _tag;
    private int _busy;
    private int _running;
    private bool _closed;

    /// <summary>Starts the pool's threads.</summary>
    /// <param name="options">Thread count, queue length and name; defaults when null.</param>
    public BoundedPool(BoundedPoolOptions? options = null)
    {
        Options = options ?? new BoundedPoolOptions();
        Options.Validate();
        _tag = AdapterMetrics.Tag(Options.Name);
        _threads = new Thread[Options.ThreadCount];
        _running = _threads.Length;
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(WorkerLoop)
            {
                IsBackground = true,
                Name = $"Compat pool '{Options.Name}' #{i}",
            };
            _threads[i].Start();
        }
    }

    /// <summary>The pool's settings.</summary>
    public BoundedPoolOptions Options { get; }

    /// <summary>Threads running work right now.</summary>
    public int BusyThreads
    {
        get
        {
            lock (_queue) return _busy;
        }
    }

    /// <summary>Work items waiting for a thread.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_queue) return _queue.Count;
        }
    }

    /// <summary>True when the calling thread is one of this pool's threads.</summary>
    public bool IsPoolThread => Array.IndexOf(_threads, Thread.CurrentThread) >= 0;

    /// <summary>
    /// Queues work for a pool thread, or refuses it at once when the queue is full or the pool is disposed.
    /// </summary>
    /// <param name="work">The work; it must not throw (an exception is reported to <see cref="Trace"/> and dropped).</param>
    /// <param name="state">Passed to <paramref name="work"/>.</param>
    /// <returns>True when queued; false when refused.</returns>
    public bool TryQueue(Action<object?> work, object? state)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_queue)
        {
            // An idle thread takes the item at once, so only items beyond the idle threads count as waiting.
            var idle = _threads.Length - _busy;
            if (_closed || _queue.Count - idle >= Options.QueueLength)
            {
                AdapterMetrics.Rejected.Add(1, _tag);
                return false;
            }

            _queue.Enqueue((work, state));
            AdapterMetrics.Queued.Add(1, _tag);
            Monitor.Pulse(_queue);
        }

        return true;
    }

    /// <summary>Stops taking work and blocks until queued and running work has finished.</summary>
    /// <exception cref="InvalidOperationException">Called from one of the pool's own threads, which would wait for itself.</exception>
    public void Dispose()
    {
        Close();
        _allExited.Task.GetAwaiter().GetResult();
    }

    /// <summary>Stops taking work and completes when queued and running work has finished.</summary>
    /// <returns>A task that completes when every thread has exited.</returns>
    public ValueTask DisposeAsync()
    {
        Close();
        return new ValueTask(_allExited.Task);
    }

    private void Close()
    {
        if (IsPoolThread)
        {
            throw new InvalidOperationException("A pool cannot be disposed from one of its own threads: it would wait for itself.");
        }

        lock (_queue)
        {
            _closed = true;
            Monitor.PulseAll(_queue);
        }
    }

    private void WorkerLoop()
    {
        while (TryTake(out var item))
        {
            try
            {
                item.Work(item.State);
            }
            catch (Exception ex)
            {
                Trace.TraceError($"Unhandled exception in pool '{Options.Name}': {ex}");
            }
            finally
            {
                lock (_queue) _busy--;
                AdapterMetrics.BusyThreads.Add(-1, _tag);
            }
        }

        if (Interlocked.Decrement(ref _running) == 0)
        {
            _allExited.TrySetResult();
        }
    }

    private bool TryTake(out (Action<object?> Work, object? State) item)
    {
        lock (_queue)
        {
            while (_queue.Count == 0)
            {
                if (_closed)
                {
                    item = default;
                    return false;
                }

                Monitor.Wait(_queue);
            }

            item = _queue.Dequeue();
            _busy++;
        }

        AdapterMetrics.Queued.Add(-1, _tag);
        AdapterMetrics.BusyThreads.Add(1, _tag);
        return true;
    }
}
