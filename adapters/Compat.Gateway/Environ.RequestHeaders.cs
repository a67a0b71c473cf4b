using System;
using System.Collections.Generic;

namespace Compat.Gateway;

public sealed partial class Environ
{
    // The keys of the headers most requests carry, made once: a server adds every header of every request, and
    // building each key costs two allocations. Browsers send the Sec-Fetch and client-hint headers with every page
    // and most fetches, proxies the X-Forwarded ones.
    private static readonly Dictionary<string, string> WellKnownKeys = BuildWellKnownKeys(
        "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "Connection", "Cookie",
        "Expect", "Host", "If-Modified-Since", "If-None-Match", "If-Range", "Origin", "Pragma", "Priority", "Range",
        "Referer", "Sec-CH-UA", "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform", "Sec-Fetch-Dest", "Sec-Fetch-Mode",
        "Sec-Fetch-Site", "Sec-Fetch-User", "Sec-WebSocket-Extensions", "Sec-WebSocket-Key", "Sec-WebSocket-Protocol",
        "Sec-WebSocket-Version", "Transfer-Encoding", "Upgrade", "Upgrade-Insecure-Requests", "User-Agent",
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Prefix", "X-Forwarded-Proto", "X-Real-IP",
        "X-Requested-With");

    /// <summary>
    /// Adds a request header under its CGI key: Content-Type and Content-Length become CONTENT_TYPE and
    /// CONTENT_LENGTH, others <c>HTTP_</c> plus the name upper-cased with <c>-</c> turned into <c>_</c>.
    /// A repeated header is joined to the earlier value with <c>", "</c> (<c>"; "</c> for Cookie), as CGI does.
    /// </summary>
    /// <param name="name">The header name as received (an RFC 9110 token).</param>
    /// <param name="value">The header value as received, one char per octet.</param>
    /// <returns>
    /// False when the header was dropped because its name contains <c>_</c>: CGI naming would make it
    /// indistinguishable from the same name with <c>-</c>, a known way to spoof headers past proxies.
    /// </returns>
    public bool AddRequestHeader(string name, string value)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        if (value is null) throw new ArgumentNullException(nameof(value));
        if (name.IndexOf('_') >= 0)
        {
            return false;
        }

        var key = CgiKey(name);
        if (_items.TryGetValue(key, out var existing) && existing is string earlier)
        {
            var separator = key == "HTTP_COOKIE" ? "; " : ", ";
            _items[key] = earlier + separator + value;
        }
        else
        {
            _items[key] = value;
        }

        return true;
    }

    /// <summary>The CGI key of a request header name.</summary>
    /// <param name="name">A header name such as <c>User-Agent</c>.</param>
    /// <returns>The key, such as <c>HTTP_USER_AGENT</c>.</returns>
    public static string CgiKey(string name)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        return WellKnownKeys.TryGetValue(name, out var known) ? known : BuildCgiKey(name);
    }

    private static string BuildCgiKey(string name)
    {
        var chars = new char[EnvironKeys.HeaderPrefix.Length + name.Length];
        EnvironKeys.HeaderPrefix.CopyTo(0, chars, 0, EnvironKeys.HeaderPrefix.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            chars[EnvironKeys.HeaderPrefix.Length + i] = c switch
            {
                '-' => '_',
                >= 'a' and <= 'z' => (char)(c - ('a' - 'A')),
                _ => c,
            };
        }

        return new string(chars);
    }

    private static Dictionary<string, string> BuildWellKnownKeys(params string[] names)
    {
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = EnvironKeys.ContentType,
            ["Content-Length"] = EnvironKeys.ContentLength,
        };
        foreach (var name in names)
        {
            keys[name] = BuildCgiKey(name);
        }

        return keys;
    }
}
