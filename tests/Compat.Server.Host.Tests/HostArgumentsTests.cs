using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
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

        IPEndPoint[] localhost = Socket.OSSupportsIPv6 ? [IPEndPoint.Parse("127.0.0.1:9002"), IPEndPoint.Parse("[::1]:9002")] : [IPEndPoint.Parse("127.0.0.1:9002")];
        Assert.Equal([IPEndPoint.Parse("127.0.0.1:9000"), IPEndPoint.Parse("[::1]:9001"), .. localhost], parsed.Options.Endpoints);
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
    public void RecordOptions_MakeTheServersRecordingSettings_FromTheCallersDirectory()
    {
        var parsed = HostArguments.Parse(
            ["--record", "requests", "--record-sample", "0.01", "--record-max-body", "100", "--record-max-bytes", "5000", "--record-redact", "X-Api-Key, X-Token"],
            new Dictionary<string, string> { ["COMPAT_CALLER_DIRECTORY"] = "/srv/shop" });

        var recording = parsed.Options.Recording!;
        Assert.Equal("/srv/shop/requests", recording.Directory);
        Assert.Equal(0.01, recording.SampleRate);
        Assert.Equal(100, recording.MaxRequestBytes);
        Assert.Equal(5000, recording.MaxBytes);
        Assert.Equal(["X-Api-Key", "X-Token"], recording.RedactHeaders);
        Assert.Null(HostArguments.Parse([]).Options.Recording);
    }

    [Fact]
    public void TheMinimumDataRates_TakeBytesASecond_AndZeroTurnsThemOff()
    {
        var parsed = HostArguments.Parse(["--min-response-rate", "1000", "--min-body-rate", "0"]);
        Assert.Equal(1000, parsed.Options.MinResponseDataRate);
        Assert.Null(parsed.Options.MinRequestBodyDataRate);

        var off = HostArguments.Parse([], new Dictionary<string, string> { ["COMPAT_MIN_RESPONSE_RATE"] = "0" });
        Assert.Null(off.Options.MinResponseDataRate);
        Assert.Equal(ServerOptions.DefaultMinResponseDataRate, HostArguments.Parse([]).Options.MinResponseDataRate);

        var error = Assert.Throws<UsageException>(() => HostArguments.Parse(["--min-response-rate", "fast"]));
        Assert.Equal("--min-response-rate must be a whole number from 0 to 1000000000, not 'fast'.", error.Message);
    }

    [Fact]
    public void MaxHeldThreads_SetsThePoolsLimit_AndMayNotExceedItsThreads()
    {
        Assert.Equal(3, HostArguments.Parse(["--threads", "8", "--max-held-threads", "3"]).Options.Pool.HeldThreadLimit);
        Assert.Equal(16, HostArguments.Parse([]).Options.Pool.HeldThreadLimit);

        var error = Assert.Throws<UsageException>(() => HostArguments.Parse(["--threads", "4"], new Dictionary<string, string> { ["COMPAT_MAX_HELD_THREADS"] = "5" }));
        Assert.Equal("COMPAT_MAX_HELD_THREADS must be at most the pool's 4 threads (--threads), not 5.", error.Message);
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

    [Fact]
    public void TheEnvironment_SetsEveryOption_AndTheCommandLineWins()
    {
        var parsed = HostArguments.Parse(["--threads", "9", "--bind", "127.0.0.1:7000"], new Dictionary<string, string>
        {
            ["COMPAT_THREADS"] = "3",
            ["COMPAT_QUEUE"] = "5",
            ["COMPAT_BIND"] = "127.0.0.1:1;unix:/run/x.sock",
            ["COMPAT_MOUNT"] = "/a=a.dll:A.B.C; /b=b.dll:B.C.D",
            ["COMPAT_NO_ACCESS_LOG"] = "true",
            ["COMPAT_LOG_LEVEL"] = "Warning",
            ["COMPAT_LOG_FORMAT"] = "json",
            ["COMPAT_CALLER_DIRECTORY"] = "/somewhere",
            ["PATH"] = "/bin",
        });

        Assert.Equal(9, parsed.Options.Pool.ThreadCount);
        Assert.Equal(5, parsed.Options.Pool.QueueLength);
        Assert.Equal([IPEndPoint.Parse("127.0.0.1:7000")], parsed.Options.Endpoints);
        Assert.Empty(parsed.Options.UnixSockets);
        Assert.Equal([("/a", "a.dll:A.B.C"), ("/b", "b.dll:B.C.D")], parsed.Mounts);
        Assert.False(parsed.AccessLog);
        Assert.Equal(LogLevel.Warning, parsed.LogLevel);
        Assert.True(parsed.JsonLogs);
        Assert.Equal("/somewhere", parsed.BaseDirectory);
    }

    [Fact]
    public void UnixBinds_AreFullPathsFromTheCallersDirectory()
    {
        var parsed = HostArguments.Parse(["--bind", "unix:run/compat.sock", "--bind", "unix:/tmp/b.sock"], new Dictionary<string, string> { ["COMPAT_CALLER_DIRECTORY"] = "/home/me" });

        Assert.Equal(["/home/me/run/compat.sock", "/tmp/b.sock"], parsed.Options.UnixSockets);
        Assert.Empty(parsed.Options.Endpoints);
    }

    [Fact]
    public void TheLogLevel_FiltersTheServersEntries_ButNotTheAccessLog()
    {
        using var quiet = HostLogging.Create(HostArguments.Parse(["--log-level", "warning"]));
        using var silent = HostLogging.Create(HostArguments.Parse(["--no-access-log"]));

        Assert.False(quiet.CreateLogger("Compat.Server").IsEnabled(LogLevel.Information));
        Assert.True(quiet.CreateLogger("Compat.Server").IsEnabled(LogLevel.Warning));
        Assert.True(quiet.CreateLogger(CompatServer.AccessLogCategory).IsEnabled(LogLevel.Information));
        Assert.False(silent.CreateLogger(CompatServer.AccessLogCategory).IsEnabled(LogLevel.Information));
        Assert.True(silent.CreateLogger("Compat.Server").IsEnabled(LogLevel.Information));
    }

    [Theory]
    [InlineData("COMPAT_THREAD", "3", "COMPAT_THREAD is not a compat-server option")]
    [InlineData("COMPAT_MAX_BODY", "big", "COMPAT_MAX_BODY must be a whole number")]
    [InlineData("COMPAT_NO_ACCESS_LOG", "maybe", "COMPAT_NO_ACCESS_LOG must be true or false, not 'maybe'")]
    [InlineData("COMPAT_BIND", "nowhere", "COMPAT_BIND 'nowhere' is not ADDRESS:PORT or unix:PATH")]
    [InlineData("COMPAT_HELP", "1", "COMPAT_HELP is not a compat-server option")]
    public void BadVariables_AreRefusedByName(string variable, string value, string message)
    {
        var error = Assert.Throws<UsageException>(() => HostArguments.Parse([], new Dictionary<string, string> { [variable] = value }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--log-level", "loud" }, "--log-level must be trace, debug")]
    [InlineData(new[] { "--log-level", "2" }, "not '2'")]
    [InlineData(new[] { "--log-format", "xml" }, "--log-format must be text or json")]
    [InlineData(new[] { "--bind", "unix:" }, "is not unix:PATH")]
    [InlineData(new[] { "--bind" }, "--bind needs a value")]
    [InlineData(new[] { "--bind", "8080" }, "not ADDRESS:PORT")]
    [InlineData(new[] { "--bind", "example.com:80" }, "not ADDRESS:PORT")]
    [InlineData(new[] { "--threads", "0" }, "--threads must be a whole number from 1")]
    [InlineData(new[] { "--queue", "lots" }, "not 'lots'")]
    [InlineData(new[] { "--mount", "api=app.dll:A.B.C" }, "PREFIX starts with /")]
    [InlineData(new[] { "--mount", "/api" }, "not PREFIX=ASSEMBLY.dll")]
    [InlineData(new[] { "--frobnicate" }, "Unknown option '--frobnicate'")]
    [InlineData(new[] { "--record-sample", "0.5" }, "--record-sample needs --record DIR too.")]
    [InlineData(new[] { "--record", "r", "--record-sample", "2" }, "--record-sample must be a fraction from 0 to 1 (0.01 records one request in a hundred), not '2'.")]
    [InlineData(new[] { "--record", "r", "--record-redact", "X Key" }, "--record-redact 'X Key': give header names separated by commas")]
    [InlineData(new[] { "--record", "r", "--record-max-bytes", "0" }, "--record-max-bytes must be a whole number from 1")]
    public void BadArguments_AreRefusedWithAMessageThatSaysWhich(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() => HostArguments.Parse(args));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
