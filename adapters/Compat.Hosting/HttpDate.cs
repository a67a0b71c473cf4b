using System;
using System.Globalization;
using System.Threading;

namespace Compat.Hosting;

/// <summary>
/// The current time as an IMF-fixdate Date value, kept fresh by a timer rather than read per response: reading the
/// wall clock for every response was about 2% of pipelined plaintext's CPU. Kestrel's Date header works the same
/// way (its heartbeat). The value trails the clock by at most the refresh period.
/// </summary>
public static class HttpDate
{
    private static readonly TimeSpan RefreshPeriod = TimeSpan.FromMilliseconds(100);
    private static string _value = Format(DateTimeOffset.UtcNow);

    // Only the timer's callback reads and writes it.
    private static long _second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    // Rooted by this field for the life of the process; it only formats when the second has changed.
    private static readonly Timer Refresh = new(static _ => Update(), null, RefreshPeriod, RefreshPeriod);

    /// <summary>The Date header value for now, such as <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static string Now => Volatile.Read(ref _value);

    private static void Update()
    {
        var now = DateTimeOffset.UtcNow;
        var second = now.ToUnixTimeSeconds();
        if (second != _second)
        {
            _second = second;
            Volatile.Write(ref _value, Format(now));
        }
    }

    private static string Format(DateTimeOffset now) => now.ToString("r", CultureInfo.InvariantCulture);
}
