using Compat.Adapters;

namespace Compat.Hosting;

/// <summary>
/// What every host's WebSocket and takeover extensions ask before an upgrade: an old-style handler that accepts one
/// keeps its pool thread for as long as the client stays, and only <see cref="BoundedPoolOptions.HeldThreadLimit"/>
/// threads may be kept so; the rest stay for ordinary requests.
/// </summary>
public static class HeldThreadAdmission
{
    /// <summary>
    /// Counts the calling pool thread as held (see <see cref="BoundedPool.TryHoldCurrentThread"/>), or refuses the
    /// upgrade with 503 when its pool's limit is reached. Called on the handler's thread, before the upgrade's first await.
    /// </summary>
    /// <exception cref="HttpStatusException">503: the pool's threads for long-lived connections are all held.</exception>
    public static void Admit()
    {
        if (!BoundedPool.TryHoldCurrentThread())
        {
            throw new HttpStatusException(503, "the pool threads old-style handlers may keep for WebSockets and taken-over connections (MaxHeldThreads) are all held");
        }
    }
}
