using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Compat.Migrate.Tests;

/// <summary>Runs the tool as users do, <c>dotnet compat-migrate.dll ...</c>, or any dotnet command, in a process.</summary>
internal static class ToolProcess
{
    public static Task<(int Exit, string Output, string Errors)> RunToolAsync(string directory, params string[] args) =>
        RunDotnetAsync(directory, [Path.Combine(AppContext.BaseDirectory, "compat-migrate.dll"), .. args]);

    public static async Task<(int Exit, string Output, string Errors)> RunDotnetAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, (await output).Replace("\r\n", "\n", StringComparison.Ordinal), await errors);
    }
}
