using System;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>Each request-smuggling shape, as raw bytes: the server answers with an error status and closes.</summary>
public sealed class SmugglingTests
{
    [Theory]
    [InlineData("CL with TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)]
    [InlineData("TE with CL", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400)]
    [InlineData("differing duplicate CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400)]
    [InlineData("equal duplicate CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400)]
    [InlineData("CL list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello", 400)]
    [InlineData("signed CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello", 400)]
    [InlineData("TE not final chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 400)]
    [InlineData("TE identity", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", 400)]
    [InlineData("TE chunked twice", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)]
    [InlineData("TE unknown coding first", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501)]
    [InlineData("TE on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)]
    [InlineData("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n  c\r\n\r\n", 400)]
    [InlineData("whitespace before colon", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length : 0\r\n\r\n", 400)]
    [InlineData("tab before colon", "GET / HTTP/1.1\r\nHost: a\r\nX-A\t: b\r\n\r\n", 400)]
    [InlineData("bare CR in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rX-B: c\r\n\r\n", 400)]
    [InlineData("bare LF line end", "GET / HTTP/1.1\nHost: a\n\n", 400)]
    [InlineData("bare LF in headers", "GET / HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n", 400)]
    [InlineData("missing Host", "GET / HTTP/1.1\r\n\r\n", 400)]
    [InlineData("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]
    [InlineData("control char in target", "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("tab in target", "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("DEL in target", "GET /a\u007fb HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("NUL in a value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n", 400)]
    [InlineData("space in a name", "GET / HTTP/1.1\r\nHost: a\r\nX A: b\r\n\r\n", 400)]
    [InlineData("double space in request line", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("unknown version", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505)]
    [InlineData("malformed version", "GET / HTTP/1.1x\r\nHost: a\r\n\r\n", 400)]
    [InlineData("chunk size not hex", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400)]
    [InlineData("negative chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", 400)]
    [InlineData("space after chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", 400)]
    [InlineData("chunk size overflow", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000005\r\nhello\r\n0\r\n\r\n", 400)]
    [InlineData("empty chunk size", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n", 400)]
    [InlineData("chunk data without CRLF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", 400)]
    public async Task ASmugglingShape_IsRefusedWithItsStatus_AndTheConnectionIsClosed(string shape, string request, int status)
    {
        await using var server = await TestServer.StartAsync(Handlers.Echo);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        // A second, valid request follows: it must never be answered, since the first one's framing is not trusted.
        await connection.SendAsync(request + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await connection.ReadToCloseAsync();

        Assert.True(response.StartsWith($"HTTP/1.1 {status} ", StringComparison.Ordinal), $"{shape}: got {response}");
        Assert.DoesNotContain("/smuggled", response, StringComparison.Ordinal);
        Assert.Contains("Connection: close", response, StringComparison.Ordinal);
        Assert.Single(response.Split("HTTP/1.1 ", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task AChunkExtension_IsAcceptedAndIgnored()
    {
        await using var server = await TestServer.StartAsync(Handlers.Echo);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5;name=value\r\nhello\r\n0\r\nTrailer-A: b\r\n\r\n");
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.EndsWith("POST |/x hello", response, StringComparison.Ordinal);
    }
}
