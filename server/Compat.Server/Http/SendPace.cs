using System;
using System.Threading;
using Compat.Hosting;

namespace Compat.Server.Http;

/// <summary>
/// How long a send may wait for the client, for the server's heartbeat (see <see cref="ServerOptions.MinResponseDataRate"/>).
/// As Kestrel's MinResponseDataRate, a send that does not complete at once gets the time its bytes need at the minimum
/// rate, and at least the grace period. Only a send that waits is timed, so a client that keeps up costs nothing.
/// </summary>
internal sealed class SendPace
{
    private readonly long _gracePeriodMs;
    private long _deadline = long.MaxValue;
    private double _waitingRate;

    /// <param name="gracePeriod">The least time a waiting send gets.</param>
    /// <param name="minDataRate">The rate until a response sets its own; null for none.</param>
    public SendPace(TimeSpan gracePeriod, double? minDataRate)
    {
        _gracePeriodMs = (long)gracePeriod.TotalMilliseconds;
        MinDataRate = minDataRate;
    }

    /// <summary>The rate the bytes now being sent are held to (the server's, or the one their handler set); null for none.</summary>
    public double? MinDataRate { get; set; }

    /// <summary>A send of this many bytes has begun to wait for the client.</summary>
    /// <param name="bytes">The bytes the send hands to the socket.</param>
    public void StartWaiting(long bytes)
    {
        if (MinDataRate is not { } rate) return;
        _waitingRate = rate;
        Volatile.Write(ref _deadline, Heartbeat.Now + SendAllowance.Milliseconds(bytes, rate, _gracePeriodMs));
    }

    /// <summary>The send that waited has completed (or failed).</summary>
    public void StopWaiting() => Volatile.Write(ref _deadline, long.MaxValue);

    /// <summary>
    /// Called by the heartbeat: true, once, when the send in progress has waited past its time. The caller aborts the
    /// connection; the send then fails as if the client had left.
    /// </summary>
    /// <param name="now">The heartbeat's clock.</param>
    /// <param name="rate">The rate the send was held to.</param>
    /// <returns>Whether the send is overdue (and this call is the one that found it).</returns>
    public bool TryExpire(long now, out double rate)
    {
        rate = _waitingRate;
        var deadline = Volatile.Read(ref _deadline);
        return now >= deadline && Interlocked.CompareExchange(ref _deadline, long.MaxValue, deadline) == deadline;
    }
}
