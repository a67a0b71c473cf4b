namespace Compat.Hosting;

/// <summary>
/// What a transport knows about one request, before there is an environ: the input of <see cref="EnvironBuilder"/>.
/// Endpoints come as the CGI strings they become, so a transport that serves many requests per connection makes
/// them once.
/// </summary>
public readonly record struct RequestFacts
{
    /// <summary>The method, as sent.</summary>
    public required string Method { get; init; }

    /// <summary>The target's path as sent, still percent-encoded (the part before <c>?</c>).</summary>
    public required byte[] RawPath { get; init; }

    /// <summary>The target's query without its <c>?</c>; empty when none.</summary>
    public required string QueryString { get; init; }

    /// <summary>The protocol, such as <c>HTTP/1.1</c>.</summary>
    public required string Protocol { get; init; }

    /// <summary><c>http</c> or <c>https</c>: what the client used (a trusted proxy's word, where the host trusts one).</summary>
    public required string UrlScheme { get; init; }

    /// <summary>An absolute-form target's authority, else the Host header; null when the request has neither.</summary>
    public string? Host { get; init; }

    /// <summary>
    /// A prefix of SCRIPT_NAME the host owns before any mount (ASP.NET Core's PathBase, or a proxy's
    /// X-Forwarded-Prefix); the raw path may start with it or not, as a proxy may have stripped it. Empty for none.
    /// </summary>
    public string PathBase { get; init; }

    /// <summary>The server's address the connection came in on; null when it has none (a Unix socket, in memory).</summary>
    public string? LocalAddr { get; init; }

    /// <summary>The server's port the connection came in on; null when it has none.</summary>
    public string? LocalPort { get; init; }

    /// <summary>The client's address; empty when the transport has none (a Unix socket).</summary>
    public string RemoteAddr { get; init; }

    /// <summary>The client's port; empty when the transport has none.</summary>
    public string RemotePort { get; init; }

    /// <summary>
    /// How many header fields the request carries, to size the environ for them and the CGI keys at once; 0 when
    /// the transport does not know. Only a size: the headers are added to the environ by the host.
    /// </summary>
    public int HeaderCount { get; init; }

    /// <summary>Creates facts with the optional parts empty.</summary>
    public RequestFacts()
    {
        PathBase = RemoteAddr = RemotePort = string.Empty;
    }
}
