using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Compat.Server.Host.Tests;

/// <summary>Runs curl (installed by scripts/install-test-deps.sh) and returns what it printed.</summary>
internal static class Curl
{
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--silent");
        start.ArgumentList.Add("--show-error");
        start.ArgumentList.Add("--max-time");
        start.ArgumentList.Add("30");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var curl = Process.Start(start) ?? throw new InvalidOperationException("curl did not start");
        var output = curl.StandardOutput.ReadToEndAsync();
        var errors = curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        if (curl.ExitCode != 0) throw new InvalidOperationException($"curl {string.Join(' ', arguments)} exited {curl.ExitCode}: {await errors}");
        return await output;
    }
}
