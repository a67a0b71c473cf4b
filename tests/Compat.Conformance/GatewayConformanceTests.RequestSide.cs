using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Conformance;

/// <summary>
/// docs/gateway.md "The request side": the CGI keys every host derives from the request, the same on every host
/// because every host builds them with one EnvironBuilder.
/// </summary>
public abstract partial class GatewayConformanceTests
{
    private static readonly string[] CgiKeys =
    [
        EnvironKeys.RequestMethod, EnvironKeys.ScriptName, EnvironKeys.PathInfo, EnvironKeys.QueryString,
        EnvironKeys.ServerName, EnvironKeys.ServerPort, EnvironKeys.ServerProtocol, EnvironKeys.RemoteAddr, EnvironKeys.RemotePort,
    ];

    [Theory]
    [InlineData(HandlerStyle.Sync, "example.com:8081", "example.com", "8081")]
    [InlineData(HandlerStyle.Async, "example.com:8081", "example.com", "8081")]
    [InlineData(HandlerStyle.Sync, "example.com", "example.com", "80")]
    [InlineData(HandlerStyle.Async, "example.com", "example.com", "80")]
    [InlineData(HandlerStyle.Sync, "[::1]:9000", "[::1]", "9000")]
    [InlineData(HandlerStyle.Async, "[::1]:9000", "[::1]", "9000")]
    public async Task RequestSide_ServerNameAndPort_AreTheHosts_WithTheSchemesPortWhenItNamesNone(HandlerStyle style, string host, string name, string port)
    {
        var environ = await CgiAsync(style, new TestRequest { Headers = [new("Host", host)] });

        Assert.Equal(name, environ[EnvironKeys.ServerName]);
        Assert.Equal(port, environ[EnvironKeys.ServerPort]);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync, "/app/x%2Fy/z?q=1&r", "/app", "/x/y/z", "q=1&r")]
    [InlineData(HandlerStyle.Async, "/app/x%2Fy/z?q=1&r", "/app", "/x/y/z", "q=1&r")]
    [InlineData(HandlerStyle.Sync, "/app", "/app", "", "")]
    [InlineData(HandlerStyle.Async, "/app/", "/app", "/", "")]
    [InlineData(HandlerStyle.Sync, "/app/caf%C3%A9", "/app", "/café", "")]
    public async Task RequestSide_AMountIsScriptName_AndTheDecodedRestIsPathInfo(HandlerStyle style, string target, string scriptName, string pathInfo, string query)
    {
        var environ = await CgiAsync(style, new TestRequest { Target = target }, "/app");

        Assert.Equal(scriptName, environ[EnvironKeys.ScriptName]);
        Assert.Equal(pathInfo, environ[EnvironKeys.PathInfo]);
        Assert.Equal(query, environ[EnvironKeys.QueryString]);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task RequestSide_APathThatOnlyStartsLikeTheMount_IsNotFound(HandlerStyle style)
    {
        var response = await SendAsync(style, CgiSync, CgiAsync, new TestRequest { Target = "/apple" }, "/app");

        Assert.Equal(404, response.StatusCode);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task RequestSide_TheClient_IsAnAddressAndAPort_AndTheSchemeIsHttp(HandlerStyle style)
    {
        var environ = await CgiAsync(style, new TestRequest { Method = "DELETE", Protocol = "HTTP/1.0" });

        Assert.True(IPAddress.TryParse(environ[EnvironKeys.RemoteAddr], out _), environ[EnvironKeys.RemoteAddr]);
        Assert.InRange(int.Parse(environ[EnvironKeys.RemotePort], System.Globalization.CultureInfo.InvariantCulture), 1, 65535);
        Assert.Equal("http", environ[EnvironKeys.UrlScheme]);
        Assert.Equal("DELETE", environ[EnvironKeys.RequestMethod]);
        Assert.Equal("HTTP/1.0", environ[EnvironKeys.ServerProtocol]);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync)]
    [InlineData(HandlerStyle.Async)]
    public async Task RequestSide_ForwardedHeaders_FromAnUntrustedClient_ChangeNothing(HandlerStyle style)
    {
        var plain = await CgiAsync(style, new TestRequest { Target = "/app/x" }, "/app");
        var forwarded = await CgiAsync(style, new TestRequest
        {
            Target = "/app/x",
            Headers = [new("X-Forwarded-For", "203.0.113.9"), new("X-Forwarded-Proto", "https"), new("X-Forwarded-Prefix", "/evil"), new("X-Forwarded-Host", "evil.example")],
        }, "/app");

        Assert.NotEqual("203.0.113.9", forwarded[EnvironKeys.RemoteAddr]);
        Assert.Equal("http", forwarded[EnvironKeys.UrlScheme]);
        Assert.Equal("/app", forwarded[EnvironKeys.ScriptName]);
        Assert.Equal(plain[EnvironKeys.ServerName], forwarded[EnvironKeys.ServerName]);
        Assert.Equal(plain[EnvironKeys.ServerPort], forwarded[EnvironKeys.ServerPort]);
    }

    [Theory]
    [InlineData(HandlerStyle.Sync, "a,b.example")]
    [InlineData(HandlerStyle.Async, "a,b.example")]
    [InlineData(HandlerStyle.Sync, "example.com:99999")]
    [InlineData(HandlerStyle.Async, "example.com:99999")]
    public async Task RequestSide_AHostThatIsNotHostAndPort_IsRefusedWith400(HandlerStyle style, string host)
    {
        var response = await SendAsync(style, CgiSync, CgiAsync, new TestRequest { Headers = [new("Host", host)] });

        Assert.Equal(400, response.StatusCode);
    }

    private async Task<Dictionary<string, string>> CgiAsync(HandlerStyle style, TestRequest request, string mount = "/")
    {
        var response = await SendAsync(style, CgiSync, CgiAsync, request, mount);
        Assert.Equal(200, response.StatusCode);
        return Encoding.UTF8.GetString(response.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(line => line[..line.IndexOf('=', StringComparison.Ordinal)], line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
    }

    private static byte[] Cgi(Environ environ) => Encoding.UTF8.GetBytes(string.Concat(
        CgiKeys.Append(EnvironKeys.UrlScheme).Select(key => $"{key}={(environ.TryGetValue(key, out var value) ? value : null)}\n")));

    private static IEnumerable<byte[]> CgiSync(Environ environ, StartResponse startResponse)
    {
        startResponse("200 OK", TextPlain);
        return [Cgi(environ)];
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> CgiAsync(Environ environ, AsyncStartResponse startResponse)
    {
        startResponse("200 OK", TextPlain);
        await Task.Yield();
        yield return Cgi(environ);
    }
}
