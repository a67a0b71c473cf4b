using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Server.Host.Tests;

/// <summary>
/// A team's library as <c>dotnet build</c> leaves it, with a NuGet dependency, mounted by the real compat-server:
/// two builds side by side (before and after a migration), and a dependency that cannot be found reported at startup.
/// </summary>
public sealed class MountedBuildTests : IDisposable
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Text;
        using Compat.Gateway;
        using Newtonsoft.Json;

        namespace Shop;

        public static class Handlers
        {
            public static IEnumerable<byte[]> Price(Environ environ, StartResponse startResponse)
            {
                startResponse("200 OK", [new("Content-Type", "application/json")]);
                yield return Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(new { build = "BUILD", tea = 2.5m }));
            }
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("compat-mounted-build-").FullName;

    [Fact]
    public async Task TwoBuildsOfOneLibrary_WithANuGetDependency_AreServedSideBySide()
    {
        var before = await BuildAsync("before");
        var after = await BuildAsync("after");

        using var server = CompatServerProcess.Start($"--bind 127.0.0.1:0 --mount /before={before}:Shop.Handlers.Price --mount /after={after}:Shop.Handlers.Price");
        var address = await server.BaseAddressAsync();

        Assert.Equal("""{"build":"before","tea":2.5}""", await Curl.RunAsync($"{address}/before"));
        Assert.Equal("""{"build":"after","tea":2.5}""", await Curl.RunAsync($"{address}/after"));
        Assert.DoesNotContain("fail", server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADependencyThatIsNowhere_IsReportedAtStartup_NamingIt()
    {
        var built = await BuildAsync("lonely");

        // The library copied without its deps.json: nothing says where Newtonsoft.Json is.
        var copy = Path.Combine(_directory, "copied");
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { "Shop.dll", "Compat.Gateway.dll" }) File.Copy(Path.Combine(Path.GetDirectoryName(built)!, file), Path.Combine(copy, file));
        using var server = CompatServerProcess.Start($"--bind 127.0.0.1:0 --mount /shop={Path.Combine(copy, "Shop.dll")}:Shop.Handlers.Price");

        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("Shop needs Newtonsoft.Json, Version=13.0.0.0", server.Errors, StringComparison.Ordinal);
        Assert.Contains("--mount", server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALibraryThatAlsoHasAspNetCoreCode_IsServed_WithAWarningAboutTheFrameworkItNeeds()
    {
        var built = await BuildAsync("hybrid", aspNetCore: true);

        using var server = CompatServerProcess.Start($"--bind 127.0.0.1:0 --mount /shop={built}:Shop.Handlers.Price");
        var address = await server.BaseAddressAsync();

        Assert.Equal("""{"build":"hybrid","tea":2.5}""", await Curl.RunAsync($"{address}/shop"));
        var warning = Assert.Single(server.Errors.Split('\n'), line => line.Contains("shared framework this host does not run on", StringComparison.Ordinal));
        Assert.Contains("Shop references Microsoft.AspNetCore.Http.Abstractions 10.0.0.0", warning, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // A class library referencing the contract (the assembly these tests run with) and Newtonsoft.Json, built with
    // `dotnet build`, which leaves the package in the NuGet folder rather than beside the library.
    private async Task<string> BuildAsync(string build, bool aspNetCore = false)
    {
        var project = Path.Combine(_directory, build);
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "Handlers.cs"), Source.Replace("BUILD", build, StringComparison.Ordinal));
        if (aspNetCore)
        {
            // ASP.NET Core code beside the handlers, as a team that also hosts them on Kestrel would have.
            await File.WriteAllTextAsync(Path.Combine(project, "Kestrel.cs"), "namespace Shop; public static class Kestrel { public static string Path(Microsoft.AspNetCore.Http.HttpContext context) => context.Request.Path; }");
        }

        await File.WriteAllTextAsync(Path.Combine(project, "Shop.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <AssemblyName>Shop</AssemblyName>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="Compat.Gateway" HintPath="{Path.Combine(AppContext.BaseDirectory, "Compat.Gateway.dll")}" />
                <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
                {(aspNetCore ? "<FrameworkReference Include=\"Microsoft.AspNetCore.App\" />" : string.Empty)}
              </ItemGroup>
            </Project>
            """);
        var output = Path.Combine(project, "out");
        var start = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "-o", output, "-nodeReuse:false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var dotnet = Process.Start(start)!;
        var log = dotnet.StandardOutput.ReadToEndAsync();
        var errors = dotnet.StandardError.ReadToEndAsync();
        await dotnet.WaitForExitAsync();
        Assert.True(dotnet.ExitCode == 0, $"dotnet build {build} failed: {await log}{await errors}");
        Assert.False(File.Exists(Path.Combine(output, "Newtonsoft.Json.dll")), "the build copied the package beside the library");
        return Path.Combine(output, "Shop.dll");
    }
}
