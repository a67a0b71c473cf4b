using System;
using System.Text;
using Compat.Gateway;

namespace Compat.Hosting;

/// <summary>
/// The request side every host shares: turns what a transport knows (<see cref="RequestFacts"/>) into the environ
/// and the handler to run, by the rules of docs/gateway.md ("The request side"). A handler sees the same environ on
/// every host because every host builds it here.
/// </summary>
/// <param name="mounts">Where handlers are mounted; read only once requests arrive.</param>
public sealed class EnvironBuilder(MountTable mounts)
{
    // The keys a host sets besides the headers: twelve here, four or five of the host's own (input, errors, body
    // reader, abort token, the takeover and early-hints extensions, a body's data rate), and room for a WebSocket's
    // or one a handler adds, so the environ's storage is made once at its size.
    private const int KeysBesidesHeaders = 20;

    /// <summary>Builds the environ of one request and picks its handler.</summary>
    /// <param name="request">What the transport knows.</param>
    /// <param name="cache">The connection's cache, or null to work everything out afresh (and allocate nothing for it).</param>
    /// <returns>The environ and the handler: the mounted one, 404 when nothing is mounted there, 400 for a bad path or Host.</returns>
    public RoutedRequest Build(in RequestFacts request, EnvironCache? cache = null)
    {
        var host = string.IsNullOrEmpty(request.Host) ? null : request.Host;
        var route = cache is not null && ReferenceEquals(request.RawPath, cache.Route.RawPath) && ReferenceEquals(request.PathBase, cache.Route.PathBase)
            ? cache.Route
            : Route(request.RawPath, request.PathBase);
        var server = host is null ? default
            : cache is not null && ReferenceEquals(host, cache.Server.Host) ? cache.Server
            : Server(host);
        if (cache is not null)
        {
            // Mounts do not change once requests arrive, so the same path on a connection routes as it did last time.
            cache.Route = route;
            if (host is not null) cache.Server = server;
        }

        var environ = new Environ(KeysBesidesHeaders + Math.Max(request.HeaderCount, 0))
        {
            RequestMethod = request.Method,
            ScriptName = route.ScriptName,
            PathInfo = route.PathInfo,
            QueryString = request.QueryString,
            ServerProtocol = request.Protocol,
            RemoteAddr = request.RemoteAddr,
            UrlScheme = request.UrlScheme,

            // Rule 1 of the request side: the name and port the client asked for, the Host's; the connection's
            // when the request names none.
            ServerName = host is null ? request.LocalAddr ?? "localhost" : server.Name,
        };

        // Set as the strings and box the transport and cache already hold: the typed setters would make new ones.
        environ[EnvironKeys.ServerPort] = host is null ? request.LocalPort ?? DefaultPort(request.UrlScheme) : server.Port ?? DefaultPort(request.UrlScheme);
        environ[EnvironKeys.RemotePort] = request.RemotePort;
        environ[EnvironKeys.RawPath] = route.RawPathBox;
        return new RoutedRequest(environ, host is null || server.Valid ? route.App : HostResponses.BadHost);
    }

    /// <summary>An origin-form target as a transport holds it in text: the path's octets, and the query without its <c>?</c>.</summary>
    /// <param name="target">Path and optional query, one char per octet.</param>
    /// <returns>What <see cref="RequestFacts.RawPath"/> and <see cref="RequestFacts.QueryString"/> take.</returns>
    public static (byte[] RawPath, string QueryString) SplitTarget(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0
            ? (Encoding.Latin1.GetBytes(target), string.Empty)
            : (Encoding.Latin1.GetBytes(target, 0, query), target[(query + 1)..]);
    }

    private static string DefaultPort(string scheme) => string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? "443" : "80";

    // Brackets stay on an IPv6 literal, as in a URL; a Host that is not host[:port] is the client's error.
    private static (string? Host, bool Valid, string Name, string? Port) Server(string host) =>
        HostSyntax.IsValid(host, out var nameLength)
            ? (host, true, nameLength == host.Length ? host : host[..nameLength], nameLength == host.Length ? null : host[(nameLength + 1)..])
            : (host, false, string.Empty, null);

    private (byte[]? RawPath, string? PathBase, object RawPathBox, AsyncApp App, string ScriptName, string PathInfo) Route(byte[] rawPath, string pathBase)
    {
        var box = (object)new ReadOnlyMemory<byte>(rawPath);
        if (!PathDecoder.TryDecode(rawPath, out var path))
        {
            return (rawPath, pathBase, box, HostResponses.BadRequest, pathBase, string.Empty);
        }

        // The host's base may still be in the path (as the client spelled it) or gone (stripped by a proxy).
        var prefix = pathBase;
        if (pathBase.Length > 0 && path.StartsWith(pathBase, StringComparison.OrdinalIgnoreCase) && (path.Length == pathBase.Length || path[pathBase.Length] == '/'))
        {
            prefix = path[..pathBase.Length];
            path = path[pathBase.Length..];
        }

        var app = mounts.Match(path, out var scriptName, out var pathInfo);
        return app is null
            ? (rawPath, pathBase, box, HostResponses.NotFound, prefix, path)
            : (rawPath, pathBase, box, app, prefix + scriptName, pathInfo);
    }
}
