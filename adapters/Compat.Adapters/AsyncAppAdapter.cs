using System;
using System.Collections.Generic;
using Compat.Gateway;

namespace Compat.Adapters;

/// <summary>
/// Exposes a new-style <see cref="AsyncApp"/> as a <see cref="SyncApp"/>, for hosts that only speak the old style.
/// The async body is pulled by blocking the host's thread, so use it only on threads that may block (a
/// <see cref="BoundedPool"/> thread, or a thread-per-request host); chunks are copied into arrays the host keeps.
/// </summary>
public sealed class AsyncAppAdapter
{
    private readonly AsyncApp _app;

    /// <summary>Creates the adapter.</summary>
    /// <param name="app">The new-style handler.</param>
    public AsyncAppAdapter(AsyncApp app) => _app = app ?? throw new ArgumentNullException(nameof(app));

    /// <summary>The adapted handler, to mount wherever a <see cref="SyncApp"/> is expected.</summary>
    /// <returns>A delegate to <see cref="Invoke"/>.</returns>
    public SyncApp AsSyncApp() => Invoke;

    /// <summary>
    /// Runs one request. The handler starts when the host first iterates the result; the host's <c>write</c>
    /// is never used, since all of the body comes through the iterable.
    /// </summary>
    /// <param name="environ">The request; a <see cref="Environ.BodyReader"/> is made from <see cref="Environ.Input"/> when the host gave none.</param>
    /// <param name="startResponse">The host's start_response.</param>
    /// <returns>The body as arrays; disposing it disposes the handler's enumerator.</returns>
    public IEnumerable<byte[]> Invoke(Environ environ, StartResponse startResponse)
    {
        ArgumentNullException.ThrowIfNull(environ);
        ArgumentNullException.ThrowIfNull(startResponse);
        return new AsyncAppInvocation(_app, environ, startResponse);
    }
}
