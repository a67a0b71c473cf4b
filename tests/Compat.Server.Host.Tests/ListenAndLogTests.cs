using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Server.Host.Tests;

/// <summary>compat-server as an nginx upstream and under a log shipper: Unix sockets, COMPAT_ variables, JSON logs.</summary>
public sealed class ListenAndLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compat-listen-").FullName;

    [Fact]
    public async Task AUnixSocketFromTheEnvironment_ServesCurl_ReplacesAStaleFile_AndIsRemovedOnExit_WithJsonLogs()
    {
        var socket = Path.Combine(_directory, "compat.sock");

        // What a crashed server leaves: the socket file, with no one listening. (.NET removes the file of a socket it
        // closes, so the file is moved away first, as a process killed with SIGKILL would leave it.)
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(socket + ".old"));
            File.Move(socket + ".old", socket);
        }

        Assert.True(File.Exists(socket));
        using var server = CompatServerProcess.Start(string.Empty, new Dictionary<string, string>
        {
            ["COMPAT_BIND"] = $"unix:{socket}",
            ["COMPAT_LOG_FORMAT"] = "json",
            ["COMPAT_THREADS"] = "2",
        });
        Assert.Equal($"unix:{socket}", await server.BaseAddressAsync());

        var legacy = await Curl.RunAsync("--unix-socket", socket, "http://compat.test/legacy");
        var environ = await Curl.RunAsync("--unix-socket", socket, "http://compat.test:8081/environ");

        Assert.StartsWith("line 1: hello from /legacy", legacy, StringComparison.Ordinal);
        var keys = environ.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("compat.test", keys["SERVER_NAME"]);
        Assert.Equal("8081", keys["SERVER_PORT"]);
        Assert.Equal(string.Empty, keys["REMOTE_ADDR"]);

        await StopAsync(server);
        Assert.False(File.Exists(socket), "the socket file outlived the server");

        // Every stdout line is one JSON entry; the access log names the request.
        var entries = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "Compat.Server.AccessLog"
            && e.GetProperty("Message").GetString()!.Contains("\"GET /legacy HTTP/1.1\" 200", StringComparison.Ordinal)
            && e.GetProperty("LogLevel").GetString() == "Information");
        Assert.All(entries, e => Assert.True(e.TryGetProperty("Timestamp", out _)));
    }

    [Fact]
    public async Task ASocketPathThatIsAFile_IsNotReplaced_AndTheServerSaysWhy()
    {
        var file = Path.Combine(_directory, "data.txt");
        await File.WriteAllTextAsync(file, "keep me");

        using var server = CompatServerProcess.Start($"--bind unix:{file}");

        Assert.Equal(1, await server.WaitForExitAsync());
        Assert.Contains("exists and is not a socket", server.Errors, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task ARecordingDirectoryThatCannotBeMade_StopsTheServerAtStart_NamingTheOption()
    {
        using var server = CompatServerProcess.Start("--bind 127.0.0.1:0 --record /proc/compat-recording");

        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("compat-server: --record /proc/compat-recording: cannot record there: ", server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandLine_WinsOverTheEnvironment_AndABadVariableIsNamed()
    {
        using var bad = CompatServerProcess.Start("--bind 127.0.0.1:0", new Dictionary<string, string> { ["COMPAT_THREADS"] = "many" });
        Assert.Equal(2, await bad.WaitForExitAsync());
        Assert.Contains("COMPAT_THREADS must be a whole number from 1 to 4096, not 'many'", bad.Errors, StringComparison.Ordinal);

        using var server = CompatServerProcess.Start("--bind 127.0.0.1:0 --log-level warning", new Dictionary<string, string> { ["COMPAT_BIND"] = "127.0.0.1:1" });
        var exited = server.WaitForExitAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(exited.IsCompleted, $"compat-server exited: {server.Errors}");

        // --log-level warning hides the server's news; the access log has its own switch.
        Assert.DoesNotContain("listening on", server.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task StopAsync(CompatServerProcess server)
    {
        using (var kill = System.Diagnostics.Process.Start("kill", $"-TERM {server.Process.Id}"))
        {
            await kill.WaitForExitAsync();
        }

        Assert.Equal(0, await server.WaitForExitAsync());
    }
}
