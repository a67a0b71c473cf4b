using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Compat.EndToEnd.Tests;

/// <summary>Runs a command as a user's shell would, with the environment the test gives it.</summary>
internal static class ProcessRunner
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public static async Task<(int Exit, string Output, string Errors)> RunAsync(string directory, IReadOnlyDictionary<string, string>? environment, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(Patience);
        await process.WaitForExitAsync().WaitAsync(Patience);
        return (process.ExitCode, output, await errors);
    }
}
