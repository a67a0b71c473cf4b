using Compat.Gateway;

namespace Compat.Hosting.Loading;

/// <summary>A handler found in an assembly: exactly one of <see cref="Sync"/> and <see cref="Async"/> is set.</summary>
/// <param name="Name">Its name, <c>Namespace.Type.Member</c> (<see cref="Recording.HandlerNames"/>).</param>
/// <param name="Sync">The old-style handler, or null.</param>
/// <param name="Async">The new-style handler, or null.</param>
public sealed record LoadedHandler(string Name, SyncApp? Sync, AsyncApp? Async);
