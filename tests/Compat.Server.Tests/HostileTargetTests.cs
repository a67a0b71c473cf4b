using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Compat.Gateway;
using Xunit;

namespace Compat.Server.Tests;

/// <summary>
/// Host and request-target rules (RFC 9112 3.2, RFC 9110 7.2) as a hostile client tries them, over raw sockets:
/// a Host that is not host[:port], a fragment, an asterisk or authority form where it does not belong, CONNECT,
/// the HTTP/2 preface; and what a handler sees when the request is fine: any token method, and SERVER_NAME and
/// HTTP_HOST from the absolute-form target's authority when there is one.
/// </summary>
public sealed class HostileTargetTests
{
    [Theory]
    [InlineData("userinfo in Host", "GET / HTTP/1.1\r\nHost: user@127.0.0.1:8080\r\n\r\n", 400)]
    [InlineData("a path in Host", "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080/path\r\n\r\n", 400)]
    [InlineData("markup in Host", "GET / HTTP/1.1\r\nHost: a b<script>\r\n\r\n", 400)]
    [InlineData("two hosts merged by a proxy", "GET / HTTP/1.1\r\nHost: 127.0.0.1, other.example.com\r\n\r\n", 400)]
    [InlineData("a port that is not a number", "GET / HTTP/1.1\r\nHost: example.com:80a\r\n\r\n", 400)]
    [InlineData("a port past 65535", "GET / HTTP/1.1\r\nHost: example.com:65536\r\n\r\n", 400)]
    [InlineData("an IP literal that is not IPv6", "GET / HTTP/1.1\r\nHost: [example]\r\n\r\n", 400)]
    [InlineData("a fragment", "GET /#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("a fragment after a query", "GET /?a=1#frag HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("asterisk form with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("authority form with GET", "GET example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 400)]
    [InlineData("CONNECT with a path", "CONNECT /path HTTP/1.1\r\nHost: a\r\n\r\n", 501)]
    [InlineData("CONNECT with authority form", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501)]
    [InlineData("userinfo in an absolute-form target", "GET http://user@example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n", 400)]
    [InlineData("a bad authority in an absolute-form target", "GET http://exa mple/ HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("no target", "GET HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("the HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505)]
    public async Task ARequestAHandlerMustNotSee_IsRefused_AndTheConnectionClosed(string shape, string request, int status)
    {
        await using var server = await TestServer.StartAsync(Handlers.Echo);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync(request + "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await connection.ReadToCloseAsync();

        Assert.True(response.StartsWith($"HTTP/1.1 {status} ", StringComparison.Ordinal), $"{shape}: got {response}");
        Assert.DoesNotContain("/after", response, StringComparison.Ordinal);
        Assert.Single(response.Split("HTTP/1.1 ", StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("PURGE")]
    [InlineData("FOO")]
    [InlineData("M-SEARCH")]
    public async Task AnyTokenMethod_ReachesTheHandler(string method)
    {
        await using var server = await TestServer.StartAsync(Handlers.Echo);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync($"{method} /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.EndsWith($"{method} |/x ", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionsWithAnAsterisk_ReachesTheServer()
    {
        await using var server = await TestServer.StartAsync(Handlers.Echo);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync("OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        var response = await connection.ReadToCloseAsync();

        Assert.DoesNotMatch("^HTTP/1.1 (400|501) ", response);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", "example.com", "example.com")]
    [InlineData("GET / HTTP/1.1\r\nHost: Example.com:8080\r\n\r\n", "Example.com", "Example.com:8080")]
    [InlineData("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", "[::1]", "[::1]:8080")]
    [InlineData("GET http://target.example:81/x?y HTTP/1.1\r\nHost: other.example\r\n\r\n", "target.example", "target.example:81")]
    [InlineData("GET http://target.example HTTP/1.1\r\nHost: other.example\r\n\r\n", "target.example", "target.example")]
    public async Task TheHandlerSees_TheValidatedHost_AndTheAbsoluteFormAuthorityWins(string request, string serverName, string httpHost)
    {
        await using var server = await TestServer.StartAsync(HostOf);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync(request.Replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n", StringComparison.Ordinal));
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.Contains($"SERVER_NAME={serverName} HTTP_HOST={httpHost}\r\n", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com", 200)]
    [InlineData("EXAMPLE.com:8080", 200)]
    [InlineData("api.shop.example", 200)]
    [InlineData("shop.example", 400)]
    [InlineData("other.example", 400)]
    [InlineData("127.0.0.1", 400)]
    public async Task AllowedHosts_RefuseEveryOtherHost(string host, int status)
    {
        var options = new ServerOptions { Endpoints = [new(System.Net.IPAddress.Loopback, 0)], AllowedHosts = ["example.com", "*.shop.example"] };
        await using var server = await TestServer.StartAsync(Handlers.Echo, options);
        using var connection = await RawConnection.OpenAsync(server.Endpoint);

        await connection.SendAsync($"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        var response = await connection.ReadToCloseAsync();

        Assert.StartsWith($"HTTP/1.1 {status} ", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com:80")]
    [InlineData("exa mple")]
    [InlineData("")]
    public void AnAllowedHostThatIsNotAHostName_IsRefusedAtStartup(string host)
    {
        var options = new ServerOptions { AllowedHosts = [host] };

        var error = Assert.Throws<ArgumentException>(() => new CompatServer(options));

        Assert.Equal(nameof(ServerOptions.AllowedHosts), error.ParamName);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> HostOf(Environ environ, AsyncStartResponse start)
    {
        start("200 OK", [new("Content-Type", "text/plain")]);
        await Task.Yield();
        yield return Encoding.ASCII.GetBytes($"SERVER_NAME={environ.ServerName} HTTP_HOST={environ.Headers.GetValueOrDefault("HTTP_HOST")}");
    }
}
