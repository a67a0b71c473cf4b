using System;
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
    /// <summary>Builds the environ of one request and picks its handler.</summary>
    /// <param name="request">What the transport knows.</param>
    /// <param name="cache">The connection's cache, or null to work everything out afresh.</param>
    /// <returns>The environ and the handler: the mounted one, 404 when nothing is mounted there, 400 for a bad path or Host.</returns>
    public RoutedRequest Build(in RequestFacts request, EnvironCache? cache = null)
    {
        cache ??= new EnvironCache();
        var host = string.IsNullOrEmpty(request.Host) ? null : request.Host;
        var route = Route(request.RawPath, request.PathBase, cache);
        var server = Server(host, cache);
        var environ = new Environ
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
        return new RoutedRequest(environ, server.Valid ? route.App : HostResponses.BadHost);
    }

    private static string DefaultPort(string scheme) => string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? "443" : "80";

    private static (string? Host, bool Valid, string Name, string? Port) Server(string? host, EnvironCache cache)
    {
        if (host is null) return (null, true, string.Empty, null);
        if (!ReferenceEquals(host, cache.Server.Host))
        {
            // Brackets stay on an IPv6 literal, as in a URL; a Host that is not host[:port] is the client's error.
            cache.Server = HostSyntax.IsValid(host, out var nameLength)
                ? (host, true, nameLength == host.Length ? host : host[..nameLength], nameLength == host.Length ? null : host[(nameLength + 1)..])
                : (host, false, string.Empty, null);
        }

        return cache.Server;
    }

    private (byte[]? RawPath, string? PathBase, object RawPathBox, AsyncApp App, string ScriptName, string PathInfo) Route(byte[] rawPath, string pathBase, EnvironCache cache)
    {
        // Mounts do not change once requests arrive, so the same path on a connection routes as it did last time.
        if (ReferenceEquals(rawPath, cache.Route.RawPath) && ReferenceEquals(pathBase, cache.Route.PathBase)) return cache.Route;
        var box = (object)new ReadOnlyMemory<byte>(rawPath);
        if (!PathDecoder.TryDecode(rawPath, out var path))
        {
            return cache.Route = (rawPath, pathBase, box, HostResponses.BadRequest, pathBase, string.Empty);
        }

        // The host's base may still be in the path (as the client spelled it) or gone (stripped by a proxy).
        var prefix = pathBase;
        if (pathBase.Length > 0 && path.StartsWith(pathBase, StringComparison.OrdinalIgnoreCase) && (path.Length == pathBase.Length || path[pathBase.Length] == '/'))
        {
            prefix = path[..pathBase.Length];
            path = path[pathBase.Length..];
        }

        var app = mounts.Match(path, out var scriptName, out var pathInfo);
        return cache.Route = app is null
            ? (rawPath, pathBase, box, HostResponses.NotFound, prefix, path)
            : (rawPath, pathBase, box, app, prefix + scriptName, pathInfo);
    }
}
