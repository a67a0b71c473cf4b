using System.Threading;
using System.Threading.Tasks;

namespace Compat.Server.Http;

/// <summary>
/// The mutual exclusion a response sink needs between the runner's writes and an old-style handler's interim
/// responses (100 Continue, 103 Early Hints) from a pool thread. Almost always uncontended, so entering is one
/// interlocked increment; only a second party waits, on a semaphore made the first time one has to.
/// </summary>
/// <remarks>
/// A count of holders and waiters with a semaphore for the waiters (a "benaphore"): the one who takes the count
/// from 0 to 1 holds the lock; each later one waits for a release, which whoever leaves with waiters still counted
/// gives. A release may come before its waiter waits; the semaphore keeps it.
/// </remarks>
internal sealed class ResponseLock
{
    private int _count;
    private SemaphoreSlim? _waiters;

    private SemaphoreSlim Waiters
    {
        get
        {
            var waiters = Volatile.Read(ref _waiters);
            if (waiters is not null) return waiters;
            var created = new SemaphoreSlim(0);
            return Interlocked.CompareExchange(ref _waiters, created, null) ?? created;
        }
    }

    /// <summary>Enters, waiting asynchronously if the lock is held.</summary>
    /// <returns>Completes once entered.</returns>
    public ValueTask EnterAsync() =>
        Interlocked.Increment(ref _count) == 1 ? ValueTask.CompletedTask : new ValueTask(Waiters.WaitAsync());

    /// <summary>Enters, blocking the thread if the lock is held; for callers on a thread that may block.</summary>
    public void Enter()
    {
        if (Interlocked.Increment(ref _count) != 1)
        {
            Waiters.Wait();
        }
    }

    /// <summary>Leaves, letting one waiter in if there is one.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) > 0)
        {
            Waiters.Release();
        }
    }
}
