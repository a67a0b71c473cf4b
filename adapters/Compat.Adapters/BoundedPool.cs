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
/// <see cref="TryQueue"/> is called from any thread and never blocks. Work goes straight to an idle thread, the most
/// recently idle first; when none is idle it waits in the queue and runs in order. Disposing stops new work and
/// waits until every queued and running item has finished.
/// </remarks>
public sealed class BoundedPool : IDisposable, IAsyncDisposable
{
    /// <summary>
    /// How many items one thread runs back to back through <see cref="TryQueueNext"/> before the next goes through
    /// the queue like any other: a connection that pipelines without end must not keep a thread to itself.
    /// </summary>
    public const int MaxChainedItems = 16;

    // The worker running on this thread, for TryQueueNext; null on every other thread.
    [ThreadStatic]
    private static Worker? t_worker;

    private readonly object _lock = new();
    private readonly Queue<(Action<object?> Work, object? State)> _queue = new();

    // Idle threads, the most recently idle on top: it is the likeliest still to be spinning, with warm caches.
    private readonly Stack<Worker> _idle = new();
    private readonly Worker[] _workers;
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KeyValuePair<string, object?> _tag;
    private int _busy;
    private int _held;
    private int _running;
    private bool _closed;

    /// <summary>Starts the pool's threads.</summary>
    /// <param name="options">Thread count, queue length and name; defaults when null.</param>
    public BoundedPool(BoundedPoolOptions? options = null)
    {
        Options = options ?? new BoundedPoolOptions();
        Options.Validate();
        _tag = AdapterMetrics.Tag(Options.Name);
        _workers = new Worker[Options.ThreadCount];
        _running = _workers.Length;
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(this, $"Compat pool '{Options.Name}' #{i}");
        }

        foreach (var worker in _workers)
        {
            worker.Thread.Start();
        }
    }

    /// <summary>The pool's settings.</summary>
    public BoundedPoolOptions Options { get; }

    /// <summary>Threads running work right now.</summary>
    public int BusyThreads
    {
        get
        {
            lock (_lock) return _busy;
        }
    }

    /// <summary>Work items waiting for a thread.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_lock) return _queue.Count;
        }
    }

    /// <summary>Threads that old-style handlers keep for a connection that outlives its request (<see cref="TryHoldCurrentThread"/>).</summary>
    public int HeldThreads => Volatile.Read(ref _held);

    /// <summary>
    /// Counts the calling thread, when it is a pool's, as held until the item it runs ends: for an old-style handler
    /// about to keep its thread for a connection that outlives the request (a WebSocket, a taken-over connection).
    /// False, counting nothing, when its pool's <see cref="BoundedPoolOptions.HeldThreadLimit"/> threads are held
    /// already: the caller refuses the upgrade. True, counting nothing, on any other thread (a new-style handler holds
    /// none) and on a thread already counted.
    /// </summary>
    /// <returns>Whether the caller may keep the thread.</returns>
    public static bool TryHoldCurrentThread() => t_worker is not { } worker || worker.Held || worker.Pool.TryHold(worker);

    /// <summary>True when the calling thread is one of this pool's threads.</summary>
    public bool IsPoolThread => t_worker?.Pool == this;

    /// <summary>True when the calling thread belongs to any <see cref="BoundedPool"/>: code that must not hold one (a new-style handler) moves off it first.</summary>
    public static bool OnAnyPoolThread => t_worker is not null;

    /// <summary>
    /// Runs work next on the calling thread, right after the item it is running now returns: for a host that
    /// continues on the pool thread that ran an old-style handler, the next such handler of the same connection
    /// then needs no hand-off to another thread. Refused (use <see cref="TryQueue"/>) when the calling thread is not
    /// running an item of this pool, already has one to run next, has run <see cref="MaxChainedItems"/> in a row, or
    /// when other work waits in the queue, which goes first.
    /// </summary>
    /// <param name="work">The work; it must not throw.</param>
    /// <param name="state">Passed to <paramref name="work"/>.</param>
    /// <returns>True when the work will run next on this thread.</returns>
    public bool TryQueueNext(Action<object?> work, object? state)
    {
        ArgumentNullException.ThrowIfNull(work);
        var worker = t_worker;
        // Chained counts the items this thread finished in a row; the one running now is another.
        if (worker?.Pool != this || worker.Next is not null || worker.Chained + 1 >= MaxChainedItems)
        {
            return false;
        }

        lock (_lock)
        {
            if (_closed || _queue.Count > 0)
            {
                return false;
            }
        }

        worker.Next = (work, state);
        return true;
    }

    /// <summary>
    /// Queues work for a pool thread, or refuses it at once when the queue is full or the pool is disposed.
    /// </summary>
    /// <param name="work">The work; it must not throw (an exception is reported to <see cref="Trace"/> and dropped).</param>
    /// <param name="state">Passed to <paramref name="work"/>.</param>
    /// <returns>True when queued; false when refused.</returns>
    public bool TryQueue(Action<object?> work, object? state)
    {
        ArgumentNullException.ThrowIfNull(work);
        Worker? idle = null;
        lock (_lock)
        {
            // A thread that is not busy but not yet idle (starting, or between two items) takes queued work before it
            // would sleep, so only items beyond those threads count as waiting.
            if (_closed || (_idle.Count == 0 && _queue.Count - (_workers.Length - _busy) >= Options.QueueLength))
            {
                AdapterMetrics.Rejected.Add(1, _tag);
                return false;
            }

            if (_idle.Count > 0)
            {
                // An idle thread takes the work directly: it never waits in the queue.
                idle = _idle.Pop();
                idle.Assign(work, state);
                _busy++;
            }
            else
            {
                _queue.Enqueue((work, state));
                AdapterMetrics.Queued.Add(1, _tag);
            }
        }

        if (idle is not null)
        {
            AdapterMetrics.BusyThreads.Add(1, _tag);
            idle.Wake();
        }

        return true;
    }

    /// <summary>Stops taking work and blocks until queued and running work has finished.</summary>
    /// <exception cref="InvalidOperationException">Called from one of the pool's own threads, which would wait for itself.</exception>
    public void Dispose()
    {
        Close(waitingHere: true);
        _allExited.Task.GetAwaiter().GetResult();
    }

    /// <summary>Stops taking work and completes when queued and running work has finished.</summary>
    /// <remarks>
    /// Allowed from one of the pool's own threads (a host that continues on a pool thread may end up stopping the
    /// app there): the task then completes after the item that thread is running returns, so it must be awaited,
    /// not waited on.
    /// </remarks>
    /// <returns>A task that completes, on the ThreadPool, when every thread has exited.</returns>
    public ValueTask DisposeAsync()
    {
        Close();
        return new ValueTask(_allExited.Task);
    }

    /// <summary>Stops taking work; <see cref="Dispose"/> then waits for the threads, from one of which it must not be called.</summary>
    private void Close(bool waitingHere = false)
    {
        if (waitingHere && IsPoolThread)
        {
            throw new InvalidOperationException("A pool cannot be disposed from one of its own threads: it would wait for itself. Use DisposeAsync and await it.");
        }

        Worker[] idle;
        lock (_lock)
        {
            _closed = true;
            idle = _idle.ToArray();
            _idle.Clear();
        }

        // Woken with no work, an idle thread finds the pool closed and the queue empty, and exits.
        foreach (var worker in idle)
        {
            worker.Wake();
        }
    }

    private bool TryHold(Worker worker)
    {
        var limit = Options.HeldThreadLimit;
        var held = Volatile.Read(ref _held);
        while (true)
        {
            if (held >= limit) return false;
            var seen = Interlocked.CompareExchange(ref _held, held + 1, held);
            if (seen == held) break;
            held = seen;
        }

        worker.Held = true;
        AdapterMetrics.HeldThreads.Add(1, _tag);
        return true;
    }

    private void WorkerLoop(Worker worker)
    {
        t_worker = worker;
        while (TryTake(worker, out var item))
        {
            worker.Chained = 0;
            try
            {
                // An item may leave another to run next on this thread (TryQueueNext): it runs here, on the same
                // busy slot, instead of waking another thread.
                do
                {
                    Run(item);
                    if (worker.Held)
                    {
                        worker.Held = false;
                        Interlocked.Decrement(ref _held);
                        AdapterMetrics.HeldThreads.Add(-1, _tag);
                    }

                    worker.Chained++;
                    item = worker.Next.GetValueOrDefault();
                    worker.Next = null;
                }
                while (item.Work is not null);
            }
            finally
            {
                lock (_lock) _busy--;
                AdapterMetrics.BusyThreads.Add(-1, _tag);
            }
        }

        worker.Dispose();
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _allExited.TrySetResult();
        }
    }

    private void Run((Action<object?> Work, object? State) item)
    {
        try
        {
            item.Work(item.State);
        }
        catch (Exception ex)
        {
            Trace.TraceError($"Unhandled exception in pool '{Options.Name}': {ex}");
        }
    }

    // The next item for this thread: queued work first; otherwise the thread goes idle until TryQueue hands it
    // some, or until the pool closes. False when the thread should exit.
    private bool TryTake(Worker worker, out (Action<object?> Work, object? State) item)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_queue.Count > 0)
                {
                    item = _queue.Dequeue();
                    _busy++;
                    AdapterMetrics.Queued.Add(-1, _tag);
                    AdapterMetrics.BusyThreads.Add(1, _tag);
                    return true;
                }

                if (_closed)
                {
                    item = default;
                    return false;
                }

                worker.PrepareToWait();
                _idle.Push(worker);
            }

            if (worker.WaitForWork(out item))
            {
                return true;
            }
        }
    }

    /// <summary>One pool thread and the slot through which an idle one is handed its next item.</summary>
    /// <remarks>
    /// The signal spins briefly before it sleeps (the runtime's default spin count; 100 measured no better on
    /// plaintext). A hand-off to a thread still spinning costs no wake-up, one to a sleeping thread a futex wake and
    /// a context switch, which for a short handler was most of its time (bench/run.sh adapter: 58 us -> 23 us).
    /// </remarks>
    private sealed class Worker : IDisposable
    {
        private readonly ManualResetEventSlim _signal = new(initialState: false);
        private (Action<object?> Work, object? State)? _assigned;

        public Worker(BoundedPool pool, string name)
        {
            Pool = pool;
            Thread = new Thread(() => pool.WorkerLoop(this)) { IsBackground = true, Name = name };
        }

        public BoundedPool Pool { get; }

        public Thread Thread { get; }

        // What TryQueueNext left to run after the current item, and how many have run back to back; this thread's only.
        public (Action<object?> Work, object? State)? Next { get; set; }

        public int Chained { get; set; }

        // Counted in the pool's held threads until the item it runs ends (TryHoldCurrentThread).
        public bool Held { get; set; }

        // Called under the pool's lock, before the worker is pushed onto the idle stack.
        public void PrepareToWait()
        {
            _assigned = null;
            _signal.Reset();
        }

        // Called under the pool's lock, after the worker is popped off the idle stack.
        public void Assign(Action<object?> work, object? state) => _assigned = (work, state);

        public void Wake() => _signal.Set();

        // The signal's Set and Wait order the assignment before the read.
        public bool WaitForWork(out (Action<object?> Work, object? State) item)
        {
            _signal.Wait();
            item = _assigned.GetValueOrDefault();
            return _assigned.HasValue;
        }

        public void Dispose() => _signal.Dispose();
    }
}
