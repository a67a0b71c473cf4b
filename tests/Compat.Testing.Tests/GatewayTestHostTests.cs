using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Compat.Gateway;
using Xunit;

namespace Compat.Testing.Tests;

public sealed class GatewayTestHostTests
{
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Where(Environ environ, AsyncStartResponse start)
    {
        start("200 OK", [new("Content-Type", "text/plain")]);
        await Task.Yield();
        yield return System.Text.Encoding.UTF8.GetBytes($"{environ.ScriptName}|{environ.PathInfo}|{environ.ServerName}:{environ.ServerPort}|{environ.RemoteAddr}|{environ.UrlScheme}");
    }

    [Theory]
    [InlineData("/app", "/app|")]
    [InlineData("/app/", "/app|/")]
    [InlineData("/app/x/y", "/app|/x/y")]
    public async Task TheMountPrefix_IsScriptName_AndTheRestIsPathInfo(string target, string expected)
    {
        await using var host = new GatewayTestHost(Where, new GatewayTestHostOptions { ScriptName = "/app", ServerName = "example.test", ServerPort = 8443, UrlScheme = "https" });

        var response = await host.GetAsync(target);

        Assert.Equal($"{expected}|example.test:8443|127.0.0.1|https", response.BodyText);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/application")]
    [InlineData("/ap")]
    public async Task APathOutsideTheMount_IsA404(string target)
    {
        await using var host = new GatewayTestHost(Where, new GatewayTestHostOptions { ScriptName = "/app" });

        var response = await host.GetAsync(target);

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task EarlyHints_AreRecordedBeforeTheFinalResponse_AndIgnoredForHttp10()
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Hinting(Environ environ, AsyncStartResponse start)
        {
            environ.EarlyHints!.Send([new("Link", "</style.css>; rel=preload; as=style")]);
            start("200 OK", [new("Content-Type", "text/html")]);
            yield return "<html>"u8.ToArray();
            environ.EarlyHints.Send([new("Link", "</late.css>; rel=preload")]);
            await Task.Yield();
        }

        await using var host = new GatewayTestHost(Hinting);

        var http11 = await host.SendAsync(new TestRequest());
        var http10 = await host.SendAsync(new TestRequest { Protocol = "HTTP/1.0" });

        var hint = Assert.Single(http11.EarlyHints);
        Assert.Equal("</style.css>; rel=preload; as=style", hint.Single().Value);
        Assert.Empty(http10.EarlyHints);
    }

    [Fact]
    public async Task ConcurrentRequests_AreIndependent()
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Echo(Environ environ, AsyncStartResponse start)
        {
            start("200 OK", []);
            await Task.Delay(5);
            yield return System.Text.Encoding.ASCII.GetBytes(environ.QueryString);
        }

        await using var host = new GatewayTestHost(Echo);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => host.GetAsync($"/?{i}")));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), responses.Select(r => r.BodyText));
    }
}
