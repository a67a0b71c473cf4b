using System.Collections.Generic;
using Compat.Gateway;
using Compat.Server.Http;

namespace Compat.Server.Extensions;

/// <summary>gateway.early_hints on the bundled server: 103 responses before the final one; HTTP/1.0 clients get none.</summary>
internal sealed class ServerEarlyHintsExtension(Http1ResponseSink sink, bool http11) : IEarlyHintsExtension
{
    public void Send(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        ResponseValidator.ValidateHeaders(headers);
        if (http11)
        {
            sink.SendEarlyHints(headers);
        }
    }
}
