using System.Text;
using Compat.Hosting;
using Xunit;

namespace Compat.Adapters.Tests.Hosting;

public sealed class PathDecoderTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "")]
    [InlineData("/a%20b", "/a b")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/caf%c3%a9", "/café")]
    [InlineData("/a%2Fb", "/a/b")]
    [InlineData("/%E2%98%83", "/\u2603")]
    public void TryDecode_PercentDecodesThenReadsUtf8(string raw, string expected)
    {
        Assert.True(PathDecoder.TryDecode(Encoding.Latin1.GetBytes(raw), out var path));
        Assert.Equal(expected, path);
    }

    [Theory]
    [InlineData("/%")]
    [InlineData("/%4")]
    [InlineData("/%G0")]
    [InlineData("/%FF")]
    [InlineData("/%C3")]
    [InlineData("/%C0%AF")]
    [InlineData("/%00")]
    [InlineData("/\u00e9")]
    public void TryDecode_RefusesMalformedEscapesInvalidUtf8AndNul(string raw) =>
        Assert.False(PathDecoder.TryDecode(Encoding.Latin1.GetBytes(raw), out _));
}
