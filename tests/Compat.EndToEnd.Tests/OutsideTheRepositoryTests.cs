using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Compat.Conformance;
using Xunit;

namespace Compat.EndToEnd.Tests;

/// <summary>
/// README's "Use Compat from your own solution", run as written in a home folder of its own outside this
/// repository: scripts/pack.sh, then the section's commands on a fresh class library whose handler calls write():
/// package source, PackageReferences, build warnings, both tools installed, publish, then the workflow: serve with
/// --record, curl, stop; migrate --verify on that recording; publish, serve, curl.
/// </summary>
public sealed partial class OutsideTheRepositoryTests : IDisposable
{
    private const string Section = "## Use Compat from your own solution";

    private const string Handlers = """
        using System.Collections.Generic;
        using System.Text;
        using Compat.Gateway;

        namespace Shop;

        public static class Handlers
        {
            public static IEnumerable<byte[]> Hello(Environ environ, StartResponse startResponse)
            {
                var write = startResponse("200 OK", [new("Content-Type", "text/plain")]);
                write(Encoding.UTF8.GetBytes("tea: 2\n"));
                write(Encoding.UTF8.GetBytes($"mounted at {environ.ScriptName}\n"));
                return [];
            }
        }
        """;

    private readonly string _home = Directory.CreateTempSubdirectory("compat-outside-").FullName;

    [Fact]
    public async Task TheReadmesCommands_PackInstallBuildMigrateAndServe_AFreshProject()
    {
        Assert.False(_home.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal));
        var packages = Path.Combine(_home, "compat-packages");
        var version = (await RunAsync(RepositoryPaths.Root, null, Path.Combine(RepositoryPaths.Root, "scripts", "pack.sh"), packages)).Trim().Split('\n')[^1];
        Assert.Matches(@"^\d+\.\d+\.\d+-dev\.\d{14}$", version);

        // Every package the script made is in README's table, by its id.
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = readme[readme.IndexOf(Section, StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", Section.Length, StringComparison.Ordinal)];
        var ids = Directory.GetFiles(packages, $"*.{version}.nupkg").Select(f => Path.GetFileName(f)[..^$".{version}.nupkg".Length]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Compat.Adapters", "Compat.Analyzers", "Compat.AspNetCore", "Compat.Gateway", "Compat.Hosting", "Compat.Migrate", "Compat.Server", "Compat.Testing", "compat-server"], ids);
        Assert.All(ids, id => Assert.Contains($"`{id}`", section, StringComparison.Ordinal));

        // A team's library, as `dotnet new` makes it, with a handler that still calls write().
        var project = Path.Combine(_home, "src", "Shop");
        await RunAsync(_home, Home(), "dotnet", "new", "classlib", "--name", "Shop", "--output", project);
        File.Delete(Path.Combine(project, "Class1.cs"));
        await File.WriteAllTextAsync(Path.Combine(project, "Handlers.cs"), Handlers);

        // The section's second block, as written, but on a free port; the server it starts stops (SIGTERM) with the shell.
        var port = FreePort();
        var script = BashBlocks(section)[1].Replace("127.0.0.1:8080", $"127.0.0.1:{port}", StringComparison.Ordinal);
        var output = await RunAsync(_home, Home(), "bash", "-c", $"set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null; wait || true' EXIT\n{script}");

        Assert.Matches(@"Handlers\.cs\(\d+,\d+\): warning CMPT001", output);
        Assert.Single(File.ReadAllLines(Path.Combine(project, "requests", "Shop.Handlers.Hello.jsonl")));
        Assert.Contains("handlers migrated: 1\n    Handlers.cs(9,5): Hello\n    (each answered every one of its requests in ", output, StringComparison.Ordinal);
        Assert.EndsWith("\ntea: 2\nmounted at /shop\n", output, StringComparison.Ordinal);
        Assert.Contains("\"GET /shop HTTP/1.1\" 200", await File.ReadAllTextAsync(Path.Combine(project, "server.log")), StringComparison.Ordinal);
        var migrated = await File.ReadAllTextAsync(Path.Combine(project, "Handlers.cs"));
        Assert.DoesNotContain("write(", migrated, StringComparison.Ordinal);
        Assert.Contains("yield return", migrated, StringComparison.Ordinal);

        // The installed tools are the packed version.
        Assert.Contains(version, await RunAsync(project, Home(), Path.Combine(project, ".tools", "compat-server"), "--version"), StringComparison.Ordinal);
        Assert.Contains(version, await RunAsync(project, Home(), Path.Combine(project, ".tools", "compat"), "--version"), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    // A home of the test's own: `~` in README's commands, and a NuGet cache with nothing from earlier runs.
    private Dictionary<string, string> Home() => new()
    {
        ["HOME"] = _home,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["NUGET_PACKAGES"] = Path.Combine(_home, ".nuget", "packages"),
    };

    private static List<string> BashBlocks(string markdown) => [.. BashBlock().Matches(markdown).Select(m => m.Groups["body"].Value)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> RunAsync(string directory, Dictionary<string, string>? environment, string command, params string[] arguments)
    {
        var (exit, output, errors) = await ProcessRunner.RunAsync(directory, environment, command, arguments);
        Assert.True(exit == 0, $"{command} {string.Join(' ', arguments)} exited {exit}:\n{output}\n{errors}");
        return output;
    }

    [GeneratedRegex(@"```bash\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
