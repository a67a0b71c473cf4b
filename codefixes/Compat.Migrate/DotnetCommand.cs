using System.Diagnostics;
using System.Threading.Tasks;

namespace Compat.Migrate;

/// <summary>Runs the SDK's <c>dotnet</c> with arguments and collects what it said.</summary>
internal static class DotnetCommand
{
    /// <summary>Runs <c>dotnet ARGS</c> to its end.</summary>
    /// <param name="workingDirectory">Where it runs; null for the current folder.</param>
    /// <param name="args">The arguments.</param>
    /// <returns>The exit code, standard output and standard error.</returns>
    public static async Task<(int Exit, string Output, string Errors)> RunAsync(string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var said = process.StandardOutput.ReadToEndAsync();
        var failed = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, await said.ConfigureAwait(false), await failed.ConfigureAwait(false));
    }
}
