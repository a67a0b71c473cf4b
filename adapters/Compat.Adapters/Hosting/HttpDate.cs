using System;
using System.Globalization;
using System.Threading;

namespace Compat.Hosting;

/// <summary>The current time as an IMF-fixdate Date value, formatted once per second rather than per response.</summary>
public static class HttpDate
{
    private static string _value = string.Empty;
    private static long _second = long.MinValue;

    /// <summary>The Date header value for now, such as <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static string Now
    {
        get
        {
            var now = DateTimeOffset.UtcNow;
            var second = now.ToUnixTimeSeconds();
            if (second != Volatile.Read(ref _second))
            {
                // Races only format the same second twice; a reader sees either the old or the new pair's value.
                Volatile.Write(ref _value, now.ToString("r", CultureInfo.InvariantCulture));
                Volatile.Write(ref _second, second);
            }

            return Volatile.Read(ref _value);
        }
    }
}
