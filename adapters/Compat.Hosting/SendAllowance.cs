using System;

namespace Compat.Hosting;

/// <summary>
/// How long a send that waits for the client may take under a minimum response data rate, for every host's sink:
/// the time its bytes need at the rate, and at least the grace period. A client that reads steadily above the rate
/// frees room for each send sooner than that; one that stops reading is cut off when it passes.
/// </summary>
public static class SendAllowance
{
    /// <summary>The allowance, in milliseconds.</summary>
    /// <param name="bytes">The bytes the send hands to the client.</param>
    /// <param name="bytesPerSecond">The minimum rate; positive.</param>
    /// <param name="gracePeriodMs">The least time any waiting send gets.</param>
    /// <returns>The milliseconds the send may wait, capped far beyond any real wait so a deadline cannot overflow.</returns>
    public static long Milliseconds(long bytes, double bytesPerSecond, long gracePeriodMs) =>
        Math.Max(gracePeriodMs, (long)Math.Min(bytes * 1000.0 / bytesPerSecond, int.MaxValue));
}
