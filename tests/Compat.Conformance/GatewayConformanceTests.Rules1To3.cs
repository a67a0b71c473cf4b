using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Compat.Gateway;
using Xunit;

namespace Compat.Conformance;

// Rules 1 to 3: when headers go out, calling start_response again, and body before start_response.
public abstract partial class GatewayConformanceTests
{
    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule1_HeadersAreNotSentByStartResponse_SoAFailureBeforeAnyBodyIsA500(HandlerStyle style)
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            start("200 OK", TextPlain);
            await Task.Yield();
            Fail("after start, before body");
            yield break;
        }

        var response = await SendAsync(style,
            (_, start) => { start("200 OK", TextPlain); throw new InvalidOperationException("after start, before body"); },
            (_, start) => Async(start));

        Assert.Equal(500, response.StatusCode);
        Assert.False(response.Aborted);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule1_AnEmptyChunkDoesNotSendHeaders(HandlerStyle style)
    {
        static IEnumerable<byte[]> Sync(StartResponse start)
        {
            start("200 OK", TextPlain)([]);
            yield return [];
            Fail("after empty chunks");
        }

        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            start("200 OK", TextPlain);
            yield return ReadOnlyMemory<byte>.Empty;
            await Task.Yield();
            Fail("after empty chunks");
        }

        var response = await SendAsync(style, (_, start) => Sync(start), (_, start) => Async(start));

        Assert.Equal(500, response.StatusCode);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule1_HeadersGoOutWithTheFirstNonEmptyChunk_SoALaterFailureAbortsTheConnection(HandlerStyle style)
    {
        static IEnumerable<byte[]> Sync(StartResponse start)
        {
            start("200 OK", TextPlain)(Bytes("partial"));
            Fail("after the first chunk");
            yield break;
        }

        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            start("200 OK", TextPlain);
            yield return Bytes("partial");
            await Task.Yield();
            Fail("after the first chunk");
        }

        var response = await SendAsync(style, (_, start) => Sync(start), (_, start) => Async(start));

        AssertAbortedAfterHeaders(response);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule1_AnEmptyBodySendsItsHeadersAtTheEndWithLengthZero(HandlerStyle style)
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            start("204 No Content", []);
            await Task.Yield();
            yield break;
        }

        static async IAsyncEnumerable<ReadOnlyMemory<byte>> AsyncOk(AsyncStartResponse start)
        {
            start("200 OK", TextPlain);
            await Task.Yield();
            yield break;
        }

        var noContent = await SendAsync(style, (_, start) => { start("204 No Content", []); return []; }, (_, start) => Async(start));
        var empty = await SendAsync(style, (_, start) => { start("200 OK", TextPlain); return []; }, (_, start) => AsyncOk(start));

        Assert.Equal(204, noContent.StatusCode);
        Assert.Null(noContent.GetHeader("Content-Length"));
        Assert.Equal(200, empty.StatusCode);
        Assert.Equal("0", empty.GetHeader("Content-Length"));
        Assert.Empty(empty.Body);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule2_StartResponseTwiceWithoutExcInfoIsAnError(HandlerStyle style)
    {
        var probe = new Probe();
        void StartTwice(Action start)
        {
            try
            {
                start();
            }
            catch (InvalidOperationException)
            {
                probe.Note("second start refused");
            }
        }

        IEnumerable<byte[]> Sync(StartResponse start)
        {
            var write = start("200 OK", TextPlain);
            StartTwice(() => start("404 Not Found", TextPlain));
            write(Bytes("first"));
            return [];
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            start("200 OK", TextPlain);
            StartTwice(() => start("404 Not Found", TextPlain));
            await Task.Yield();
            yield return Bytes("first");
        }

        var response = await SendAsync(style, (_, start) => Sync(start), (_, start) => Async(start));

        Assert.Equal(["second start refused"], probe.Events);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("first", response.BodyText);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule2_StartResponseWithExcInfoBeforeHeadersWentOutReplacesThem(HandlerStyle style)
    {
        var error = ExceptionDispatchInfo.Capture(new InvalidOperationException("handled"));
        IEnumerable<byte[]> Sync(StartResponse start)
        {
            start("200 OK", TextPlain);
            start("503 Service Unavailable", [new("Content-Type", "text/plain"), new("X-Replaced", "yes")], error)(Bytes("sorry"));
            return [];
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            start("200 OK", TextPlain);
            await Task.Yield();
            start("503 Service Unavailable", [new("Content-Type", "text/plain"), new("X-Replaced", "yes")], error);
            yield return Bytes("sorry");
        }

        var response = await SendAsync(style, (_, start) => Sync(start), (_, start) => Async(start));

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("yes", response.GetHeader("X-Replaced"));
        Assert.Equal("sorry", response.BodyText);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule2_StartResponseWithExcInfoAfterHeadersWentOutRethrowsIt_AndTheConnectionIsAborted(HandlerStyle style)
    {
        var probe = new Probe();
        var original = new InvalidOperationException("original failure");
        void Replace(Action start)
        {
            try
            {
                start();
            }
            catch (InvalidOperationException ex) when (ReferenceEquals(ex, original))
            {
                probe.Note("rethrown");
                throw;
            }
        }

        IEnumerable<byte[]> Sync(StartResponse start)
        {
            start("200 OK", TextPlain)(Bytes("already sent"));
            Replace(() => start("500 Internal Server Error", TextPlain, ExceptionDispatchInfo.Capture(original)));
            return [];
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            start("200 OK", TextPlain);
            yield return Bytes("already sent");
            await Task.Yield();
            Replace(() => start("500 Internal Server Error", TextPlain, ExceptionDispatchInfo.Capture(original)));
        }

        var response = await SendAsync(style, (_, start) => Sync(start), (_, start) => Async(start));

        Assert.Equal(["rethrown"], probe.Events);
        AssertAbortedAfterHeaders(response);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule3_ABodyChunkBeforeStartResponseIsA500(HandlerStyle style)
    {
        static IEnumerable<byte[]> Sync()
        {
            yield return Bytes("too early");
        }

        var response = await SendAsync(style, (_, _) => Sync(), (_, _) => Chunks([Bytes("too early")]));

        Assert.Equal(500, response.StatusCode);
        Assert.DoesNotContain("too early", response.BodyText, StringComparison.Ordinal);
        Assert.Contains("before startResponse", response.ErrorLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule3_AHandlerThatNeverCallsStartResponseIsA500(HandlerStyle style)
    {
        var response = await SendAsync(style, (_, _) => [], (_, _) => Chunks([]));

        Assert.Equal(500, response.StatusCode);
        Assert.Contains("without calling startResponse", response.ErrorLog, StringComparison.Ordinal);
    }
}
