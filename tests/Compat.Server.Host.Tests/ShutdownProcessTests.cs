using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Server.Host.Tests;

/// <summary>
/// compat-server as a process manager stops it: SIGTERM with a handler that ignores cancellation, and SIGTERM twice.
/// The handler is this assembly's <see cref="StubbornHandlers"/>, mounted by path as a user mounts theirs.
/// </summary>
public sealed class ShutdownProcessTests
{
    private static readonly string Mount = $"/stubborn={typeof(StubbornHandlers).Assembly.Location}:{typeof(StubbornHandlers).FullName}.{nameof(StubbornHandlers.Sleep)}";

    [Fact]
    public async Task SigtermWithAHandlerThatIgnoresCancellation_ExitsAfterTheTimeout_WithCode1_NamingTheMount()
    {
        using var server = CompatServerProcess.Start($"--bind 127.0.0.1:0 --no-access-log --shutdown-timeout 1 --mount {Mount}");
        var address = await server.BaseAddressAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var inFlight = client.GetAsync($"{address}/stubborn");
        await HandlerStartedAsync(server);

        var clock = Stopwatch.StartNew();
        await SignalAsync(server, "TERM");
        var exit = await server.WaitForExitAsync();

        Assert.Equal(1, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"exited {clock.Elapsed} after SIGTERM");
        Assert.Contains("handlers still running: /stubborn (1)", server.Errors, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => inFlight);
    }

    [Fact]
    public async Task ASecondSignal_ExitsAtOnce()
    {
        using var server = CompatServerProcess.Start($"--bind 127.0.0.1:0 --no-access-log --shutdown-timeout 600 --mount {Mount}");
        var address = await server.BaseAddressAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var inFlight = client.GetAsync($"{address}/stubborn");
        await HandlerStartedAsync(server);

        await SignalAsync(server, "TERM");
        await Task.Delay(500);
        var clock = Stopwatch.StartNew();

        // SIGTERM again, not SIGINT: a process started in the background by a non-interactive shell (a CI step, a
        // script) inherits SIGINT ignored, and so does the server this test starts.
        await SignalAsync(server, "TERM");
        var exit = await server.WaitForExitAsync();

        Assert.Equal(1, exit);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"exited {clock.Elapsed} after the second signal");
        Assert.Contains("again: exiting without waiting", server.Errors, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => inFlight);
    }

    // Signalled before the handler runs, the server would have nothing to wait for.
    private static async Task HandlerStartedAsync(CompatServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        while (!server.Errors.Contains(StubbornHandlers.Started, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the handler did not start: {server.Errors}");
            await Task.Delay(20);
        }
    }

    // As a process manager sends it: .NET's Process.Kill sends SIGKILL.
    private static async Task SignalAsync(CompatServerProcess server, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {server.Process.Id}");
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
