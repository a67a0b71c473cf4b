using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Compat.Gateway;

namespace Compat.Samples;

/// <summary>Shows the request as a handler sees it: the first thing to look at behind a proxy.</summary>
public static class EnvironHandlers
{
    /// <summary>Plain text, one <c>KEY=value</c> line per CGI key (HTTP_* included), sorted.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="startResponse">start_response.</param>
    /// <returns>The listing.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Show(Environ environ, AsyncStartResponse startResponse)
    {
        var lines = environ
            .Where(pair => pair.Value is string && !pair.Key.StartsWith("gateway.", StringComparison.Ordinal))
            .Select(pair => $"{pair.Key}={pair.Value}")
            .Append($"gateway.url_scheme={environ.UrlScheme}")
            .Order(StringComparer.Ordinal);
        var body = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        startResponse("200 OK", [new("Content-Type", "text/plain; charset=utf-8"), new("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))]);
        await Task.Yield();
        yield return body;
    }
}
