using System.Globalization;
using System.Threading;
using Compat.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Compat.AspNetCore;

/// <summary>
/// What the environs of one Kestrel connection's requests share, kept in the connection's items as the bundled
/// server keeps it in its connection: the addresses and ports as CGI strings, the last target split into path and
/// query, and the <see cref="EnvironCache"/> (the last Host parsed, the last path routed). Kestrel hands a keep-alive
/// connection's requests the same target and Host strings when the client sends the same bytes, which is what the
/// caches compare. Used by one request at a time, as the connection serves them.
/// </summary>
internal sealed class ConnectionEnvironCache
{
    private static readonly object Key = new();
    private static readonly IHttpConnectionFeature NoConnection = new HttpConnectionFeature();

    private readonly System.Net.IPAddress? _remoteIp;
    private readonly int _remotePort;
    private string? _rawTarget;
    private (byte[] RawPath, string Query) _split;
    private CancellationToken _aborted;
    private object? _abortedBox;
    private HttpResponseSink? _sink;

    private ConnectionEnvironCache(IHttpConnectionFeature connection)
    {
        _remoteIp = connection.RemoteIpAddress;
        _remotePort = connection.RemotePort;
        LocalAddr = connection.LocalIpAddress?.ToString();
        LocalPort = connection.LocalIpAddress is null ? null : connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        RemoteAddr = connection.RemoteIpAddress?.ToString() ?? string.Empty;
        RemotePort = connection.RemoteIpAddress is null ? string.Empty : connection.RemotePort.ToString(CultureInfo.InvariantCulture);
    }

    public string? LocalAddr { get; }

    public string? LocalPort { get; }

    public string RemoteAddr { get; }

    public string RemotePort { get; }

    public EnvironCache Environs { get; } = new();

    /// <summary>
    /// The connection's cache, made on its first request and kept in the connection's items. Where the server offers
    /// no connection items, the connection multiplexes requests (HTTP/2, HTTP/3), or a middleware changed the client's
    /// address (forwarded headers, which then differs from request to request), a cache for this request alone.
    /// </summary>
    public static ConnectionEnvironCache Of(HttpContext context, in RequestFeatures features)
    {
        // HTTP/2 and HTTP/3 serve a connection's requests at the same time, and this cache is for one at a time.
        var items = HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)
            ? features.ConnectionItems?.Items
            : null;
        // A server without the feature: no addresses, as HttpContext.Connection would have it.
        var connection = features.Connection ?? NoConnection;
        object? found = null;
        if (items?.TryGetValue(Key, out found) == true && found is ConnectionEnvironCache cache && cache.Matches(connection))
        {
            return cache;
        }

        var made = new ConnectionEnvironCache(connection);
        if (items is not null && found is null)
        {
            items[Key] = made;
        }

        return made;
    }

    /// <summary>The target split as <see cref="EnvironBuilder.SplitTarget"/> does, the same arrays for the same string.</summary>
    public (byte[] RawPath, string Query) Split(string rawTarget)
    {
        if (!ReferenceEquals(rawTarget, _rawTarget))
        {
            _split = EnvironBuilder.SplitTarget(rawTarget);
            _rawTarget = rawTarget;
        }

        return _split;
    }

    /// <summary>
    /// The request's abort token boxed for the environ, the same box while Kestrel hands the connection's requests
    /// the same token (it resets one source per connection).
    /// </summary>
    public object AbortedBox(CancellationToken aborted)
    {
        if (_abortedBox is null || !aborted.Equals(_aborted))
        {
            _abortedBox = aborted;
            _aborted = aborted;
        }

        return _abortedBox;
    }

    /// <summary>The sink for a request's response, the same one while Kestrel reuses its HttpContext for the connection's requests.</summary>
    public HttpResponseSink Sink(HttpContext context, MinResponseRate? rate)
    {
        var sink = _sink;
        return sink is not null && sink.Serves(context) ? sink : _sink = new HttpResponseSink(context, rate);
    }

    // The forwarded-headers middleware sets the address per request; a cache made for another address is not used.
    private bool Matches(IHttpConnectionFeature connection) =>
        Equals(connection.RemoteIpAddress, _remoteIp) && connection.RemotePort == _remotePort;
}
