using System.Collections.Generic;

namespace Compat.Gateway;

/// <summary>gateway.early_hints: sends 103 Early Hints interim responses (RFC 8297) before the final response.</summary>
public interface IEarlyHintsExtension
{
    /// <summary>
    /// Sends a 103 response with the given headers (usually Link). Ignored for clients that cannot receive
    /// interim responses (HTTP/1.0) and once the final response has started.
    /// </summary>
    /// <param name="headers">The hint headers; validated like response headers.</param>
    void Send(IReadOnlyList<KeyValuePair<string, string>> headers);
}
