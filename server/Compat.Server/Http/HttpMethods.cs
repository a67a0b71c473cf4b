using System;
using System.Linq;
using System.Text;

namespace Compat.Server.Http;

/// <summary>
/// The registered HTTP methods, as shared strings: a request with one of them costs no string for its method. Any
/// other method that is a token reaches the handler too (RFC 9110 9.1; as in Kestrel and gunicorn), as a new string.
/// </summary>
internal static class HttpMethods
{
    // The common methods come first: a request pays one comparison per method ahead of its own.
    private static readonly (byte[] Bytes, string Name)[] Known =
    [
        .. new[]
        {
            "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT",
            "ACL", "BIND", "CHECKOUT", "COPY", "LINK", "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR",
            "MKCOL", "MOVE", "NOTIFY", "PROPFIND", "PROPPATCH", "PURGE", "QUERY", "REBIND", "REPORT", "SEARCH",
            "SOURCE", "SUBSCRIBE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE",
        }.Select(name => (Encoding.ASCII.GetBytes(name), name)),
    ];

    /// <summary>The method's name as a shared string, or null when it is not a registered method.</summary>
    public static string? Name(ReadOnlySpan<byte> method)
    {
        foreach (var (bytes, name) in Known)
        {
            if (method.SequenceEqual(bytes)) return name;
        }

        return null;
    }
}
