namespace Compat.Gateway;

/// <summary>The standard keys of <see cref="Environ"/>: CGI names for request data, <c>gateway.*</c> for the rest.</summary>
public static class EnvironKeys
{
    /// <summary>The request method, such as <c>GET</c>.</summary>
    public const string RequestMethod = "REQUEST_METHOD";
    /// <summary>The mount prefix the request matched; percent-decoded UTF-8.</summary>
    public const string ScriptName = "SCRIPT_NAME";
    /// <summary>The rest of the path after <see cref="ScriptName"/>; percent-decoded UTF-8.</summary>
    public const string PathInfo = "PATH_INFO";
    /// <summary>The query string as received, without the <c>?</c>, not decoded.</summary>
    public const string QueryString = "QUERY_STRING";
    /// <summary>The request's Content-Type; absent when the request has none.</summary>
    public const string ContentType = "CONTENT_TYPE";
    /// <summary>The request's Content-Length as a decimal string; absent when the request has none.</summary>
    public const string ContentLength = "CONTENT_LENGTH";
    /// <summary>The server's host name.</summary>
    public const string ServerName = "SERVER_NAME";
    /// <summary>The server's port as a decimal string.</summary>
    public const string ServerPort = "SERVER_PORT";
    /// <summary>The request's protocol, such as <c>HTTP/1.1</c>.</summary>
    public const string ServerProtocol = "SERVER_PROTOCOL";
    /// <summary>The peer's address.</summary>
    public const string RemoteAddr = "REMOTE_ADDR";
    /// <summary>The peer's port as a decimal string.</summary>
    public const string RemotePort = "REMOTE_PORT";
    /// <summary>The prefix of every request header key (<c>HTTP_USER_AGENT</c> and so on).</summary>
    public const string HeaderPrefix = "HTTP_";
    /// <summary>The interface version, <c>(2, 0)</c>.</summary>
    public const string Version = "gateway.version";
    /// <summary><c>http</c> or <c>https</c>.</summary>
    public const string UrlScheme = "gateway.url_scheme";
    /// <summary>The request body as a blocking <see cref="System.IO.Stream"/>.</summary>
    public const string Input = "gateway.input";
    /// <summary>The request body as a <see cref="System.IO.Pipelines.PipeReader"/>.</summary>
    public const string BodyReader = "gateway.body_reader";
    /// <summary>A <see cref="System.IO.TextWriter"/> into the host's error log.</summary>
    public const string Errors = "gateway.errors";
    /// <summary>A <see cref="System.Threading.CancellationToken"/> fired when the client goes away.</summary>
    public const string RequestAborted = "gateway.request_aborted";
    /// <summary>The request target's path bytes exactly as received.</summary>
    public const string RawPath = "gateway.raw_path";
    /// <summary>The WebSocket extension, or null.</summary>
    public const string WebSocket = "gateway.websocket";
    /// <summary>The connection takeover extension, or null.</summary>
    public const string Takeover = "gateway.takeover";
    /// <summary>The early hints (103) extension, or null.</summary>
    public const string EarlyHints = "gateway.early_hints";
}
