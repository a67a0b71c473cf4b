using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Conformance;

// Rules 4 to 6: framing and Content-Length, disposing the body exactly once, HEAD.
public abstract partial class GatewayConformanceTests
{
    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule4_ADeclaredContentLengthFramesTheBody(HandlerStyle style)
    {
        var response = await SendAsync(style,
            (_, start) => { start("200 OK", WithLength(11))(Bytes("hello ")); return [Bytes("world")]; },
            (_, start) => { start("200 OK", WithLength(11)); return Chunks([Bytes("hello "), Bytes("world")]); });

        Assert.Equal(ResponseFraming.ContentLength, response.Framing);
        Assert.Equal("11", response.GetHeader("Content-Length"));
        Assert.Equal("hello world", response.BodyText);
        Assert.False(response.Aborted);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule4_FewerBytesThanDeclaredClosesTheConnection(HandlerStyle style)
    {
        var response = await SendAsync(style,
            (_, start) => { start("200 OK", WithLength(100))(Bytes("short")); return []; },
            (_, start) => { start("200 OK", WithLength(100)); return Chunks([Bytes("short")]); });

        AssertAbortedAfterHeaders(response);
        Assert.Contains("declared", response.ErrorLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync, "HTTP/1.1", ResponseFraming.Chunked)]
    [InlineData(HandlerStyle.Async, "HTTP/1.1", ResponseFraming.Chunked)]
    [InlineData(HandlerStyle.Sync, "HTTP/1.0", ResponseFraming.CloseDelimited)]
    [InlineData(HandlerStyle.Async, "HTTP/1.0", ResponseFraming.CloseDelimited)]
    public async Task Rule4_WithoutALengthTheBodyIsChunkedOnHttp11AndCloseDelimitedOnHttp10(HandlerStyle style, string protocol, ResponseFraming framing)
    {
        var response = await SendAsync(style,
            (_, start) => { var write = start("200 OK", TextPlain); write(Bytes("a")); write(Bytes("b")); return [Bytes("c")]; },
            (_, start) => { start("200 OK", TextPlain); return Chunks([Bytes("a"), Bytes("b"), Bytes("c")]); },
            new TestRequest { Protocol = protocol });

        Assert.Equal(framing, response.Framing);
        Assert.Equal("abc", response.BodyText);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule5_TheBodyIsDisposedExactlyOnce_OnSuccess(HandlerStyle style)
    {
        var probe = new Probe();
        IEnumerable<byte[]> Sync(StartResponse start)
        {
            try
            {
                start("200 OK", TextPlain);
                yield return Bytes("ok");
            }
            finally
            {
                probe.Finally();
            }
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            try
            {
                start("200 OK", TextPlain);
                await Task.Yield();
                yield return Bytes("ok");
            }
            finally
            {
                probe.Finally();
            }
        }

        var response = await SendAsync(style,
            (_, start) => CountingBodies.Count(Sync(start), probe),
            (_, start) => CountingBodies.Count(Async(start), probe));

        Assert.Equal("ok", response.BodyText);
        Assert.Equal(1, probe.Disposals);
        Assert.Equal(1, probe.Finallies);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule5_TheBodyIsDisposedExactlyOnce_OnError(HandlerStyle style)
    {
        var probe = new Probe();
        IEnumerable<byte[]> Sync(StartResponse start)
        {
            try
            {
                start("200 OK", TextPlain);
                yield return Bytes("part");
                Fail("mid-body");
            }
            finally
            {
                probe.Finally();
            }
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            try
            {
                start("200 OK", TextPlain);
                yield return Bytes("part");
                await Task.Yield();
                Fail("mid-body");
            }
            finally
            {
                probe.Finally();
            }
        }

        var response = await SendAsync(style,
            (_, start) => CountingBodies.Count(Sync(start), probe),
            (_, start) => CountingBodies.Count(Async(start), probe));

        AssertAbortedAfterHeaders(response);
        Assert.Equal(1, probe.Disposals);
        Assert.Equal(1, probe.Finallies);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule5_TheBodyIsDisposedExactlyOnce_WhenTheClientGoesAway(HandlerStyle style)
    {
        var probe = new Probe();
        var chunk = new byte[1024];
        IEnumerable<byte[]> Sync(StartResponse start)
        {
            try
            {
                start("200 OK", TextPlain);
                while (true)
                {
                    yield return chunk;
                }
            }
            finally
            {
                probe.Finally();
            }
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            try
            {
                start("200 OK", TextPlain);
                while (true)
                {
                    await Task.Yield();
                    yield return chunk;
                }
            }
            finally
            {
                probe.Finally();
            }
        }

        var response = await SendAsync(style,
            (_, start) => CountingBodies.Count(Sync(start), probe),
            (_, start) => CountingBodies.Count(Async(start), probe),
            new TestRequest { DisconnectAfterResponseBytes = 64 * 1024 });

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.Aborted);
        Assert.Equal(1, probe.Disposals);
        Assert.Equal(1, probe.Finallies);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule6_HeadRunsTheHandlerAndSendsNoBody(HandlerStyle style)
    {
        var probe = new Probe();
        var response = await SendAsync(style,
            (_, start) => { probe.Ran(); start("200 OK", WithLength(5))(Bytes("hello")); return []; },
            (_, start) => { probe.Ran(); start("200 OK", WithLength(5)); return Chunks([Bytes("hello")]); },
            new TestRequest { Method = "HEAD" });

        Assert.Equal(1, probe.Runs);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("5", response.GetHeader("Content-Length"));
        Assert.Empty(response.Body);
        Assert.Equal(ResponseFraming.None, response.Framing);
        Assert.False(response.Aborted);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule6_HeadKeepsADeclaredLengthEvenWhenTheHandlerSkipsTheBody(HandlerStyle style)
    {
        var response = await SendAsync(style,
            (_, start) => { start("200 OK", WithLength(1234)); return []; },
            (_, start) => { start("200 OK", WithLength(1234)); return Chunks([]); },
            new TestRequest { Method = "HEAD" });

        Assert.Equal("1234", response.GetHeader("Content-Length"));
        Assert.False(response.Aborted);
    }
}
