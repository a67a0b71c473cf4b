using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Pipelines;
using System.Threading;

namespace Compat.Gateway;

public sealed partial class Environ
{
    // Boxed once: every environ holds the same version, and a box per request is garbage for nothing.
    private static readonly object CurrentVersion = (Major: 2, Minor: 0);

    /// <summary>REQUEST_METHOD: the request method, such as <c>GET</c>.</summary>
    public string RequestMethod
    {
        get => Get<string>(EnvironKeys.RequestMethod) ?? string.Empty;
        set => _items[EnvironKeys.RequestMethod] = value;
    }

    /// <summary>SCRIPT_NAME: the mount prefix the request matched, percent-decoded UTF-8; empty at the root.</summary>
    public string ScriptName
    {
        get => Get<string>(EnvironKeys.ScriptName) ?? string.Empty;
        set => _items[EnvironKeys.ScriptName] = value;
    }

    /// <summary>PATH_INFO: the rest of the path after <see cref="ScriptName"/>, percent-decoded UTF-8.</summary>
    public string PathInfo
    {
        get => Get<string>(EnvironKeys.PathInfo) ?? string.Empty;
        set => _items[EnvironKeys.PathInfo] = value;
    }

    /// <summary>QUERY_STRING: as received, without the <c>?</c>, not decoded.</summary>
    public string QueryString
    {
        get => Get<string>(EnvironKeys.QueryString) ?? string.Empty;
        set => _items[EnvironKeys.QueryString] = value;
    }

    /// <summary>CONTENT_TYPE: the request's Content-Type, or null when it has none.</summary>
    public string? ContentType
    {
        get => Get<string>(EnvironKeys.ContentType);
        set => SetOrRemove(EnvironKeys.ContentType, value);
    }

    /// <summary>CONTENT_LENGTH: the request's Content-Length, or null when it has none (stored as a decimal string).</summary>
    public long? ContentLength
    {
        get => long.TryParse(Get<string>(EnvironKeys.ContentLength), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
        set => SetOrRemove(EnvironKeys.ContentLength, value?.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>SERVER_NAME: the server's host name.</summary>
    public string ServerName
    {
        get => Get<string>(EnvironKeys.ServerName) ?? string.Empty;
        set => _items[EnvironKeys.ServerName] = value;
    }

    /// <summary>SERVER_PORT: the server's port (stored as a decimal string, as CGI has it).</summary>
    public int ServerPort
    {
        get => ParsePort(EnvironKeys.ServerPort);
        set => _items[EnvironKeys.ServerPort] = value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>SERVER_PROTOCOL: the request's protocol, such as <c>HTTP/1.1</c>.</summary>
    public string ServerProtocol
    {
        get => Get<string>(EnvironKeys.ServerProtocol) ?? string.Empty;
        set => _items[EnvironKeys.ServerProtocol] = value;
    }

    /// <summary>REMOTE_ADDR: the peer's address.</summary>
    public string RemoteAddr
    {
        get => Get<string>(EnvironKeys.RemoteAddr) ?? string.Empty;
        set => _items[EnvironKeys.RemoteAddr] = value;
    }

    /// <summary>REMOTE_PORT: the peer's port (stored as a decimal string, as CGI has it).</summary>
    public int RemotePort
    {
        get => ParsePort(EnvironKeys.RemotePort);
        set => _items[EnvironKeys.RemotePort] = value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A read-only view of the <c>HTTP_*</c> keys: one per request header, CGI-named.</summary>
    public IReadOnlyDictionary<string, string> Headers => new RequestHeadersView(_items);

    /// <summary>gateway.version: the interface version, (2, 0).</summary>
    public (int Major, int Minor) Version => Get<(int, int)>(EnvironKeys.Version);

    /// <summary>gateway.url_scheme: <c>http</c> or <c>https</c>.</summary>
    public string UrlScheme
    {
        get => Get<string>(EnvironKeys.UrlScheme) ?? "http";
        set => _items[EnvironKeys.UrlScheme] = value;
    }

    /// <summary>gateway.input: the request body as a stream with blocking reads, for the old style.</summary>
    public Stream Input
    {
        get => Get<Stream>(EnvironKeys.Input) ?? Stream.Null;
        set => _items[EnvironKeys.Input] = value;
    }

    /// <summary>gateway.body_reader: the request body as a <see cref="PipeReader"/>, for the new style.</summary>
    public PipeReader? BodyReader
    {
        get => Get<PipeReader>(EnvironKeys.BodyReader);
        set => SetOrRemove(EnvironKeys.BodyReader, value);
    }

    /// <summary>gateway.errors: a writer into the host's error log.</summary>
    public TextWriter Errors
    {
        get => Get<TextWriter>(EnvironKeys.Errors) ?? TextWriter.Null;
        set => _items[EnvironKeys.Errors] = value;
    }

    /// <summary>gateway.request_aborted: fired when the client goes away.</summary>
    public CancellationToken RequestAborted
    {
        get => Get<CancellationToken>(EnvironKeys.RequestAborted);
        set => _items[EnvironKeys.RequestAborted] = value;
    }

    /// <summary>gateway.raw_path: the request target's path bytes exactly as received.</summary>
    public ReadOnlyMemory<byte> RawPath
    {
        get => Get<ReadOnlyMemory<byte>>(EnvironKeys.RawPath);
        set => _items[EnvironKeys.RawPath] = value;
    }

    /// <summary>gateway.websocket: the WebSocket extension, or null where the host or request has none.</summary>
    public IWebSocketExtension? WebSocket
    {
        get => Get<IWebSocketExtension>(EnvironKeys.WebSocket);
        set => SetOrRemove(EnvironKeys.WebSocket, value);
    }

    /// <summary>gateway.takeover: the connection takeover extension, or null where the host has none.</summary>
    public ITakeoverExtension? Takeover
    {
        get => Get<ITakeoverExtension>(EnvironKeys.Takeover);
        set => SetOrRemove(EnvironKeys.Takeover, value);
    }

    /// <summary>gateway.early_hints: the 103 Early Hints extension, or null where the host has none.</summary>
    public IEarlyHintsExtension? EarlyHints
    {
        get => Get<IEarlyHintsExtension>(EnvironKeys.EarlyHints);
        set => SetOrRemove(EnvironKeys.EarlyHints, value);
    }

    private int ParsePort(string key) =>
        int.TryParse(Get<string>(key), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0;
}
