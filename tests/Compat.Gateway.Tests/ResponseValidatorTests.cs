using System;
using System.Collections.Generic;
using Xunit;

namespace Compat.Gateway.Tests;

public sealed class ResponseValidatorTests
{
    [Theory]
    [InlineData("200 OK", 200)]
    [InlineData("404", 404)]
    [InlineData("418 I'm a teapot", 418)]
    [InlineData("200 \u00c9t\u00e9\tok", 200)]
    public void ParseStatus_AcceptsThreeDigitsAndAnOctetReason(string status, int code) =>
        Assert.Equal(code, ResponseValidator.ParseStatus(status));

    [Theory]
    [InlineData("OK", "three digits")]
    [InlineData("20 OK", "three digits")]
    [InlineData("200OK", "three digits")]
    [InlineData("101 Switching Protocols", "informational")]
    [InlineData("200 OK\r\nSet-Cookie: x", "U+000D")]
    [InlineData("200 O\0K", "U+0000")]
    [InlineData("200 \u263a", "U+263A")]
    public void ParseStatus_RefusesWithAMessageThatSaysWhy(string status, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => ResponseValidator.ParseStatus(status));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal("status", error.ParamName);
    }

    [Fact]
    public void ValidateHeaders_ReturnsTheDeclaredLength()
    {
        Assert.Equal(12, ResponseValidator.ValidateHeaders([new("Content-Type", "text/plain"), new("content-length", "12")]));
        Assert.Null(ResponseValidator.ValidateHeaders([new("Content-Type", "text/plain")]));
    }

    [Theory]
    [InlineData("X-A", "1\r\n2", "U+000D")]
    [InlineData("X-A", "1\n2", "U+000A")]
    [InlineData("X-A", "1\u00002", "U+0000")]
    [InlineData("X-A", "\u20ac", "U+20AC")]
    [InlineData("X-A", "caf\u00e9 ok\u007f", "U+007F at index 7")]
    [InlineData("X-A", "tab\tand\u00ff then\u0001", "U+0001 at index 13")]
    [InlineData("X A", "1", "not an RFC 9110 token")]
    [InlineData("", "1", "not an RFC 9110 token")]
    [InlineData("X-A:", "1", "not an RFC 9110 token")]
    [InlineData("Connection", "close", "hop-by-hop")]
    [InlineData("Keep-Alive", "timeout=5", "hop-by-hop")]
    [InlineData("transfer-encoding", "chunked", "hop-by-hop")]
    [InlineData("Upgrade", "h2c", "hop-by-hop")]
    [InlineData("TE", "trailers", "hop-by-hop")]
    [InlineData("Trailer", "X", "hop-by-hop")]
    [InlineData("Proxy-Connection", "keep-alive", "hop-by-hop")]
    [InlineData("Content-Length", "-1", "non-negative decimal")]
    [InlineData("Content-Length", "1 2", "non-negative decimal")]
    [InlineData("Content-Length", "", "non-negative decimal")]
    public void ValidateHeaders_RefusesInjectionNonOctetsAndFramingHeaders(string name, string value, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => ResponseValidator.ValidateHeaders([new(name, value)]));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateHeaders_RefusesARepeatedContentLength()
    {
        KeyValuePair<string, string>[] headers = [new("Content-Length", "1"), new("Content-Length", "1")];

        var error = Assert.Throws<ArgumentException>(() => ResponseValidator.ValidateHeaders(headers));

        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }
}
