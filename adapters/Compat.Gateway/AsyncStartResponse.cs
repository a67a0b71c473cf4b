using System.Collections.Generic;
using System.Runtime.ExceptionServices;

namespace Compat.Gateway;

/// <summary>
/// Sets the response status and headers for an <see cref="AsyncApp"/>, with the same rules as
/// <see cref="StartResponse"/>, but returns no writer: the body is the handler's returned iterable.
/// </summary>
/// <param name="status">Status line without the protocol, such as <c>"200 OK"</c>.</param>
/// <param name="headers">Response headers; hop-by-hop headers are refused because framing is the host's job.</param>
/// <param name="excInfo">The error being reported when a handler replaces its headers after a failure.</param>
public delegate void AsyncStartResponse(string status,
    IReadOnlyList<KeyValuePair<string, string>> headers, ExceptionDispatchInfo? excInfo = null);
