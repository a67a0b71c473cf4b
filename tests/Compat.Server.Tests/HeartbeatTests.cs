using System;
using System.Threading;
using System.Threading.Tasks;
using Compat.Server.Http;
using Xunit;

namespace Compat.Server.Tests;

public sealed class HeartbeatTests
{
    [Theory]
    [InlineData(30_000, 130_000, 1_000)]
    [InlineData(500, 30_000, 125)]
    [InlineData(30_000, 200, 50)]
    [InlineData(20, 20, 10)]
    public void ThePeriod_IsAQuarterOfTheShortestTimeout_BetweenTenMillisecondsAndASecond(int headers, int keepAlive, int expected)
    {
        var period = Heartbeat.PeriodFor(TimeSpan.FromMilliseconds(headers), TimeSpan.FromMilliseconds(keepAlive));

        Assert.Equal(TimeSpan.FromMilliseconds(expected), period);
    }

    [Fact]
    public async Task Ticks_ComeWithTheMonotonicClock_UntilDisposed()
    {
        var ticks = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;
        var before = Heartbeat.Now;

        using (new Heartbeat(TimeSpan.FromMilliseconds(10), now =>
        {
            if (Interlocked.Increment(ref count) == 3) ticks.TrySetResult(now);
        }))
        {
            Assert.True(await ticks.Task.WaitAsync(TimeSpan.FromSeconds(10)) >= before);
        }

        var after = Volatile.Read(ref count);
        await Task.Delay(100);
        Assert.InRange(Volatile.Read(ref count), after, after + 1);
    }
}
