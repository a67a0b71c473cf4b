using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Adapters.Tests;

public sealed class BoundedPoolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Work_RunsOnThePoolsOwnThreads_NeverOnTheThreadPool()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 2, Name = nameof(Work_RunsOnThePoolsOwnThreads_NeverOnTheThreadPool) });
        var seen = new TaskCompletionSource<(bool ThreadPool, bool PoolThread, string? Name)>();

        Assert.True(pool.TryQueue(_ => seen.SetResult((Thread.CurrentThread.IsThreadPoolThread, pool.IsPoolThread, Thread.CurrentThread.Name)), null));
        var (threadPool, poolThread, name) = await seen.Task.WaitAsync(Patience);

        Assert.False(threadPool);
        Assert.True(poolThread);
        Assert.Contains(nameof(Work_RunsOnThePoolsOwnThreads_NeverOnTheThreadPool), name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryQueue_RefusesAtOnce_WhenEveryThreadIsBusyAndTheQueueIsFull_AndLosesNothingQueued()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, QueueLength = 2, Name = "full" });
        using var release = new ManualResetEventSlim();
        var ran = new ConcurrentQueue<int>();
        using var running = new SemaphoreSlim(0);
        void Work(object? id)
        {
            ran.Enqueue((int)id!);
            running.Release();
            release.Wait();
        }

        Assert.True(pool.TryQueue(Work, 1));
        Assert.True(await running.WaitAsync(Patience));
        Assert.True(pool.TryQueue(Work, 2));
        Assert.True(pool.TryQueue(Work, 3));
        Assert.Equal(2, pool.QueuedCount);

        Assert.False(pool.TryQueue(Work, 4));

        release.Set();
        await pool.DisposeAsync();
        Assert.Equal([1, 2, 3], ran);
    }

    [Fact]
    public async Task WithNoQueue_EveryThreadTakesWorkAtOnce_EvenBeforeItHasStarted_AndTheNextIsRefused()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 3, QueueLength = 0, Name = "no-queue" });
        using var release = new ManualResetEventSlim();
        using var running = new CountdownEvent(3);
        var threads = new ConcurrentDictionary<int, bool>();
        void Work(object? _)
        {
            threads[Environment.CurrentManagedThreadId] = true;
            running.Signal();
            release.Wait();
        }

        // Queued straight after construction, while the threads may still be starting.
        Assert.True(pool.TryQueue(Work, null));
        Assert.True(pool.TryQueue(Work, null));
        Assert.True(pool.TryQueue(Work, null));
        Assert.False(pool.TryQueue(Work, null));

        Assert.True(running.Wait(Patience));
        Assert.Equal(3, threads.Count);
        Assert.Equal(3, pool.BusyThreads);
        release.Set();
    }

    [Fact]
    public async Task SequentialWork_IsNeverRefused_ByAPoolWithIdleThreadsAndNoQueue()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 4, QueueLength = 0, Name = "hand-off" });
        for (var i = 0; i < 200; i++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Assert.True(pool.TryQueue(_ => done.SetResult(), null), $"item {i} was refused though at least three threads were idle");
            await done.Task.WaitAsync(Patience);
        }
    }

    [Fact]
    public async Task Dispose_WaitsForRunningAndQueuedWork_ThenRefusesMore()
    {
        var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, QueueLength = 10, Name = "drain" });
        var done = 0;
        for (var i = 0; i < 5; i++)
        {
            Assert.True(pool.TryQueue(_ => { Thread.Sleep(20); Interlocked.Increment(ref done); }, null));
        }

        await pool.DisposeAsync();

        Assert.Equal(5, done);
        Assert.False(pool.TryQueue(_ => { }, null));
    }

    [Fact]
    public async Task Dispose_FromAPoolThread_IsRefusedRatherThanDeadlocking()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "self" });
        var outcome = new TaskCompletionSource<Exception?>();
        pool.TryQueue(_ =>
        {
            try
            {
                pool.Dispose();
                outcome.SetResult(null);
            }
            catch (InvalidOperationException ex)
            {
                outcome.SetResult(ex);
            }
        }, null);

        Assert.IsType<InvalidOperationException>(await outcome.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task DisposeAsync_FromAPoolThread_CompletesOnceThatThreadsItemReturns()
    {
        var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 2, Name = "self-async" });
        var disposed = new TaskCompletionSource<ValueTask>();
        using var release = new ManualResetEventSlim();
        Assert.True(pool.TryQueue(_ => release.Wait(), null));
        Assert.True(SpinWait.SpinUntil(() => pool.BusyThreads == 1, Patience));
        Assert.True(pool.TryQueue(_ => disposed.SetResult(pool.DisposeAsync()), null));

        var disposal = (await disposed.Task.WaitAsync(Patience)).AsTask();
        Assert.False(pool.TryQueue(_ => { }, null), "a disposing pool takes no more work");
        Assert.False(disposal.IsCompleted, "disposal waits for running work");
        release.Set();

        await disposal.WaitAsync(Patience);
    }

    [Fact]
    public async Task TryQueueNext_RunsTheWorkNextOnTheSameThread_UpToTheChainLimit_ThenRefuses()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 2, Name = "chain" });
        var threads = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var chained = 0;
        void Step(object? _)
        {
            threads.Enqueue(Environment.CurrentManagedThreadId);
            if (pool.TryQueueNext(Step, null)) chained++;
            else done.SetResult(chained);
        }

        Assert.False(pool.TryQueueNext(Step, null), "a thread outside the pool cannot chain work");
        Assert.True(pool.TryQueue(Step, null));

        Assert.Equal(BoundedPool.MaxChainedItems - 1, await done.Task.WaitAsync(Patience));
        Assert.Single(threads.Distinct());
        Assert.Equal(BoundedPool.MaxChainedItems, threads.Count);
    }

    [Fact]
    public async Task TryQueueNext_IsRefused_WhileOtherWorkWaitsInTheQueue()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "fair" });
        using var queued = new ManualResetEventSlim();
        var refused = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(pool.TryQueue(_ =>
        {
            queued.Wait();
            refused.SetResult(!pool.TryQueueNext(_ => { }, null));
        }, null));
        Assert.True(pool.TryQueue(_ => { }, null));
        queued.Set();

        Assert.True(await refused.Task.WaitAsync(Patience));
    }

    [Fact]
    public void WorkThatThrows_DoesNotKillThePoolThread()
    {
        using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 1, Name = "throws" });
        using var after = new ManualResetEventSlim();

        pool.TryQueue(_ => throw new InvalidOperationException("bad work"), null);
        pool.TryQueue(_ => after.Set(), null);

        Assert.True(after.Wait(Patience));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, -1)]
    public void Options_OutOfRange_AreRefusedWithTheirName(int threads, int queue)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedPool(new BoundedPoolOptions { ThreadCount = threads, QueueLength = queue }));

        Assert.Equal(threads < 1 ? "ThreadCount" : "QueueLength", error.ParamName);
    }

    [Fact]
    public async Task HeldThreads_StopAtTheLimit_AndAreGivenBackWhenTheirWorkEnds()
    {
        await using var pool = new BoundedPool(new BoundedPoolOptions { ThreadCount = 4, Name = "held" });
        using var release = new ManualResetEventSlim();
        var answers = new ConcurrentQueue<bool>();
        using var asked = new CountdownEvent(3);
        void Hold(object? _)
        {
            answers.Enqueue(BoundedPool.TryHoldCurrentThread());
            asked.Signal();
            release.Wait();
        }

        for (var i = 0; i < 3; i++) Assert.True(pool.TryQueue(Hold, null));
        Assert.True(asked.Wait(Patience));

        // Half of four threads may be held; the third asks in vain, and off the pool nothing is counted.
        Assert.Equal(2, pool.Options.HeldThreadLimit);
        Assert.Equal([false, true, true], answers.Order());
        Assert.Equal(2, pool.HeldThreads);
        Assert.True(BoundedPool.TryHoldCurrentThread());

        release.Set();
        var again = new TaskCompletionSource<bool>();
        SpinWait.SpinUntil(() => pool.BusyThreads == 0, Patience);
        Assert.Equal(0, pool.HeldThreads);
        Assert.True(pool.TryQueue(_ => again.SetResult(BoundedPool.TryHoldCurrentThread()), null));
        Assert.True(await again.Task.WaitAsync(Patience));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void MaxHeldThreads_OutOfRange_IsRefusedWithItsName(int held)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedPool(new BoundedPoolOptions { ThreadCount = 2, MaxHeldThreads = held }));

        Assert.Equal("MaxHeldThreads", error.ParamName);
    }
}
