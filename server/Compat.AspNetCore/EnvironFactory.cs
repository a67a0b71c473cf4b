using System.IO;
using Compat.Hosting;
using Microsoft.AspNetCore.Http;

namespace Compat.AspNetCore;

/// <summary>
/// What an HttpContext knows, given to the <see cref="EnvironBuilder"/> every host shares; then what only ASP.NET
/// Core has (its headers, body, abort token and extensions) is added.
/// </summary>
internal static class EnvironFactory
{
    public static RoutedRequest Create(HttpContext context, EnvironBuilder builder, TextWriter errors, MinResponseRate? rate, out HttpResponseSink sink)
    {
        var request = context.Request;
        var features = new RequestFeatures(context);
        var cache = ConnectionEnvironCache.Of(context, features);
        sink = cache.Sink(context, rate);

        // The raw target, as the bundled server sees it: Kestrel leaves %2F encoded in Request.Path, and PATH_INFO
        // is decoded by the same rules on every host.
        var rawTarget = features.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        var (rawPath, query) = cache.Split(rawTarget);
        var routed = builder.Build(
            new RequestFacts
            {
                Method = request.Method,
                RawPath = rawPath,
                QueryString = query,
                Protocol = request.Protocol,
                UrlScheme = request.Scheme,
                Host = request.Host.HasValue ? request.Host.Value : null,
                PathBase = request.PathBase.Value ?? string.Empty,
                LocalAddr = cache.LocalAddr,
                LocalPort = cache.LocalPort,
                RemoteAddr = cache.RemoteAddr,
                RemotePort = cache.RemotePort,
                HeaderCount = request.Headers.Count,
            },
            cache.Environs);

        var environ = routed.Environ;
        var reader = features.BodyReader;
        environ.Errors = errors;
        // Through the dictionary with the connection's box: the typed setter would box the token per request.
        environ[Compat.Gateway.EnvironKeys.RequestAborted] = cache.AbortedBox(features.RequestAborted);
        environ.BodyReader = reader;

        // Blocking reads through the PipeReader, on a pool thread: Kestrel's AllowSynchronousIO stays off. A request
        // that cannot have a body (no Content-Length, no chunking) gets the empty stream.
        environ.Input = features.CanHaveBody ? reader.AsStream(leaveOpen: true) : Stream.Null;
        environ.WebSocket = features.IsWebSocketRequest ? new AspNetCoreWebSocketExtension(context) : null;
        environ.Takeover = features.Upgrade is { } upgrade ? new AspNetCoreTakeoverExtension(upgrade) : null;
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                environ.AddRequestHeader(header.Key, value ?? string.Empty);
            }
        }

        return routed;
    }
}
