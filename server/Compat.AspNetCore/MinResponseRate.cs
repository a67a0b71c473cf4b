namespace Compat.AspNetCore;

/// <summary><see cref="CompatOptions.MinResponseDataRate"/> and its grace period, as the sink applies them.</summary>
/// <param name="BytesPerSecond">The rate; positive.</param>
/// <param name="GracePeriodMs">The least time a waiting flush gets.</param>
internal readonly record struct MinResponseRate(double BytesPerSecond, long GracePeriodMs)
{
    /// <summary>The options' rate, or null when it is off (0).</summary>
    public static MinResponseRate? Of(CompatOptions options) =>
        options.MinResponseDataRate > 0 ? new MinResponseRate(options.MinResponseDataRate, (long)(options.MinResponseDataRateGracePeriodSeconds * 1000)) : null;
}
