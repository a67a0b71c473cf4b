using System;
using System.Net;
using Xunit;

namespace Compat.Server.Host.Tests;

public sealed class HostArgumentsTests
{
    [Fact]
    public void Options_MapOntoTheServerSettings()
    {
        var parsed = HostArguments.Parse([
            "--bind", "127.0.0.1:9000", "--bind", "[::1]:9001", "--bind", "localhost:9002",
            "--mount", "/api=app.dll:App.Handlers.Api", "--threads", "8", "--queue", "4", "--max-connections", "50",
            "--max-body", "1000", "--headers-timeout", "5", "--keepalive-timeout", "6", "--shutdown-timeout", "7", "--no-access-log",
        ]);

        Assert.Equal([IPEndPoint.Parse("127.0.0.1:9000"), IPEndPoint.Parse("[::1]:9001"), IPEndPoint.Parse("127.0.0.1:9002")], parsed.Options.Endpoints);
        Assert.Equal([("/api", "app.dll:App.Handlers.Api")], parsed.Mounts);
        Assert.Equal(8, parsed.Options.Pool.ThreadCount);
        Assert.Equal(4, parsed.Options.Pool.QueueLength);
        Assert.Equal(50, parsed.Options.MaxConcurrentConnections);
        Assert.Equal(1000, parsed.Options.MaxRequestBodySize);
        Assert.Equal(TimeSpan.FromSeconds(5), parsed.Options.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), parsed.Options.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), parsed.Options.ShutdownTimeout);
        Assert.False(parsed.AccessLog);
    }

    [Fact]
    public void NoOptions_MeansTheDefaults()
    {
        var parsed = HostArguments.Parse([]);

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 8080)], parsed.Options.Endpoints);
        Assert.Empty(parsed.Mounts);
        Assert.True(parsed.AccessLog);
        Assert.False(parsed.Help);
    }

    [Theory]
    [InlineData(new[] { "--bind" }, "--bind needs a value")]
    [InlineData(new[] { "--bind", "8080" }, "not ADDRESS:PORT")]
    [InlineData(new[] { "--bind", "example.com:80" }, "not ADDRESS:PORT")]
    [InlineData(new[] { "--threads", "0" }, "--threads must be a whole number from 1")]
    [InlineData(new[] { "--queue", "lots" }, "not 'lots'")]
    [InlineData(new[] { "--mount", "api=app.dll:A.B.C" }, "PREFIX starts with /")]
    [InlineData(new[] { "--mount", "/api" }, "not PREFIX=ASSEMBLY.dll")]
    [InlineData(new[] { "--frobnicate" }, "Unknown option '--frobnicate'")]
    public void BadArguments_AreRefusedWithAMessageThatSaysWhich(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => HostArguments.Parse(args));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
