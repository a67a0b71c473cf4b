using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Compat.Conformance;
using Compat.Gateway;
using Compat.Testing;
using Xunit;

namespace Compat.Analyzers.Tests;

/// <summary>
/// The package as users get it: packed, referenced by samples/Compat.Samples.Legacy, run by `dotnet build`, and
/// applied by `dotnet format analyzers` and by `compat migrate`; the migrated handlers must send the bytes they sent
/// before.
/// </summary>
public sealed partial class PackageEndToEndTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compat-analyzers-e2e-").FullName;

    [Fact]
    public async Task ThePackage_WarnsInDotnetBuild_AndDotnetFormatAndCompatMigrate_MigrateTheHandlers_WithTheSameBytes()
    {
        // A version and a package cache of the test's own, so no earlier build of the package is reused.
        var version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var packages = Path.Combine(_directory, "packages");
        var cache = Path.Combine(_directory, "cache");
        await RunAsync("pack", Path.Combine(RepositoryPaths.Root, "analyzers", "Compat.Analyzers.Package"), "-c", "Release", "-o", packages, $"-p:Version={version}");

        var before = Path.Combine(_directory, "before") + "/";
        var output = await RunAsync("build", Path.Combine(RepositoryPaths.Root, "samples", "Compat.Samples.Legacy"), "-c", "Release",
            $"-p:CompatAnalyzersVersion={version}", $"-p:RestorePackagesPath={cache}", $"-p:RestoreAdditionalProjectSources={packages}", $"-p:OutDir={before}", "--no-incremental");
        Assert.Equal(["18", "28", "41", "42", "59"], Cmpt001Lines(output));

        // Copies outside the repository, which the two migration paths rewrite in place.
        var formatted = await MigrateCopyAsync("FormattedShop", packages, cache, version, copy => RunAsync("format", "analyzers", copy, "--diagnostics", "CMPT001", "--severity", "warn", "--no-restore"));
        var tool = Path.Combine(RepositoryPaths.Root, "codefixes", "Compat.Migrate", "bin", BuildConfiguration, "net10.0", "compat-migrate.dll");
        var migrated = await MigrateCopyAsync("MigratedShop", packages, cache, version, async copy =>
        {
            // Both rungs of the ladder: write() to iterators, then every handler ready for it to an AsyncApp.
            await RunAsync(tool, "migrate", Path.Combine(copy, "MigratedShop.csproj"));
            return await RunAsync(tool, "migrate", Path.Combine(copy, "MigratedShop.csproj"), "--rule", "CMPT002");
        });
        Assert.All(new[] { "Catalogue", "Basket", "Receipt", "Health" }, name => Assert.Equal(typeof(IAsyncEnumerable<ReadOnlyMemory<byte>>), migrated.GetMethod(name)!.ReturnType));

        var original = Assembly.LoadFrom(Path.Combine(before, "Compat.Samples.Legacy.dll")).GetType("Compat.Samples.Legacy.LegacyShop")!;
        foreach (var shop in new[] { formatted, migrated })
        {
            // The helper that took write was rewritten with its callers: it now returns its chunks.
            var line = shop.GetMethod("Line", BindingFlags.NonPublic | BindingFlags.Static)!;
            Assert.Equal(typeof(IEnumerable<byte[]>), line.ReturnType);
            Assert.Equal(["item", "price"], line.GetParameters().Select(p => p.Name));
            foreach (var (handler, target) in new[] { ("Catalogue", "/"), ("Basket", "/"), ("Basket", "/?tea=2"), ("Receipt", "/"), ("Health", "/") })
            {
                var expected = await SendAsync(original, handler, target);
                var actual = await SendAsync(shop, handler, target);
                Assert.Equal(expected.Status, actual.Status);
                Assert.Equal(expected.Headers.Where(h => h.Key != "Date"), actual.Headers.Where(h => h.Key != "Date"));
                Assert.Equal(expected.Body, actual.Body);
                Assert.NotEmpty(actual.Body);
            }
        }
    }

    // The configuration this test was built in, which the solution built the migrate tool in too.
    private static string BuildConfiguration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    // Copies the sample into a project of its own that references the package, migrates it, checks the build is
    // clean of CMPT001 and the handlers are iterators, and loads the migrated LegacyShop type.
    private async Task<Type> MigrateCopyAsync(string name, string packages, string cache, string version, Func<string, Task<string>> migrate)
    {
        var copy = Path.Combine(_directory, name);
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(RepositoryPaths.Root, "samples", "Compat.Samples.Legacy", "LegacyShop.cs"), Path.Combine(copy, "LegacyShop.cs"));
        await File.WriteAllTextAsync(Path.Combine(copy, $"{name}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{cache}</RestorePackagesPath>
                <RestoreAdditionalProjectSources>{packages}</RestoreAdditionalProjectSources>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(RepositoryPaths.Root, "adapters", "Compat.Gateway", "Compat.Gateway.csproj")}" />
                <PackageReference Include="Compat.Analyzers" Version="{version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        await RunAsync("restore", copy);
        await migrate(copy);
        var output = Path.Combine(_directory, $"{name}-bin") + "/";
        var buildOutput = await RunAsync("build", copy, "-c", "Release", $"-p:OutDir={output}", "--no-incremental");

        Assert.Empty(Cmpt001Lines(buildOutput));
        var source = await File.ReadAllTextAsync(Path.Combine(copy, "LegacyShop.cs"));
        Assert.DoesNotContain("write(", source, StringComparison.Ordinal);
        Assert.Contains("yield return", source, StringComparison.Ordinal);
        return Assembly.LoadFrom(Path.Combine(output, $"{name}.dll")).GetType("Compat.Samples.Legacy.LegacyShop")!;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<TestResponse> SendAsync(Type shop, string handler, string target)
    {
        var method = shop.GetMethod(handler)!;
        await using var host = method.ReturnType == typeof(IEnumerable<byte[]>)
            ? new GatewayTestHost(method.CreateDelegate<SyncApp>())
            : new GatewayTestHost(method.CreateDelegate<AsyncApp>());
        return await host.GetAsync(target);
    }

    private static string[] Cmpt001Lines(string buildOutput) =>
        [.. Cmpt001().Matches(buildOutput).Select(m => m.Groups["line"].Value).Distinct().Order()];

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
