using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Compat.Hosting;

namespace Compat.Server.Http;

/// <summary>
/// One request's head as the parser found it, plus what the framing headers mean. One instance per connection,
/// reset for each request. <see cref="Complete"/> applies the rules that need the whole head: Host, and the
/// Content-Length / Transfer-Encoding combinations that make request smuggling possible.
/// </summary>
internal sealed class RequestHead
{
    public string Method { get; private set; } = string.Empty;

    /// <summary>The request target as received (ASCII).</summary>
    public string Target { get; private set; } = string.Empty;

    /// <summary>The path part of the target, as received.</summary>
    public byte[] RawPath { get; private set; } = [];

    /// <summary>The query after <c>?</c>, as received; empty when there is none.</summary>
    public string Query { get; private set; } = string.Empty;

    public bool IsHttp11 { get; private set; }

    public string Protocol => IsHttp11 ? "HTTP/1.1" : "HTTP/1.0";

    /// <summary>Headers in order; names and values one char per octet.</summary>
    public List<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>The request's host and port: an absolute-form target's authority, else the Host header; validated.</summary>
    public string? Host { get; private set; }

    /// <summary>The host without its port (brackets kept on an IPv6 literal), or null when there is none.</summary>
    public string? HostName => Host is { Length: > 0 } host ? (_hostNameLength == host.Length ? host : host[.._hostNameLength]) : null;

    public long? ContentLength { get; private set; }

    public bool Chunked { get; private set; }

    public bool HasBody => Chunked || ContentLength > 0;

    /// <summary>Whether the client allows the connection to stay open after this request.</summary>
    public bool KeepAlive { get; private set; }

    public bool ExpectContinue { get; private set; }

    // A keep-alive client tends to send the same target and headers again: when the bytes match the previous
    // request's, its strings are reused rather than made anew (Kestrel does the same with header values).
    private List<KeyValuePair<string, string>> _headers = [];
    private List<KeyValuePair<string, string>> _previousHeaders = [];
    private bool _completed;
    private string? _previousTarget;
    private string _previousQuery = string.Empty;
    private byte[] _previousRawPath = [];

    private int _hostCount;
    private int _hostNameLength;
    private string? _authority;
    private string? _previousAuthority;
    private string? _transferEncoding;
    private bool _connectionClose;
    private bool _connectionKeepAlive;
    private string? _expect;

    public void Reset()
    {
        Method = Target = Query = string.Empty;
        RawPath = [];
        IsHttp11 = false;
        if (_completed)
        {
            // Only a complete head's headers are worth comparing with: a partial one is parsed again from the start.
            (_headers, _previousHeaders) = (_previousHeaders, _headers);
            _completed = false;
        }

        _headers.Clear();
        Host = _transferEncoding = _expect = _authority = null;
        _hostNameLength = 0;
        ContentLength = null;
        Chunked = KeepAlive = ExpectContinue = _connectionClose = _connectionKeepAlive = false;
        _hostCount = 0;
    }

    public void SetRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target, bool isHttp11)
    {
        Method = HttpMethods.Name(method) ?? Encoding.ASCII.GetString(method);
        IsHttp11 = isHttp11;
        // "*" is not reused: whether it is allowed depends on the method.
        if (_previousTarget is not null && _previousTarget != "*" && Ascii.Equals(target, _previousTarget))
        {
            Target = _previousTarget;
            Query = _previousQuery;
            RawPath = _previousRawPath;
            _authority = _previousAuthority;
            return;
        }

        Target = Encoding.ASCII.GetString(target);
        var path = PathOf(Target, Method, out _authority);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            Query = path[(query + 1)..];
            path = path[..query];
        }

        RawPath = Encoding.ASCII.GetBytes(path);
        (_previousTarget, _previousQuery, _previousRawPath, _previousAuthority) = (Target, Query, RawPath, _authority);
    }

    public void AddHeader(ReadOnlySpan<byte> nameBytes, ReadOnlySpan<byte> valueBytes)
    {
        var index = _headers.Count;
        var previous = index < _previousHeaders.Count ? _previousHeaders[index] : default;
        var name = previous.Key is not null && Ascii.Equals(nameBytes, previous.Key) ? previous.Key : Encoding.Latin1.GetString(nameBytes);
        var value = previous.Value is not null && Ascii.Equals(valueBytes, previous.Value) ? previous.Value : Encoding.Latin1.GetString(valueBytes);
        _headers.Add(new(name, value));
        if (Is(name, "Host"))
        {
            _hostCount++;
            Host = value;
        }
        else if (Is(name, "Content-Length"))
        {
            if (ContentLength is not null) ThrowHelper.Reject(RequestRejectionReason.InvalidContentLength, "Content-Length is given more than once");
            if (value.Length is 0 or > 18 || !IsDigits(value)) ThrowHelper.Reject(RequestRejectionReason.InvalidContentLength, "Content-Length is not a decimal number");
            ContentLength = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else if (Is(name, "Transfer-Encoding"))
        {
            _transferEncoding = _transferEncoding is null ? value : $"{_transferEncoding},{value}";
        }
        else if (Is(name, "Connection"))
        {
            // Tokens compared in place: splitting would make an array and a string per token on most requests.
            foreach (var range in value.AsSpan().Split(','))
            {
                var token = value.AsSpan(range).Trim();
                _connectionClose |= token.Equals("close", StringComparison.OrdinalIgnoreCase);
                _connectionKeepAlive |= token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);
            }
        }
        else if (Is(name, "Expect"))
        {
            _expect = value;
        }
    }

    public void Complete()
    {
        if (IsHttp11 && _hostCount != 1)
        {
            ThrowHelper.Reject(RequestRejectionReason.InvalidHost, _hostCount == 0 ? "an HTTP/1.1 request without Host" : "more than one Host header");
        }

        if (!IsHttp11 && _hostCount > 1)
        {
            ThrowHelper.Reject(RequestRejectionReason.InvalidHost, "more than one Host header");
        }

        // RFC 9112 3.2.2: an absolute-form target's authority wins over the Host header, which is then ignored;
        // HTTP_HOST shows what the request is served as.
        if (_authority is not null)
        {
            Host = _authority;
            var index = _headers.FindIndex(h => Is(h.Key, "Host"));
            if (index >= 0) _headers[index] = new(_headers[index].Key, _authority);
        }

        if (!string.IsNullOrEmpty(Host) && !HostSyntax.IsValid(Host, out _hostNameLength))
        {
            ThrowHelper.Reject(RequestRejectionReason.InvalidHost, "the Host is not host[:port]");
        }

        if (_transferEncoding is not null)
        {
            if (ContentLength is not null) ThrowHelper.Reject(RequestRejectionReason.ContentLengthWithTransferEncoding, "both Content-Length and Transfer-Encoding");
            if (!IsHttp11) ThrowHelper.Reject(RequestRejectionReason.InvalidTransferEncoding, "Transfer-Encoding on an HTTP/1.0 request");
            CheckTransferEncoding(_transferEncoding);
            Chunked = true;
        }

        if (_expect is not null)
        {
            if (!Is(_expect, "100-continue")) ThrowHelper.Reject(RequestRejectionReason.UnsupportedExpectation, "the only expectation served is 100-continue");
            ExpectContinue = IsHttp11;
        }

        KeepAlive = IsHttp11 ? !_connectionClose : _connectionKeepAlive && !_connectionClose;
        _completed = true;
    }

    // The final coding must be chunked, or the body's end cannot be found (RFC 9112 6.3); other codings are not served.
    private static void CheckTransferEncoding(string value)
    {
        var codings = value.Split(',', StringSplitOptions.TrimEntries);
        if (!Is(codings[^1], "chunked")) ThrowHelper.Reject(RequestRejectionReason.InvalidTransferEncoding, "the final transfer coding is not chunked");
        for (var i = 0; i < codings.Length - 1; i++)
        {
            if (Is(codings[i], "chunked")) ThrowHelper.Reject(RequestRejectionReason.InvalidTransferEncoding, "chunked is applied more than once");
            ThrowHelper.Reject(RequestRejectionReason.UnsupportedTransferEncoding, $"transfer coding '{codings[i]}' is not supported");
        }
    }

    // Origin-form is the path itself; absolute-form (RFC 9112 3.2.2) carries its authority, which is returned, then
    // the path; asterisk-form is for OPTIONS only; authority-form is CONNECT's, which is refused before this.
    private static string PathOf(string target, string method, out string? authority)
    {
        authority = null;
        if (target[0] == '/') return target;
        if (target == "*")
        {
            if (method != "OPTIONS") ThrowHelper.Reject(RequestRejectionReason.InvalidRequestTarget, "the asterisk-form target is for OPTIONS only");
            return target;
        }

        var scheme = target.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && (Is(target[..scheme], "http") || Is(target[..scheme], "https")))
        {
            var start = scheme + 3;
            var end = target.IndexOfAny(['/', '?'], start);
            authority = end < 0 ? target[start..] : target[start..end];
            if (authority.Contains('@')) ThrowHelper.Reject(RequestRejectionReason.InvalidRequestTarget, "userinfo in the target's authority");
            if (!HostSyntax.IsValid(authority, out _)) ThrowHelper.Reject(RequestRejectionReason.InvalidRequestTarget, "the target's authority is not host[:port]");
            return end < 0 ? "/" : target[end] == '/' ? target[end..] : "/" + target[end..];
        }

        ThrowHelper.Reject(RequestRejectionReason.InvalidRequestTarget, "the target is not origin-form, absolute-form, or * with OPTIONS");
        return target;
    }

    private static bool Is(string text, string expected) => string.Equals(text, expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }

        return true;
    }
}
