using System;
using System.Collections.Generic;

namespace Compat.Gateway;

/// <summary>
/// A new-style handler: no <see cref="Write"/>. The body is the returned async iterable, which the host pulls
/// only as fast as the client drains it. The host disposes the enumerator exactly once.
/// </summary>
/// <param name="environ">The request.</param>
/// <param name="startResponse">Sets the status and headers; they go out with the first non-empty chunk.</param>
/// <returns>The response body. A yielded chunk is consumed by the host before it asks for the next one.</returns>
public delegate IAsyncEnumerable<ReadOnlyMemory<byte>> AsyncApp(Environ environ, AsyncStartResponse startResponse);
