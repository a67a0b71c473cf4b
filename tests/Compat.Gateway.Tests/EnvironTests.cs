using System.Collections.Generic;
using System.IO;
using System.Threading;
using Xunit;

namespace Compat.Gateway.Tests;

public sealed class EnvironTests
{
    [Fact]
    public void TypedPropertiesAndCgiKeys_AreTwoViewsOfTheSameStorage()
    {
        using var aborted = new CancellationTokenSource();
        var environ = new Environ
        {
            RequestMethod = "POST",
            ScriptName = "/app",
            PathInfo = "/x",
            QueryString = "a=1",
            ContentLength = 42,
            ServerPort = 8080,
            RemotePort = 51000,
            RequestAborted = aborted.Token,
        };

        Assert.Equal("POST", environ["REQUEST_METHOD"]);
        Assert.Equal("/app", environ[EnvironKeys.ScriptName]);
        Assert.Equal("42", environ["CONTENT_LENGTH"]);
        Assert.Equal("8080", environ["SERVER_PORT"]);
        Assert.Equal("51000", environ["REMOTE_PORT"]);
        Assert.Equal(aborted.Token, environ["gateway.request_aborted"]);

        environ["QUERY_STRING"] = "b=2";
        environ["SERVER_PORT"] = "9090";
        Assert.Equal("b=2", environ.QueryString);
        Assert.Equal(9090, environ.ServerPort);
    }

    [Fact]
    public void AFreshEnviron_HasVersion2_0_AndSafeDefaults()
    {
        var environ = new Environ();

        Assert.Equal((2, 0), environ.Version);
        Assert.Equal((2, 0), environ["gateway.version"]);
        Assert.Equal(string.Empty, environ.RequestMethod);
        Assert.Null(environ.ContentType);
        Assert.Null(environ.ContentLength);
        Assert.Same(Stream.Null, environ.Input);
        Assert.Same(TextWriter.Null, environ.Errors);
        Assert.Equal("http", environ.UrlScheme);
        Assert.Null(environ.WebSocket);
        Assert.Null(environ.Takeover);
        Assert.Null(environ.EarlyHints);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    public void ASizedEnviron_StartsAsAFreshOne_AndGrowsPastItsCapacity(int capacity)
    {
        var environ = new Environ(capacity);
        for (var i = 0; i < 50; i++)
        {
            environ.AddRequestHeader($"X-Header-{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal((2, 0), environ.Version);
        Assert.Equal(51, environ.Count);
        Assert.Equal("0", environ["HTTP_X_HEADER_0"]);
        Assert.Equal("49", environ["HTTP_X_HEADER_49"]);
    }

    [Fact]
    public void ANegativeCapacity_IsRefusedByName()
    {
        var error = Assert.Throws<System.ArgumentOutOfRangeException>(() => new Environ(-1));

        Assert.Equal("capacity", error.ParamName);
    }

    [Fact]
    public void OptionalKeys_AreAbsentWhenNull_AsCgiHasThem()
    {
        var environ = new Environ { ContentType = "text/plain", ContentLength = 1 };

        environ.ContentType = null;
        environ.ContentLength = null;

        Assert.False(environ.ContainsKey("CONTENT_TYPE"));
        Assert.False(environ.ContainsKey("CONTENT_LENGTH"));
    }

    [Fact]
    public void RequestHeaders_AreCgiNamed_AndRepeatsAreJoined()
    {
        var environ = new Environ();

        environ.AddRequestHeader("User-Agent", "curl/8");
        environ.AddRequestHeader("accept", "text/html");
        environ.AddRequestHeader("Accept", "*/*");
        environ.AddRequestHeader("Cookie", "a=1");
        environ.AddRequestHeader("Cookie", "b=2");
        environ.AddRequestHeader("Content-Type", "application/json");
        environ.AddRequestHeader("Content-Length", "7");

        Assert.Equal("curl/8", environ["HTTP_USER_AGENT"]);
        Assert.Equal("text/html, */*", environ["HTTP_ACCEPT"]);
        Assert.Equal("a=1; b=2", environ["HTTP_COOKIE"]);
        Assert.Equal("application/json", environ.ContentType);
        Assert.Equal(7, environ.ContentLength);
        Assert.Equal(3, environ.Headers.Count);
        Assert.Equal(["HTTP_USER_AGENT", "HTTP_ACCEPT", "HTTP_COOKIE"], environ.Headers.Keys);
        Assert.False(environ.Headers.ContainsKey("CONTENT_TYPE"));
    }

    [Theory]
    [InlineData("sec-ch-ua", "HTTP_SEC_CH_UA", true)]
    [InlineData("Sec-Fetch-Mode", "HTTP_SEC_FETCH_MODE", true)]
    [InlineData("UPGRADE-INSECURE-REQUESTS", "HTTP_UPGRADE_INSECURE_REQUESTS", true)]
    [InlineData("x-forwarded-proto", "HTTP_X_FORWARDED_PROTO", true)]
    [InlineData("X-Real-IP", "HTTP_X_REAL_IP", true)]
    [InlineData("content-type", "CONTENT_TYPE", true)]
    [InlineData("X-Custom-Thing", "HTTP_X_CUSTOM_THING", false)]
    public void ACgiKey_FollowsTheRule_AndAKnownHeadersIsMadeOnce(string name, string key, bool known)
    {
        Assert.Equal(key, Environ.CgiKey(name));
        Assert.Equal(known, ReferenceEquals(Environ.CgiKey(name), Environ.CgiKey(name.ToLowerInvariant())));
    }

    [Fact]
    public void AHeaderNameWithAnUnderscore_IsDropped_SoItCannotPassForTheDashedName()
    {
        var environ = new Environ();

        Assert.True(environ.AddRequestHeader("X-User", "alice"));
        Assert.False(environ.AddRequestHeader("X_User", "mallory"));

        Assert.Equal("alice", environ.Headers["HTTP_X_USER"]);
    }

    [Fact]
    public void TheHeadersView_IsLiveAndReadOnly()
    {
        var environ = new Environ();
        var headers = environ.Headers;

        environ["HTTP_HOST"] = "example.com";

        Assert.Equal("example.com", headers["HTTP_HOST"]);
        Assert.IsNotType<IDictionary<string, string>>(headers, exactMatch: false);
        Assert.Throws<KeyNotFoundException>(() => headers["HTTP_MISSING"]);
    }

    [Theory]
    [InlineData("Content-Type", "CONTENT_TYPE")]
    [InlineData("x-forwarded-for", "HTTP_X_FORWARDED_FOR")]
    [InlineData("ACCEPT", "HTTP_ACCEPT")]
    [InlineData("host", "HTTP_HOST")]
    [InlineData("content-length", "CONTENT_LENGTH")]
    [InlineData("X-Request-Id", "HTTP_X_REQUEST_ID")]
    [InlineData("sec-websocket-key", "HTTP_SEC_WEBSOCKET_KEY")]
    public void CgiKey_FollowsCgi(string name, string key) => Assert.Equal(key, Environ.CgiKey(name));
}
