using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Conformance;

// docs/gateway.md "Bytes and text": one rule per field, both ways.
public abstract partial class GatewayConformanceTests
{
    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Text_RequestFieldsAreOctetsExceptThePath_WhichIsPercentDecodedUtf8(HandlerStyle style)
    {
        static string Describe(Environ environ) => string.Join("|",
            environ.RequestMethod,
            environ.PathInfo,
            environ.QueryString,
            environ.Headers.TryGetValue("HTTP_X_NAME", out var name) ? name : "(none)",
            Encoding.Latin1.GetString(environ.RawPath.Span));

        var response = await SendAsync(style,
            (environ, start) => { start("200 OK", TextPlain)(Encoding.UTF8.GetBytes(Describe(environ))); return []; },
            (environ, start) => { start("200 OK", TextPlain); return Chunks([Encoding.UTF8.GetBytes(Describe(environ))]); },
            new TestRequest { Target = "/caf%C3%A9/a%20b?q=caf%C3%A9&x=%20", Headers = [new("X-Name", "caf\u00e9")] });

        Assert.Equal("GET|/café/a b|q=caf%C3%A9&x=%20|caf\u00e9|/caf%C3%A9/a%20b", Encoding.UTF8.GetString(response.Body));
    }

    [Theory]
    [InlineData(HandlerStyle.Sync, "/%FF")]
    [InlineData(HandlerStyle.Async, "/%C3")]
    [InlineData(HandlerStyle.Sync, "/bad%2")]
    [InlineData(HandlerStyle.Async, "/nul%00")]
    public async Task Text_APathThatIsNotValidUtf8IsA400_AndTheHandlerDoesNotRun(HandlerStyle style, string target)
    {
        var probe = new Probe();
        var response = await SendAsync(style,
            (_, start) => { probe.Ran(); start("200 OK", TextPlain); return []; },
            (_, start) => { probe.Ran(); start("200 OK", TextPlain); return Chunks([]); },
            new TestRequest { Target = target });

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(0, probe.Runs);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync, "X-Injected", "a\r\nSet-Cookie: evil=1")]
    [InlineData(HandlerStyle.Async, "X-Injected", "a\nb")]
    [InlineData(HandlerStyle.Sync, "X-Nul", "a\0b")]
    [InlineData(HandlerStyle.Async, "X-Wide", "snow \u2603")]
    [InlineData(HandlerStyle.Sync, "Transfer-Encoding", "chunked")]
    [InlineData(HandlerStyle.Async, "Connection", "close")]
    [InlineData(HandlerStyle.Sync, "Proxy-Authenticate", "Basic")]
    [InlineData(HandlerStyle.Async, "Bad Name", "x")]
    public async Task Text_ResponseHeadersThatCouldInjectOrReframeAreRefused(HandlerStyle style, string name, string value)
    {
        var probe = new Probe();
        KeyValuePair<string, string>[] headers = [new(name, value)];
        void Start(Action start)
        {
            try
            {
                start();
            }
            catch (ArgumentException ex)
            {
                probe.Note(ex.Message);
                throw;
            }
        }

        var response = await SendAsync(style,
            (_, start) => { Start(() => start("200 OK", headers)); return [Bytes("x")]; },
            (_, start) => { Start(() => start("200 OK", headers)); return Chunks([Bytes("x")]); });

        Assert.Equal(500, response.StatusCode);
        Assert.Null(response.GetHeader(name));
        Assert.Contains(probe.Events, message => message.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HandlerStyle.Sync, "200 OK\r\nX: y")]
    [InlineData(HandlerStyle.Async, "2000 OK")]
    [InlineData(HandlerStyle.Sync, "OK")]
    [InlineData(HandlerStyle.Async, "200 \u00c9t\u00e9 \u263a")]
    [InlineData(HandlerStyle.Sync, "100 Continue")]
    public async Task Text_AMalformedStatusIsRefused(HandlerStyle style, string status)
    {
        var response = await SendAsync(style,
            (_, start) => { start(status, TextPlain); return [Bytes("x")]; },
            (_, start) => { start(status, TextPlain); return Chunks([Bytes("x")]); });

        Assert.Equal(500, response.StatusCode);
        Assert.Contains("Status", response.ErrorLog, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task Text_ALatin1ReasonPhraseAndHeaderValueGoOutAsOctets(HandlerStyle style)
    {
        KeyValuePair<string, string>[] headers = [new("X-Latin", "caf\u00e9")];
        var response = await SendAsync(style,
            (_, start) => { start("200 \u00c9t\u00e9", headers)(Bytes("x")); return []; },
            (_, start) => { start("200 \u00c9t\u00e9", headers); return Chunks([Bytes("x")]); });

        Assert.Equal(SendsOctetReasonPhrases ? "200 \u00c9t\u00e9" : "200 ?t?", response.Status);
        Assert.Equal("caf\u00e9", response.GetHeader("X-Latin"));
    }
}
