using System.Collections.Generic;
using System.Runtime.ExceptionServices;

namespace Compat.Gateway;

/// <summary>
/// Sets the response status and headers for a <see cref="SyncApp"/>. Nothing is sent yet: headers go out with
/// the first non-empty body chunk. A second call is an error unless <paramref name="excInfo"/> is given; with it,
/// headers not yet sent are replaced, and headers already sent make the call rethrow <paramref name="excInfo"/>.
/// </summary>
/// <param name="status">Status line without the protocol, such as <c>"200 OK"</c>.</param>
/// <param name="headers">Response headers; hop-by-hop headers are refused because framing is the host's job.</param>
/// <param name="excInfo">The error being reported when a handler replaces its headers after a failure.</param>
/// <returns>The blocking <see cref="Write"/> callable.</returns>
public delegate Write StartResponse(string status,
    IReadOnlyList<KeyValuePair<string, string>> headers, ExceptionDispatchInfo? excInfo = null);
