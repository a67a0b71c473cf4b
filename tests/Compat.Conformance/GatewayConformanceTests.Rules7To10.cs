using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Conformance;

// Rules 7 to 10: errors, Content-Length limits, Date/Server/100-continue, and the request body.
public abstract partial class GatewayConformanceTests
{
    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule7_AnExceptionBeforeHeadersIsA500WithoutDetails_AndTheHostKeepsServing(HandlerStyle style)
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Async()
        {
            await Task.Yield();
            Fail("secret-detail");
            yield break;
        }

        var failed = await SendAsync(style, (_, _) => throw new InvalidOperationException("secret-detail"), (_, _) => Async());
        var next = await SendAsync(style,
            (_, start) => { start("200 OK", TextPlain)(Bytes("still serving")); return []; },
            (_, start) => { start("200 OK", TextPlain); return Chunks([Bytes("still serving")]); });

        Assert.Equal(500, failed.StatusCode);
        Assert.DoesNotContain("secret-detail", failed.BodyText, StringComparison.Ordinal);
        Assert.Contains("secret-detail", failed.ErrorLog, StringComparison.Ordinal);
        Assert.Equal("still serving", next.BodyText);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule8_BodyPastTheDeclaredLengthIsCutAtTheLimit_AndTheHandlerIsNotPulledFurther(HandlerStyle style)
    {
        var probe = new Probe();
        IEnumerable<byte[]> Sync(StartResponse start)
        {
            var write = start("200 OK", WithLength(5));
            try
            {
                write(Bytes("hello world"));
            }
            catch (InvalidOperationException)
            {
                probe.Note("write raised");
            }

            return [];
        }

        async IAsyncEnumerable<ReadOnlyMemory<byte>> Async(AsyncStartResponse start)
        {
            try
            {
                start("200 OK", WithLength(5));
                await Task.Yield();
                yield return Bytes("hello world");
                probe.Note("pulled past the limit");
                yield return Bytes("more");
            }
            finally
            {
                probe.Finally();
            }
        }

        var response = await SendAsync(style, (_, start) => Sync(start), (_, start) => Async(start));

        Assert.Equal("hello", response.BodyText);
        if (style == HandlerStyle.Sync)
        {
            Assert.Equal(["write raised"], probe.Events);
        }
        else
        {
            Assert.Empty(probe.Events);
            Assert.Equal(1, probe.Finallies);
        }
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule9_TheHostAddsDateAndServer_UnlessTheHandlerGaveThem(HandlerStyle style)
    {
        KeyValuePair<string, string>[] own = [new("Content-Type", "text/plain"), new("Server", "mine"), new("Date", "Thu, 01 Jan 2026 00:00:00 GMT")];
        var added = await SendAsync(style,
            (_, start) => { start("200 OK", TextPlain)(Bytes("x")); return []; },
            (_, start) => { start("200 OK", TextPlain); return Chunks([Bytes("x")]); });
        var kept = await SendAsync(style,
            (_, start) => { start("200 OK", own)(Bytes("x")); return []; },
            (_, start) => { start("200 OK", own); return Chunks([Bytes("x")]); });

        Assert.NotNull(added.GetHeader("Server"));
        Assert.True(DateTimeOffset.TryParse(added.GetHeader("Date"), out _));
        Assert.Equal("mine", kept.GetHeader("Server"));
        Assert.Equal("Thu, 01 Jan 2026 00:00:00 GMT", kept.GetHeader("Date"));
        Assert.Single(kept.Headers, header => header.Key == "Server");
        Assert.Single(kept.Headers, header => header.Key == "Date");
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Rule9_ExpectContinueIsAnsweredWhenTheHandlerReadsTheBody_AndNeverOtherwise(HandlerStyle style)
    {
        var request = new TestRequest
        {
            Method = "POST",
            Headers = [new("Expect", "100-continue")],
            Body = Bytes("payload"),
        };

        var reading = await SendAsync(style, EchoSync, EchoAsync, request);
        var refusing = await SendAsync(style,
            (_, start) => { start("403 Forbidden", TextPlain)(Bytes("no")); return []; },
            (_, start) => { start("403 Forbidden", TextPlain); return Chunks([Bytes("no")]); },
            request);

        Assert.True(reading.ContinueSent);
        Assert.Equal(EchoOf(Bytes("payload")), reading.BodyText);
        Assert.Equal(403, refusing.StatusCode);
        Assert.False(refusing.ContinueSent);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync, false)]
    [InlineData(HandlerStyle.Async, false)]
    [InlineData(HandlerStyle.Sync, true)]
    [InlineData(HandlerStyle.Async, true)]
    public async Task Rule10_TheBodyEndsAtContentLengthOrTheLastChunk_AlreadyDechunked(HandlerStyle style, bool chunked)
    {
        var payload = new byte[300_000];
        new Random(10).NextBytes(payload);

        var response = await SendAsync(style, EchoSync, EchoAsync,
            new TestRequest { Method = "POST", Body = payload, ChunkedBody = chunked, BodyChunkSize = 7_000 });

        Assert.Equal(EchoOf(payload), response.BodyText);
    }

    /// <summary>What the echo handlers answer for a body: its length and SHA-256.</summary>
    /// <param name="body">The request body.</param>
    /// <returns>The expected response text.</returns>
    protected static string EchoOf(byte[] body) => $"{body.Length} {Convert.ToHexString(SHA256.HashData(body))}";

    /// <summary>Reads the whole request body through the blocking Input stream, in small reads.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="start">start_response.</param>
    /// <returns>Nothing: the answer is written.</returns>
    protected static IEnumerable<byte[]> EchoSync(Environ environ, StartResponse start)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1000];
        long total = 0;
        int read;
        while ((read = environ.Input.Read(buffer, 0, buffer.Length)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        start("200 OK", TextPlain)(Bytes($"{total} {Convert.ToHexString(hash.GetHashAndReset())}"));
        return [];
    }

    /// <summary>Reads the whole request body through the PipeReader.</summary>
    /// <param name="environ">The request.</param>
    /// <param name="start">start_response.</param>
    /// <returns>The answer.</returns>
    protected static async IAsyncEnumerable<ReadOnlyMemory<byte>> EchoAsync(Environ environ, AsyncStartResponse start)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = environ.BodyReader ?? throw new InvalidOperationException("The host gave no BodyReader.");
        long total = 0;
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                hash.AppendData(segment.Span);
                total += segment.Length;
            }

            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        start("200 OK", TextPlain);
        yield return Bytes($"{total} {Convert.ToHexString(hash.GetHashAndReset())}");
    }
}
