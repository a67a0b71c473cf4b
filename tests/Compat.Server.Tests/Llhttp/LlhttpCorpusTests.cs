using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Compat.Gateway;
using Xunit;

namespace Compat.Server.Tests.Llhttp;

/// <summary>
/// Node.js's parser test cases as data: everything llhttp refuses, the server refuses too; everything llhttp accepts
/// in strict mode, the server parses to the same method, target, headers and body, except where it is stricter on
/// purpose (listed below with the reason).
/// </summary>
public sealed class LlhttpCorpusTests : IAsyncLifetime
{
    /// <summary>
    /// Why the server refuses a case llhttp accepts in strict mode, or null. Each rule is deliberate and stricter
    /// than llhttp, and each is tested on its own (SmugglingTests, Http1ParserTests).
    /// </summary>
    private static string? StricterOnPurpose(LlhttpCase item)
    {
        var text = Encoding.Latin1.GetString(item.Raw);
        if (text.Contains(" HTTP/1.1\r\n", StringComparison.Ordinal) && item.Messages.Any(m => !m.Headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase))))
        {
            return "an HTTP/1.1 request without Host is a 400 (RFC 9112 3.2); llhttp does not check Host";
        }

        if (item.Messages.Any(m => m.Headers.Any(h => h.Key.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("websocket", StringComparison.OrdinalIgnoreCase))))
        {
            return "a WebSocket upgrade that is not a valid RFC 6455 handshake is answered 400 or 426 by the server itself";
        }

        if (item.Messages.Any(m => m.Method == "CONNECT"))
        {
            return "CONNECT's authority-form target is refused: this is an origin server, not a proxy";
        }

        if (text.Split("\r\n")[0].Count(c => c == ' ') < 2)
        {
            return "an HTTP/0.9 request line (no version) is a 400: nothing written since 1996 sends one";
        }

        if (text.Contains("RTSP/", StringComparison.Ordinal) || text.Contains("ICE/", StringComparison.Ordinal))
        {
            return "only HTTP/1.0 and HTTP/1.1 are served, not RTSP or ICE";
        }

        if (item.Messages.Any(m => m.Url == "*" && m.Method != "OPTIONS"))
        {
            return "the asterisk-form target is for OPTIONS only (RFC 9112 3.2.4); M-SEARCH * is SSDP, not HTTP";
        }

        if (item.Messages.Any(m => m.Headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) && h.Value.Contains('='))))
        {
            return "a Host with characters no host name has (here '=') is a 400: Host is validated as host[:port]";
        }

        return null;
    }

    /// <summary>
    /// Why the server serves a case llhttp refuses, or null. Each is deliberate: llhttp knows a fixed list of
    /// methods, and the server lets any RFC 9110 token method reach the handler, as Kestrel and gunicorn do.
    /// </summary>
    private static string? LaxerOnPurpose(LlhttpCase item) =>
        item.Error is { } error && error.Contains("Invalid method", StringComparison.Ordinal)
            ? "any token method reaches the handler (RFC 9110 9.1); llhttp refuses methods outside its list"
            : null;

    private TestServer? _server;

    public static TheoryData<string> Refused => [.. LlhttpCorpus.All.Values.Where(c => c.Error is not null).Select(c => c.Id)];

    public static TheoryData<string> AcceptedStrictly => [.. LlhttpCorpus.All.Values.Where(c => c.Strict && c.Error is null && c.Messages.Count > 0).Select(c => c.Id)];

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(Describe);

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public void TheCorpusIsThere_AndReadsIntoCases()
    {
        Assert.True(LlhttpCorpus.All.Count > 150, $"only {LlhttpCorpus.All.Count} cases read from {LlhttpCorpus.DataFile}");
        Assert.True(((IEnumerable<object[]>)Refused).Count() > 40);
        Assert.True(((IEnumerable<object[]>)AcceptedStrictly).Count() > 40);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task WhatLlhttpRefuses_TheServerRefusesToo(string id)
    {
        var item = LlhttpCorpus.All[id];
        if (LaxerOnPurpose(item) is { } reason)
        {
            Assert.NotNull(reason);
            return;
        }

        var responses = await ExchangeAsync(item.Raw);

        var answered = responses.Count(r => r.Status == 200);
        Assert.True(answered <= item.Messages.Count,
            $"llhttp refused after {item.Messages.Count} message(s) ({item.Error}), but the server answered {answered} with 200: {string.Join(" | ", responses.Select(r => r.Status))}");
    }

    [Theory]
    [MemberData(nameof(AcceptedStrictly))]
    public async Task WhatLlhttpAcceptsStrictly_TheServerParsesTheSame(string id)
    {
        var item = LlhttpCorpus.All[id];

        var responses = await ExchangeAsync(item.Raw);

        if (StricterOnPurpose(item) is { } reason)
        {
            Assert.True(responses.Count(r => r.Status == 200) < item.Messages.Count, $"refused on purpose ({reason}), but the server accepted it all");
            return;
        }

        Assert.True(responses.Count >= item.Messages.Count, $"expected {item.Messages.Count} response(s), got {responses.Count}: {string.Join(" | ", responses.Select(r => $"{r.Status} {r.Body}"))}");
        for (var i = 0; i < item.Messages.Count; i++)
        {
            var expected = item.Messages[i];
            Assert.True(responses[i].Status == 200, $"message {i}: status {responses[i].Status}: {responses[i].Body}");
            var seen = JsonSerializer.Deserialize<Seen>(responses[i].Body)!;
            Assert.Equal(expected.Method, seen.Method);
            Assert.Equal(ExpectedTarget(expected.Url), seen.Target);
            Assert.Equal(ExpectedHeaders(expected.Headers), seen.Headers.OrderBy(h => h.Key, StringComparer.Ordinal));
            Assert.Equal(Convert.ToBase64String(expected.Body), seen.Body);
        }
    }

    // The handler sees path and query; an absolute-form target's scheme and authority are not part of either.
    private static string ExpectedTarget(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0 || url.StartsWith('/')) return url.TrimEnd('?');
        var path = url.IndexOfAny(['/', '?'], schemeEnd + 3);
        return path < 0 ? "/" : url[path] == '?' ? "/" + url[path..].TrimEnd('?') : url[path..].TrimEnd('?');
    }

    private static IEnumerable<KeyValuePair<string, string>> ExpectedHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var environ = new Environ();
        foreach (var header in headers) environ.AddRequestHeader(header.Key, header.Value.Trim(' ', '\t'));
        return Seen.HeadersOf(environ).OrderBy(h => h.Key, StringComparer.Ordinal);
    }

    private async Task<List<(int Status, string Body)>> ExchangeAsync(byte[] raw)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_server!.Endpoint);
        await socket.SendAsync(raw);
        socket.Shutdown(SocketShutdown.Send);
        var received = new List<byte>();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10))) > 0) received.AddRange(buffer.AsSpan(0, read));
        }
        catch (SocketException)
        {
        }

        return ParseResponses(Encoding.Latin1.GetString([.. received]));
    }

    private static List<(int Status, string Body)> ParseResponses(string text)
    {
        var responses = new List<(int, string)>();
        while (text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd < 0) break;
            var head = text[..headEnd];
            var status = int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
            var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length: ", StringComparison.Ordinal));
            var length = status < 200 || lengthLine is null ? 0 : int.Parse(lengthLine[16..], System.Globalization.CultureInfo.InvariantCulture);
            var body = text.Substring(headEnd + 4, Math.Min(length, text.Length - headEnd - 4));
            if (status >= 200) responses.Add((status, body));
            text = text[Math.Min(text.Length, headEnd + 4 + length)..];
        }

        return responses;
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Describe(Environ environ, AsyncStartResponse start)
    {
        var body = new List<byte>();
        while (true)
        {
            var result = await environ.BodyReader!.ReadAsync();
            foreach (var segment in result.Buffer) body.AddRange(segment.ToArray());
            environ.BodyReader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }

        var target = Encoding.Latin1.GetString(environ.RawPath.Span) + (environ.QueryString.Length > 0 ? "?" + environ.QueryString : string.Empty);
        var json = JsonSerializer.SerializeToUtf8Bytes(new Seen(environ.RequestMethod, target, [.. Seen.HeadersOf(environ)], Convert.ToBase64String([.. body])));
        start("200 OK", [new("Content-Type", "application/json"), new("Content-Length", json.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        yield return json;
    }

    /// <summary>What the handler saw, as JSON.</summary>
    public sealed record Seen(string Method, string Target, KeyValuePair<string, string>[] Headers, string Body)
    {
        public static IEnumerable<KeyValuePair<string, string>> HeadersOf(Environ environ) =>
            environ.Where(e => e.Key.StartsWith("HTTP_", StringComparison.Ordinal) || e.Key is "CONTENT_TYPE" or "CONTENT_LENGTH")
                .Select(e => new KeyValuePair<string, string>(e.Key, (string)e.Value!));
    }
}
