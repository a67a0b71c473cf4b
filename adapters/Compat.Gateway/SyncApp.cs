using System.Collections.Generic;

namespace Compat.Gateway;

/// <summary>
/// An old-style (PEP 3333 shaped) handler. It runs on a thread it may block, may push body bytes through
/// the <see cref="Write"/> callable returned by <paramref name="startResponse"/>, may return an iterable
/// of body chunks, or both. Bytes written come before the bytes of the returned iterable.
/// </summary>
/// <param name="environ">The request.</param>
/// <param name="startResponse">Sets the status and headers; returns the blocking <see cref="Write"/> callable.</param>
/// <returns>The body chunks that follow anything written; an empty sequence when everything was written.</returns>
public delegate IEnumerable<byte[]> SyncApp(Environ environ, StartResponse startResponse);
