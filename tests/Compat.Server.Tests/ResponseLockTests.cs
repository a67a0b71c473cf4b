using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Server.Http;
using Xunit;

namespace Compat.Server.Tests;

public sealed class ResponseLockTests
{
    [Fact]
    public async Task AsyncAndBlockingHolders_NeverOverlap_AndNoneIsLost()
    {
        var gate = new ResponseLock();
        var inside = 0;
        var overlaps = 0;
        var entries = 0;

        async Task AsyncParty()
        {
            for (var i = 0; i < 2_000; i++)
            {
                await gate.EnterAsync();
                Hold();
                if (i % 3 == 0) await Task.Yield();
                Interlocked.Decrement(ref inside);
                gate.Exit();
            }
        }

        void BlockingParty()
        {
            for (var i = 0; i < 2_000; i++)
            {
                gate.Enter();
                Hold();
                Interlocked.Decrement(ref inside);
                gate.Exit();
            }
        }

        void Hold()
        {
            if (Interlocked.Increment(ref inside) != 1) Interlocked.Increment(ref overlaps);
            Interlocked.Increment(ref entries);
            Thread.SpinWait(20);
        }

        var parties = Enumerable.Range(0, 3).Select(_ => Task.Run(AsyncParty))
            .Concat(Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(BlockingParty, TaskCreationOptions.LongRunning)));
        await Task.WhenAll(parties).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, overlaps);
        Assert.Equal(5 * 2_000, entries);

        // Free again: an uncontended enter completes at once.
        Assert.True(gate.EnterAsync().IsCompletedSuccessfully);
        gate.Exit();
    }
}
