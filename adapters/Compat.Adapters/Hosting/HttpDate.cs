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
    private static (long Second, string Value) _current = Format(DateTimeOffset.UtcNow);

    // Rooted by this field for the life of the process; it only formats when the second has changed.
    private static readonly Timer Refresh = new(static _ => Update(), null, RefreshPeriod, RefreshPeriod);

    /// <summary>The Date header value for now, such as <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static string Now => Volatile.Read(ref _current.Value);

    private static void Update()
    {
        var now = DateTimeOffset.UtcNow;
        if (now.ToUnixTimeSeconds() != _current.Second)
        {
            var next = Format(now);
            Volatile.Write(ref _current.Value, next.Value);
            _current.Second = next.Second;
        }
    }

    private static (long Second, string Value) Format(DateTimeOffset now) =>
        (now.ToUnixTimeSeconds(), now.ToString("r", CultureInfo.InvariantCulture));
}
