using System;
using System.Buffers;
using System.Linq;
using System.Text;
using Compat.Server.Http;
using Xunit;

namespace Compat.Server.Tests;

public sealed class Http1ParserTests
{
    private const string Request = "POST /a%20b?x=1&y HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\nX-Tab:\tv a l \r\nCookie: a=1\r\nCookie: b=2\r\n\r\n";

    [Fact]
    public void EveryPrefixOfAValidHead_NeedsMoreBytes_AndConsumesNothing()
    {
        var bytes = Encoding.ASCII.GetBytes(Request + "hello");
        var headLength = Request.Length;
        for (var length = 0; length < headLength; length++)
        {
            var head = new RequestHead();
            Assert.False(Http1Parser.TryParseHead(new ReadOnlySequence<byte>(bytes, 0, length), head, new ServerOptions(), out var consumed), $"prefix of {length} bytes parsed");
            Assert.Equal(0, consumed.GetInteger());
        }

        var complete = new RequestHead();
        Assert.True(Http1Parser.TryParseHead(new ReadOnlySequence<byte>(bytes), complete, new ServerOptions(), out var end));
        Assert.Equal(headLength, end.GetInteger());
    }

    [Fact]
    public void AHeadSplitAcrossManySegments_ParsesTheSameAsOneBuffer()
    {
        var bytes = Encoding.ASCII.GetBytes(Request);
        var head = new RequestHead();

        Assert.True(Http1Parser.TryParseHead(SegmentedSequence.Of(bytes, 3), head, new ServerOptions(), out _));

        Assert.Equal("POST", head.Method);
        Assert.Equal("/a%20b?x=1&y", head.Target);
        Assert.Equal("/a%20b", Encoding.ASCII.GetString(head.RawPath));
        Assert.Equal("x=1&y", head.Query);
        Assert.True(head.IsHttp11);
        Assert.Equal(5, head.ContentLength);
        Assert.Equal("v a l", head.Headers.Single(h => h.Key == "X-Tab").Value);
        Assert.Equal(2, head.Headers.Count(h => h.Key == "Cookie"));
    }

    [Theory]
    [InlineData("http://example.com/p?q=1", "/p", "q=1")]
    [InlineData("http://example.com", "/", "")]
    [InlineData("https://example.com:8443?q", "/", "q")]
    [InlineData("*", "*", "")]
    public void AbsoluteAndAsteriskForms_GiveThePathAndQuery(string target, string path, string query)
    {
        var head = new RequestHead();

        Assert.True(Http1Parser.TryParseHead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes($"OPTIONS {target} HTTP/1.1\r\nHost: a\r\n\r\n")), head, new ServerOptions(), out _));

        Assert.Equal(path, Encoding.ASCII.GetString(head.RawPath));
        Assert.Equal(query, head.Query);
    }

    [Theory]
    [InlineData("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", RequestRejectionReason.UnsupportedMethod)]
    [InlineData("GET example.com HTTP/1.1\r\nHost: a\r\n\r\n", RequestRejectionReason.InvalidRequestTarget)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n", RequestRejectionReason.UnsupportedExpectation)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", RequestRejectionReason.InvalidHeaderName)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", RequestRejectionReason.InvalidHeaderName)]
    public void MalformedHeads_AreRefusedWithTheirReason(string request, RequestRejectionReason reason)
    {
        var error = Assert.Throws<BadRequestException>(() =>
            Http1Parser.TryParseHead(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(request)), new RequestHead(), new ServerOptions(), out _));

        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\nHost: a\r\n\r\n", RequestRejectionReason.BareLineFeed)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\n\r\n", RequestRejectionReason.BareLineFeed)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\n", RequestRejectionReason.BareLineFeed)]
    [InlineData("GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: a\r\n\r\n", RequestRejectionReason.RequestLineTooLong)]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Long: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n\r\n", RequestRejectionReason.HeadersTooLarge)]
    public void LineEndsAndLimits_AreJudgedAlike_WhereverTheSegmentsSplit(string request, RequestRejectionReason reason)
    {
        // A line found inside one segment takes a faster path than one spanning several: both must judge the same.
        var options = new ServerOptions { MaxRequestLineSize = 40, MaxRequestHeadersTotalSize = 60 };
        var bytes = Encoding.Latin1.GetBytes(request);
        foreach (var size in new[] { bytes.Length, 1, 2, 3, 5, 16, 41, 42 })
        {
            var error = Assert.Throws<BadRequestException>(() => Http1Parser.TryParseHead(SegmentedSequence.Of(bytes, size), new RequestHead(), options, out _));
            Assert.True(reason == error.Reason, $"segments of {size}: {error.Reason}, expected {reason}");
        }
    }

    [Fact]
    public void ALineThatJustFitsItsLimit_Parses_WhereverTheSegmentsSplit()
    {
        var options = new ServerOptions { MaxRequestLineSize = "GET /abc HTTP/1.1".Length };
        var bytes = Encoding.ASCII.GetBytes("GET /abc HTTP/1.1\r\nHost: a\r\n\r\n");
        foreach (var size in Enumerable.Range(1, bytes.Length))
        {
            var head = new RequestHead();
            Assert.True(Http1Parser.TryParseHead(SegmentedSequence.Of(bytes, size), head, options, out var end), $"segments of {size}");
            Assert.Equal("/abc", head.Target);
            Assert.Equal(bytes.Length, SegmentedSequence.Of(bytes, size).Slice(0, end).Length);
        }
    }
}
