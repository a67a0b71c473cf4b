using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Compat.Conformance;
using Compat.Gateway;
using Compat.Hosting.Recording;
using Xunit;

namespace Compat.EndToEnd.Tests;

/// <summary>
/// The workflow of issue #17 on the samples: compat-server records their traffic under load, compat migrate --verify
/// rewrites the legacy handlers it proves identical on it, compat verify confirms the written result, and catches a
/// handler changed on purpose at the byte where it changed.
/// </summary>
public sealed partial class RecordMigrateVerifyTests : IDisposable
{
    private const int Clients = 8;
    private const int RequestsPerClient = 40;

    private readonly string _home = Directory.CreateTempSubdirectory("compat-workflow-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task TheSamplesLegacyHandlers_RecordedUnderLoad_AreMigratedWithVerify_AndAChangeIsCaughtAtItsByte()
    {
        var requests = Path.Combine(_home, "requests");
        var sent = await RecordUnderLoadAsync(requests);

        // Every request the clients sent to a handler is in the recording, once, readable.
        var recording = RecordingDirectory.Read(requests);
        Assert.Empty(recording.Problems);
        foreach (var (handler, count) in sent)
        {
            Assert.Equal(count, recording.Requests.Count(r => r.Request.Handler == handler));
        }

        var before = Library("before");
        var after = Library("after");
        Assert.Equal(0, (await Dotnet(before, "build", "-nologo", "-v", "quiet")).Exit);

        // Migrate with --verify: the two legacy handlers the load exercised are proven and written; the two it did not
        // reach (the WebSocket echo and the line protocol) stay as they were.
        var migrate = await Tool(after, "compat-migrate.dll", "migrate", Path.Combine(after, "Samples.csproj"), "--verify", requests);
        Assert.True(migrate.Exit == 0, migrate.Output + migrate.Errors);
        Assert.Contains("handlers migrated: 2\n    LegacyHandlers.cs(13,5): Hello\n    LegacyHandlers.cs(28,5): UploadChecksum\n", migrate.Output, StringComparison.Ordinal);
        Assert.Contains("ExtensionHandlers.cs(41,5): LegacyEcho: did not verify: the recording has no request for it; left as it was", migrate.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("write(", Member(await File.ReadAllTextAsync(Path.Combine(after, "LegacyHandlers.cs")), "Hello"), StringComparison.Ordinal);

        // The written result, built as the user will build it, answers every recorded request as before.
        Assert.Equal(0, (await Dotnet(after, "build", "-nologo", "-v", "quiet")).Exit);
        var verify = await Tool(_home, "compat-migrate.dll", "verify", "--before", Assembly(before), "--after", Assembly(after), "--requests", requests);
        Assert.True(verify.Exit == 0, verify.Output + verify.Errors);
        foreach (var (handler, count) in sent)
        {
            Assert.Contains($"{handler}: identical\n  replayed {count}, identical {count}, different 0, not verifiable 0", verify.Output, StringComparison.Ordinal);
        }

        // A handler changed on purpose (its fourth line says 5) is caught at the first byte that changed.
        var changed = Library("changed");
        File.Copy(Path.Combine(after, "LegacyHandlers.cs"), Path.Combine(changed, "LegacyHandlers.cs"), overwrite: true);
        var source = await File.ReadAllTextAsync(Path.Combine(changed, "LegacyHandlers.cs"));
        await File.WriteAllTextAsync(Path.Combine(changed, "LegacyHandlers.cs"), source.Replace("Greeting.Line(environ, 4)", "Greeting.Line(environ, 5)", StringComparison.Ordinal));
        Assert.Equal(0, (await Dotnet(changed, "build", "-nologo", "-v", "quiet")).Exit);
        var caught = await Tool(_home, "compat-migrate.dll", "verify", "--before", Assembly(before), "--after", Assembly(changed), "--requests", requests, "--html", Path.Combine(_home, "report.html"));
        Assert.Equal(1, caught.Exit);
        var first = recording.Requests.First(r => r.Request.Handler == "Compat.Samples.LegacyHandlers.Hello");
        var line = $"line 1: hello from {Uri.UnescapeDataString(first.Request.Target.Split('?')[0])}\n";
        var offset = (3 * Encoding.UTF8.GetByteCount(line)) + "line ".Length;
        Assert.Contains($"Compat.Samples.LegacyHandlers.Hello: DIFFERENT\n  replayed {sent["Compat.Samples.LegacyHandlers.Hello"]}, identical 0", caught.Output, StringComparison.Ordinal);
        Assert.Contains($"  {first.Location} GET {first.Request.Target}: body at byte {offset} (lengths {4 * line.Length} and {4 * line.Length})\n", caught.Output, StringComparison.Ordinal);
        Assert.Contains("Compat.Samples.LegacyHandlers.UploadChecksum: identical", caught.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_home, "report.html")));
    }

    // compat-server with the samples and --record; clients in parallel; then SIGTERM, which writes what is queued.
    private async Task<Dictionary<string, int>> RecordUnderLoadAsync(string requests)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _home };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "compat-server.dll"), "--bind", "127.0.0.1:0", "--record", requests, "--no-access-log" }) start.ArgumentList.Add(arg);
        using var server = Process.Start(start)!;
        var errors = server.StandardError.ReadToEndAsync();
        string? address = null;
        while (address is null && await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } said)
        {
            if (Listening().Match(said) is { Success: true } match) address = match.Groups[1].Value;
        }

        if (address is null) Assert.Fail("compat-server did not start: " + await errors);
        var drain = server.StandardOutput.ReadToEndAsync();
        using var client = new HttpClient { BaseAddress = new Uri(address!) };
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < RequestsPerClient; i++)
            {
                using var response = (i % 3) switch
                {
                    0 => await client.GetAsync($"/legacy/client-{c}/{i}?q={i}"),
                    1 => await client.PostAsync("/upload", new ByteArrayContent(Enumerable.Range(0, (c * 997) + (i * 131)).Select(b => (byte)(b * 7)).ToArray())),
                    _ => await client.GetAsync($"/migrated/caf%C3%A9/{c}"),
                };
                response.EnsureSuccessStatusCode();
            }
        })));

        using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await drain;
        if (server.ExitCode != 0) Assert.Fail($"compat-server exited {server.ExitCode}: {await errors}");
        var perHandler = RequestsPerClient / 3;
        return new Dictionary<string, int>
        {
            ["Compat.Samples.LegacyHandlers.Hello"] = Clients * ((RequestsPerClient + 2) / 3),
            ["Compat.Samples.LegacyHandlers.UploadChecksum"] = Clients * ((RequestsPerClient + 1) / 3),
            ["Compat.Samples.MigratedHandlers.Hello"] = Clients * perHandler,
        };
    }

    // A copy of the samples as a team's own library, outside the repository, referencing the built contract.
    private string Library(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_home, name)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples", "Compat.Samples"), "*.cs"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(folder, "Samples.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <AssemblyName>Compat.Samples</AssemblyName>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="Compat.Gateway" HintPath="{typeof(Environ).Assembly.Location}" />
              </ItemGroup>
            </Project>
            """);
        return folder;
    }

    private static string Assembly(string library) => Path.Combine(library, "bin", "Debug", "net10.0", "Compat.Samples.dll");

    // The member's text, from its name to the next member: enough to say what one handler calls.
    private static string Member(string source, string name)
    {
        var start = source.IndexOf($" {name}(", StringComparison.Ordinal);
        var end = source.IndexOf("public static", start, StringComparison.Ordinal);
        return end < 0 ? source[start..] : source[start..end];
    }

    private static Task<(int Exit, string Output, string Errors)> Dotnet(string directory, params string[] args) =>
        ProcessRunner.RunAsync(directory, null, "dotnet", args);

    private static Task<(int Exit, string Output, string Errors)> Tool(string directory, string tool, params string[] args) =>
        ProcessRunner.RunAsync(directory, null, "dotnet", [Path.Combine(AppContext.BaseDirectory, tool), .. args]);

    [GeneratedRegex(@"listening on (http://[^\s/]+)")]
    private static partial Regex Listening();
}
