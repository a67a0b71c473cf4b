using System;

namespace Compat.Adapters;

/// <summary>
/// A request was refused because every thread of a <see cref="BoundedPool"/> was busy and its queue was full.
/// Hosts answer it with 503 and a Retry-After of <see cref="RetryAfter"/>.
/// </summary>
public sealed class BoundedPoolRejectedException : Exception
{
    /// <summary>Creates the exception for a pool.</summary>
    /// <param name="poolName">The pool's name.</param>
    /// <param name="retryAfter">How long the client should wait before retrying.</param>
    public BoundedPoolRejectedException(string poolName, TimeSpan retryAfter)
        : base($"Pool '{poolName}' is full: every thread is busy and the queue is at its limit.")
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the client should wait before retrying.</summary>
    public TimeSpan RetryAfter { get; }
}
