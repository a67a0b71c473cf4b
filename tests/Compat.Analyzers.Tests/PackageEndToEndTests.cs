using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Compat.Conformance;
using Xunit;

namespace Compat.Analyzers.Tests;

/// <summary>The package as users get it: packed, referenced by samples/Compat.Samples.Legacy, and run by `dotnet build`.</summary>
public sealed partial class PackageEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compat-analyzers-e2e-").FullName;

    [Fact]
    public async Task AProjectReferencingThePackage_GetsCMPT001WarningsFromDotnetBuild()
    {
        // A version of its own, and a package cache of its own, so no earlier build of the package is reused.
        var version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var packages = Path.Combine(_directory, "packages");
        await RunAsync("pack", Path.Combine(RepositoryPaths.Root, "analyzers", "Compat.Analyzers.Package"), "-c", "Release", "-o", packages, $"-p:Version={version}");

        var output = await RunAsync("build", Path.Combine(RepositoryPaths.Root, "samples", "Compat.Samples.Legacy"), "-c", "Release",
            $"-p:CompatAnalyzersVersion={version}", $"-p:RestorePackagesPath={Path.Combine(_directory, "cache")}",
            $"-p:RestoreAdditionalProjectSources={packages}", "-p:OutDir=" + Path.Combine(_directory, "out") + "/", "--no-incremental");

        var warnings = Cmpt001().Matches(output).Select(m => m.Groups["line"].Value).Distinct().Order().ToArray();
        Assert.Equal(["18", "28"], warnings);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed: {output}{await errors}");
        return output;
    }

    [GeneratedRegex(@"LegacyShop\.cs\((?<line>\d+),\d+\): warning CMPT001")]
    private static partial Regex Cmpt001();
}
