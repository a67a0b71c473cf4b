using System;
using System.Threading;

namespace Compat.Server.Http;

/// <summary>
/// A server-wide tick that lets connections check their deadlines, as Kestrel's heartbeat does. A connection then
/// only writes its deadline when it starts waiting for the client, instead of arming a timer per request: every
/// change to a runtime timer takes the timer queue's lock, and at tens of thousands of requests a second that was
/// measurable. A deadline is therefore noticed up to one period late.
/// </summary>
internal sealed class Heartbeat : IDisposable
{
    private readonly Timer _timer;

    /// <param name="period">Time between ticks.</param>
    /// <param name="tick">Called on every tick with <see cref="Now"/>; runs on a ThreadPool thread, one tick at a time.</param>
    public Heartbeat(TimeSpan period, Action<long> tick)
    {
        var running = 0;
        _timer = new Timer(_ =>
        {
            // A tick that overruns the period is not overlapped by the next one.
            if (Interlocked.Exchange(ref running, 1) == 1) return;
            try
            {
                tick(Now);
            }
            finally
            {
                Volatile.Write(ref running, 0);
            }
        }, null, period, period);
    }

    /// <summary>The clock deadlines are kept in: milliseconds, monotonic, cheap to read.</summary>
    public static long Now => Environment.TickCount64;

    /// <summary>The period for the given timeouts: a quarter of the shortest, at most a second, at least 10 ms.</summary>
    /// <param name="timeouts">The timeouts the ticks enforce.</param>
    /// <returns>The period.</returns>
    public static TimeSpan PeriodFor(params TimeSpan[] timeouts)
    {
        var shortest = TimeSpan.FromSeconds(4);
        foreach (var timeout in timeouts)
        {
            if (timeout < shortest) shortest = timeout;
        }

        var quarter = shortest / 4;
        return quarter < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : quarter;
    }

    public void Dispose() => _timer.Dispose();
}
