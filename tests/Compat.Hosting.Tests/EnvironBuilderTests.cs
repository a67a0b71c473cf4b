using System.Collections.Generic;
using System.Text;
using Compat.Gateway;
using Xunit;

namespace Compat.Hosting.Tests;

public sealed class EnvironBuilderTests
{
    private static readonly AsyncApp Api = (_, _) => Empty();

    [Theory]
    [InlineData("/base/api/a/long/path", "/base/api", "/a/long/path")]   // the client's path, base and all
    [InlineData("/api/a/long/path", "/base/api", "/a/long/path")]        // a proxy stripped the base (X-Forwarded-Prefix)
    [InlineData("/BASE/api/x", "/BASE/api", "/x")]                        // the base as the client spelled it
    public void APathBase_PrefixesScriptName_WhetherThePathStillHasItOrNot(string rawPath, string scriptName, string pathInfo)
    {
        var routed = Builder().Build(Facts(rawPath) with { PathBase = "/base" });

        Assert.Same(Api, routed.App);
        Assert.Equal(scriptName, routed.Environ.ScriptName);
        Assert.Equal(pathInfo, routed.Environ.PathInfo);
    }

    [Fact]
    public void NoHost_MeansTheConnectionsAddress_OrLocalhostAndTheSchemesPort()
    {
        var socket = Builder().Build(Facts("/api") with { Host = null, LocalAddr = "10.0.0.1", LocalPort = "8080" });
        var memory = Builder().Build(Facts("/api") with { Host = null, UrlScheme = "https" });

        Assert.Equal(("10.0.0.1", 8080), (socket.Environ.ServerName, socket.Environ.ServerPort));
        Assert.Equal(("localhost", 443), (memory.Environ.ServerName, memory.Environ.ServerPort));
    }

    [Theory]
    [InlineData("/nothing", 404)]
    [InlineData("/api/%FF", 400)]
    public void NothingMounted_Is404_AndABadPath400(string rawPath, int status)
    {
        var app = Builder().Build(Facts(rawPath)).App;

        Assert.Same(status == 404 ? HostResponses.NotFound : HostResponses.BadRequest, app);
    }

    [Fact]
    public void AHostThatIsNotHostAndPort_Is400()
    {
        Assert.Same(HostResponses.BadHost, Builder().Build(Facts("/api") with { Host = "a b" }).App);
    }

    [Fact]
    public void TheSameHostAndPathOnAConnection_AreParsedAndRoutedOnce()
    {
        var builder = Builder();
        var cache = new EnvironCache();
        var facts = Facts("/api/x");

        var first = builder.Build(facts, cache).Environ;
        var second = builder.Build(facts, cache).Environ;

        Assert.Same(first.PathInfo, second.PathInfo);
        Assert.Same(first.ServerName, second.ServerName);
        Assert.Same(first[EnvironKeys.RawPath], second[EnvironKeys.RawPath]);
    }

    private static EnvironBuilder Builder()
    {
        var mounts = new MountTable();
        mounts.Add("/api", Api);
        return new EnvironBuilder(mounts);
    }

    private static RequestFacts Facts(string rawPath) => new()
    {
        Method = "GET",
        RawPath = Encoding.ASCII.GetBytes(rawPath),
        QueryString = string.Empty,
        Protocol = "HTTP/1.1",
        UrlScheme = "http",
        Host = "example.com:8080",
    };

    private static async IAsyncEnumerable<System.ReadOnlyMemory<byte>> Empty()
    {
        await System.Threading.Tasks.Task.Yield();
        yield break;
    }
}
