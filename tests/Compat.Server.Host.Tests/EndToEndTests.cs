using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Compat.Samples;
using Xunit;

namespace Compat.Server.Host.Tests;

/// <summary>The README's run command as a user meets it: the real process, curl, and SIGTERM.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task WithNoMount_EverySampleAnswersCurl_AndSigtermStopsGracefully()
    {
        using var server = CompatServerProcess.Start("--bind 127.0.0.1:0");
        var address = await server.BaseAddressAsync();
        var upload = Path.GetTempFileName();
        await File.WriteAllBytesAsync(upload, RandomNumberGenerator.GetBytes(2_000_000));
        try
        {
            var index = await Curl.RunAsync($"{address}/");
            var legacy = await Curl.RunAsync($"{address}/legacy");
            var migrated = await Curl.RunAsync($"{address}/migrated");
            var async = await Curl.RunAsync($"{address}/async");
            var download = await Curl.RunAsync("--output", "/dev/null", "--write-out", "%{http_code} %{size_download}", $"{address}/download?mib=16");
            var checksum = await Curl.RunAsync("--data-binary", $"@{upload}", $"{address}/upload");
            var chunked = await Curl.RunAsync("--upload-file", upload, "--header", "Transfer-Encoding: chunked", $"{address}/upload");
            var head = await Curl.RunAsync("--head", $"{address}/legacy");

            foreach (var link in new[] { "/legacy", "/migrated", "/async", "/download", "/upload" }) Assert.Contains(link, index, StringComparison.Ordinal);
            Assert.Equal(legacy.Replace("/legacy", "/x", StringComparison.Ordinal), migrated.Replace("/migrated", "/x", StringComparison.Ordinal));
            Assert.Equal(legacy.Replace("/legacy", "/x", StringComparison.Ordinal), async.Replace("/async", "/x", StringComparison.Ordinal));
            Assert.Equal("200 16777216", download);
            var expected = $"2000000 bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(upload)))}\n";
            Assert.Equal(expected, checksum);
            Assert.Equal(expected, chunked);
            Assert.StartsWith("HTTP/1.1 200 OK", head, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(upload);
        }

        // SIGTERM, as a process manager sends it (.NET's Process.Kill sends SIGKILL).
        using (var kill = System.Diagnostics.Process.Start("kill", $"-TERM {server.Process.Id}"))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Contains("stopped", server.Output, StringComparison.Ordinal);
        Assert.Contains("\"GET /legacy HTTP/1.1\" 200", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MountedHandlers_OfBothStyles_AreServedWhereTheyAreMounted()
    {
        var samples = typeof(LegacyHandlers).Assembly.Location;
        using var server = CompatServerProcess.Start($"--bind 127.0.0.1:0 --no-access-log --mount /old={samples}:Compat.Samples.LegacyHandlers.Hello --mount /new={samples}:Compat.Samples.AsyncHandlers.Hello");
        var address = await server.BaseAddressAsync();

        Assert.StartsWith("line 1: hello from /old/x", await Curl.RunAsync($"{address}/old/x"), StringComparison.Ordinal);
        Assert.StartsWith("line 1: hello from /new", await Curl.RunAsync($"{address}/new"), StringComparison.Ordinal);
        Assert.Equal("404", await Curl.RunAsync("--output", "/dev/null", "--write-out", "%{http_code}", $"{address}/legacy"));
    }

    [Theory]
    [InlineData("--mount /x=missing.dll:A.B.C", "does not exist")]
    [InlineData("--mount /x={samples}:Compat.Samples.LegacyHandlers.Hello --mount /x/={samples}:Compat.Samples.LegacyHandlers.Hello", "--mount /x/=")]
    [InlineData("--threads none", "--threads must be a whole number")]
    [InlineData("--bind 999.1.1.1:80", "not ADDRESS:PORT")]
    public async Task ABadCommandLine_ExitsWith2AndSaysWhy(string arguments, string message)
    {
        using var server = CompatServerProcess.Start(arguments.Replace("{samples}", typeof(Compat.Samples.LegacyHandlers).Assembly.Location, StringComparison.Ordinal));

        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains(message, server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APortInUse_ExitsWith1AndSaysWhere()
    {
        using var first = CompatServerProcess.Start("--bind 127.0.0.1:0");
        var taken = new Uri(await first.BaseAddressAsync()).Port;
        using var second = CompatServerProcess.Start($"--bind 127.0.0.1:{taken}");

        Assert.Equal(1, await second.WaitForExitAsync());
        Assert.Contains($"cannot listen on 127.0.0.1:{taken}", second.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        using var server = CompatServerProcess.Start("--version");

        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Matches(@"^compat-server \d+\.\d+\.\d+", server.Output);
    }

    [Fact]
    public async Task Help_PrintsTheOptions()
    {
        using var server = CompatServerProcess.Start("--help");

        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Contains("--mount PREFIX=SPEC", server.Output, StringComparison.Ordinal);
    }
}
