using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using Compat.Adapters;
using Compat.Hosting;

namespace Compat.Server;

/// <summary>
/// Settings of a <see cref="CompatServer"/>. Immutable; each default is a named constant, and where Kestrel has the
/// same limit the default is Kestrel's (KestrelServerLimits), so moving between the two hosts changes nothing.
/// A record, so a variation is <c>options with { MaxRequestBodySize = 1_000_000 }</c>.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>Kestrel's MaxRequestLineSize: 8 KiB. Longer lines get 414.</summary>
    public const int DefaultMaxRequestLineSize = 8 * 1024;

    /// <summary>Kestrel's MaxRequestHeadersTotalSize: 32 KiB. More gets 431.</summary>
    public const int DefaultMaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>Kestrel's MaxRequestHeaderCount: 100. More gets 431.</summary>
    public const int DefaultMaxRequestHeaderCount = 100;

    /// <summary>Kestrel's MaxRequestBodySize: 30,000,000 bytes (about 28.6 MiB). More gets 413.</summary>
    public const long DefaultMaxRequestBodySize = 30_000_000;

    /// <summary>
    /// Kestrel sets no limit; a bundled server should, so that a flood of idle sockets cannot exhaust file
    /// descriptors. 10,000 is far above what 2 cores serve and below common ulimits.
    /// </summary>
    public const int DefaultMaxConcurrentConnections = 10_000;

    /// <summary>Unread request body the server still reads and discards to keep a connection; beyond it, it closes.</summary>
    public const long DefaultMaxRequestBodyDrainSize = 1024 * 1024;

    /// <summary>Kestrel's RequestHeadersTimeout: 30 seconds to send a whole head; then 408 and close.</summary>
    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Kestrel's KeepAliveTimeout: 130 seconds idle between requests; then the connection closes.</summary>
    public static readonly TimeSpan DefaultKeepAliveTimeout = TimeSpan.FromSeconds(130);

    /// <summary>ASP.NET Core's HostOptions.ShutdownTimeout: 30 seconds for in-flight requests to finish on stop.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Kestrel's MinRequestBodyDataRate: 240 bytes a second, averaged over the time spent waiting for the body.</summary>
    public const double DefaultMinRequestBodyDataRate = 240;

    /// <summary>Kestrel's grace period for the minimum data rate: 5 seconds before the rate is enforced.</summary>
    public static readonly TimeSpan DefaultMinRequestBodyDataRateGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>Kestrel's MinResponseDataRate: 240 bytes a second for a response the client is slow to take.</summary>
    public const double DefaultMinResponseDataRate = 240;

    /// <summary>Kestrel's grace period for the response's minimum data rate: 5 seconds.</summary>
    public static readonly TimeSpan DefaultMinResponseDataRateGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>30 seconds without a body byte ends the wait (the same patience as for a head); Kestrel relies on the rate alone.</summary>
    public static readonly TimeSpan DefaultRequestBodyIdleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// 64 KiB: the body pipe's own buffer, so reading a body ahead costs no memory the pipe would not use anyway, and
    /// it covers form posts and most JSON. A slow client then never holds a pool thread for a small upload.
    /// </summary>
    public const int DefaultRequestBodyPrereadSize = 64 * 1024;

    /// <summary>16 MiB: big enough for any chat or JSON message, small enough that one client cannot exhaust memory.</summary>
    public const long DefaultWebSocketMaxMessageSize = 16 * 1024 * 1024;

    /// <summary>ASP.NET Core's WebSocketOptions.KeepAliveInterval is 2 minutes; 30 seconds keeps NAT and proxies from dropping idle sockets.</summary>
    public static readonly TimeSpan DefaultWebSocketKeepAliveInterval = TimeSpan.FromSeconds(30);

    /// <summary>A peer that has not answered a ping within 30 seconds is gone: the socket is aborted.</summary>
    public static readonly TimeSpan DefaultWebSocketKeepAliveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Where to listen; 127.0.0.1:8080 by default. Port 0 picks a free port (see <see cref="CompatServer.Endpoints"/>).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; init; } = [new IPEndPoint(IPAddress.Loopback, 8080)];

    /// <summary>
    /// Unix domain sockets to listen on besides <see cref="Endpoints"/>, by path: the usual upstream of an nginx on the
    /// same machine. A stale socket file left by a server that is gone is replaced; one a live server answers on is an
    /// error. The file is removed when the server stops. Requests through them have an empty REMOTE_ADDR and
    /// REMOTE_PORT, and SERVER_PORT from the Host header (80 when it names none).
    /// </summary>
    public IReadOnlyList<string> UnixSockets { get; init; } = [];

    /// <summary>Longest request line; see <see cref="DefaultMaxRequestLineSize"/>.</summary>
    public int MaxRequestLineSize { get; init; } = DefaultMaxRequestLineSize;

    /// <summary>Largest header section; see <see cref="DefaultMaxRequestHeadersTotalSize"/>.</summary>
    public int MaxRequestHeadersTotalSize { get; init; } = DefaultMaxRequestHeadersTotalSize;

    /// <summary>Most header lines; see <see cref="DefaultMaxRequestHeaderCount"/>.</summary>
    public int MaxRequestHeaderCount { get; init; } = DefaultMaxRequestHeaderCount;

    /// <summary>Largest request body; see <see cref="DefaultMaxRequestBodySize"/>.</summary>
    public long MaxRequestBodySize { get; init; } = DefaultMaxRequestBodySize;

    /// <summary>Most open connections; see <see cref="DefaultMaxConcurrentConnections"/>.</summary>
    public int MaxConcurrentConnections { get; init; } = DefaultMaxConcurrentConnections;

    /// <summary>Most unread body drained to keep a connection; see <see cref="DefaultMaxRequestBodyDrainSize"/>.</summary>
    public long MaxRequestBodyDrainSize { get; init; } = DefaultMaxRequestBodyDrainSize;

    /// <summary>
    /// Time to receive a whole request head; see <see cref="DefaultRequestHeadersTimeout"/>. This and
    /// <see cref="KeepAliveTimeout"/> are checked by a server-wide tick every quarter of the shorter one (at most a
    /// second, as Kestrel's heartbeat), so a timeout takes effect up to that much late.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = DefaultRequestHeadersTimeout;

    /// <summary>Idle time allowed between requests; see <see cref="DefaultKeepAliveTimeout"/>.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = DefaultKeepAliveTimeout;

    /// <summary>Time in-flight requests get to finish when the server stops; see <see cref="DefaultShutdownTimeout"/>.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = DefaultShutdownTimeout;

    /// <summary>Largest WebSocket message a handler receives; larger ones close the socket with 1009.</summary>
    public long WebSocketMaxMessageSize { get; init; } = DefaultWebSocketMaxMessageSize;

    /// <summary>How often the server pings an idle WebSocket.</summary>
    public TimeSpan WebSocketKeepAliveInterval { get; init; } = DefaultWebSocketKeepAliveInterval;

    /// <summary>How long a ping may go unanswered before the WebSocket is aborted.</summary>
    public TimeSpan WebSocketKeepAliveTimeout { get; init; } = DefaultWebSocketKeepAliveTimeout;

    /// <summary>
    /// The slowest a client may send a request body, in bytes a second, once <see cref="MinRequestBodyDataRateGracePeriod"/>
    /// has passed; slower, the handler's read throws and the client gets 408 (or an abort, if the response started).
    /// Null turns the check off. Only time spent waiting for the client counts.
    /// </summary>
    public double? MinRequestBodyDataRate { get; init; } = DefaultMinRequestBodyDataRate;

    /// <summary>How long a body may arrive slower than <see cref="MinRequestBodyDataRate"/> before the rate is enforced.</summary>
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; init; } = DefaultMinRequestBodyDataRateGracePeriod;

    /// <summary>
    /// The slowest a client may take a response, in bytes a second, as Kestrel's MinResponseDataRate: a send that waits
    /// for the client may take as long as its bytes need at this rate, and at least
    /// <see cref="MinResponseDataRateGracePeriod"/>; then the connection is aborted, and an old-style handler's
    /// write() throws, which gives its pool thread back. Null turns the check off. A client that stops reading can
    /// otherwise hold its connection, and an old-style handler blocked in write() its pool thread, until it leaves.
    /// </summary>
    public double? MinResponseDataRate { get; init; } = DefaultMinResponseDataRate;

    /// <summary>The least time any send that waits for the client gets under <see cref="MinResponseDataRate"/>.</summary>
    public TimeSpan MinResponseDataRateGracePeriod { get; init; } = DefaultMinResponseDataRateGracePeriod;

    /// <summary>The longest wait for the next request body byte; then 408 as for the rate.</summary>
    public TimeSpan RequestBodyIdleTimeout { get; init; } = DefaultRequestBodyIdleTimeout;

    /// <summary>
    /// A body with a declared length up to this is read whole before the handler runs (unless the client asked for
    /// 100 Continue), so a slow client holds no pool thread for it; 0 turns it off.
    /// </summary>
    public int RequestBodyPrereadSize { get; init; } = DefaultRequestBodyPrereadSize;

    /// <summary>The pool old-style handlers run on.</summary>
    public BoundedPoolOptions Pool { get; init; } = new();

    /// <summary>The adapter's buffer for old-style handlers.</summary>
    public SyncAppAdapterOptions Adapter { get; init; } = new();

    /// <summary>Records a sample of the requests to mounted handlers, for <c>compat verify</c>; null records none.</summary>
    public Hosting.Recording.RecordingOptions? Recording { get; init; }

    /// <summary>The Server header; null sends none.</summary>
    public string? ServerHeader { get; init; } = Hosting.RequestRunnerOptions.DefaultServerHeader;

    /// <summary>
    /// The host names requests may name (in Host, or an absolute-form target), compared without the port and
    /// ignoring case: <c>example.com</c>, <c>*.example.com</c> for its subdomains (not the name itself), or <c>*</c>
    /// for any, the default, as ASP.NET Core's AllowedHosts. Another host gets 400. A request without a host (an
    /// HTTP/1.0 request without Host, or an empty Host) is allowed only with <c>*</c>.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = ["*"];

    /// <summary>Whether a pattern can be one of <see cref="AllowedHosts"/>: a host name without port, <c>*.name</c>, or <c>*</c>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>True when it is well-formed.</returns>
    public static bool IsValidAllowedHost(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var name = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return pattern == "*" || (HostSyntax.IsValid(name, out var length) && length == name.Length);
    }

    /// <summary>Whether a request's host name (without port) is allowed.</summary>
    internal bool IsAllowedHost(string? hostName)
    {
        foreach (var allowed in AllowedHosts)
        {
            if (allowed == "*") return true;
            if (hostName is null) continue;
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                ? hostName.Length > allowed.Length - 1 && hostName.EndsWith(allowed.AsSpan(1), StringComparison.OrdinalIgnoreCase)
                : string.Equals(hostName, allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal void Validate()
    {
        if (Endpoints.Count + UnixSockets.Count == 0) throw new ArgumentException("The server needs at least one endpoint or Unix socket to listen on.", nameof(Endpoints));
        // Checked now, though the pool starts with the first old-style request: a bad setting must not wait for it.
        Pool.Validate();
        Positive(MaxRequestLineSize, nameof(MaxRequestLineSize));
        Positive(MaxRequestHeadersTotalSize, nameof(MaxRequestHeadersTotalSize));
        Positive(MaxRequestHeaderCount, nameof(MaxRequestHeaderCount));
        Positive(MaxRequestBodySize, nameof(MaxRequestBodySize));
        Positive(MaxConcurrentConnections, nameof(MaxConcurrentConnections));
        if (MaxRequestBodyDrainSize < 0) throw new ArgumentOutOfRangeException(nameof(MaxRequestBodyDrainSize), MaxRequestBodyDrainSize, "Cannot be negative.");
        Positive(RequestHeadersTimeout.Ticks, nameof(RequestHeadersTimeout));
        Positive(KeepAliveTimeout.Ticks, nameof(KeepAliveTimeout));
        Positive(RequestBodyIdleTimeout.Ticks, nameof(RequestBodyIdleTimeout));
        if (MinRequestBodyDataRate is <= 0) throw new ArgumentOutOfRangeException(nameof(MinRequestBodyDataRate), MinRequestBodyDataRate, "Must be positive, or null for no minimum.");
        if (MinRequestBodyDataRateGracePeriod < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinRequestBodyDataRateGracePeriod), MinRequestBodyDataRateGracePeriod, "Cannot be negative.");
        if (MinResponseDataRate is <= 0) throw new ArgumentOutOfRangeException(nameof(MinResponseDataRate), MinResponseDataRate, "Must be positive, or null for no minimum.");
        if (MinResponseDataRateGracePeriod < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinResponseDataRateGracePeriod), MinResponseDataRateGracePeriod, "Cannot be negative.");
        if (RequestBodyPrereadSize < 0) throw new ArgumentOutOfRangeException(nameof(RequestBodyPrereadSize), RequestBodyPrereadSize, "Cannot be negative.");
        Positive(WebSocketMaxMessageSize, nameof(WebSocketMaxMessageSize));
        if (ShutdownTimeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ShutdownTimeout), ShutdownTimeout, "Cannot be negative.");
        if (AllowedHosts.Count == 0 || !AllowedHosts.All(IsValidAllowedHost))
        {
            throw new ArgumentException("Each allowed host is a host name without port, *.name for its subdomains, or *.", nameof(AllowedHosts));
        }
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, "Must be positive.");
    }
}
