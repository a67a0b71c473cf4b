using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Compat.Hosting.Recording;
using Xunit;

namespace Compat.Migrate.Tests;

/// <summary><c>compat migrate --verify</c> on a real project: only what the recording proves is written.</summary>
[Collection(nameof(BuildsTheContractCollection))]
public sealed class MigrateVerifyTests : IDisposable
{
    private const string Handlers = """
        using System;
        using System.Collections.Generic;
        using System.Text;
        using Compat.Gateway;

        namespace Shop;

        public static class Handlers
        {
            public static IEnumerable<byte[]> Menu(Environ environ, StartResponse startResponse)
            {
                var write = startResponse("200 OK", [new("Content-Type", "text/plain")]);
                foreach (var item in new[] { "tea", "coffee" })
                {
                    write(Encoding.UTF8.GetBytes($"{item} for {environ.PathInfo}\n"));
                }

                return [];
            }

            public static IEnumerable<byte[]> Token(Environ environ, StartResponse startResponse)
            {
                var write = startResponse("200 OK", [new("Content-Type", "text/plain")]);
                write(Encoding.UTF8.GetBytes($"token {Guid.NewGuid():N}\n"));
                return [];
            }

            public static IEnumerable<byte[]> Quiet(Environ environ, StartResponse startResponse)
            {
                var write = startResponse("200 OK", []);
                write("shh"u8.ToArray());
                return [];
            }
        }

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("compat-migrate-verify-").FullName;
    private readonly string _project;
    private readonly string _source;
    private readonly string _requests;

    public MigrateVerifyTests()
    {
        (_project, _source) = ShopProject.Write(_directory, Handlers);
        _requests = Directory.CreateDirectory(Path.Combine(_directory, "requests")).FullName;

        // Written by hand, as docs/recording.md says a user may.
        File.WriteAllLines(Path.Combine(_requests, "shop.jsonl"), [
            Line(new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/menu/today" }),
            Line(new RecordedRequest { Handler = "Shop.Handlers.Menu", Mount = "/menu", Target = "/menu", Method = "HEAD" }),
            Line(new RecordedRequest { Handler = "Shop.Handlers.Token", Mount = "/token", Target = "/token" }),
        ]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task OnlyTheHandlersTheRecordingProves_AreWritten_AndTheOthersAreListedWithTheReason()
    {
        var (exit, output, errors) = await ToolProcess.RunToolAsync(_directory, "migrate", _project, "--verify", _requests);

        Assert.True(exit == 0, output + errors);
        Assert.Contains("handlers migrated: 1\n    Handlers.cs(10,5): Menu\n    (each answered every one of its requests in " + _requests + " as before the rewrite)", output, StringComparison.Ordinal);
        Assert.Matches(@"Handlers\.cs\(21,5\): Token: did not verify: 1 of 1 recorded requests answered differently \(first: shop\.jsonl:3 GET /token: body at byte \d+ \(lengths 39 and 39\): before .+, after .+\); left as it was", output);
        Assert.Contains("Handlers.cs(28,5): Quiet: did not verify: the recording has no request for it; left as it was", output, StringComparison.Ordinal);
        var written = await File.ReadAllTextAsync(_source);
        Assert.Contains("yield return Encoding.UTF8.GetBytes($\"{item} for {environ.PathInfo}\\n\");", written, StringComparison.Ordinal);
        Assert.Contains("write(Encoding.UTF8.GetBytes($\"token {Guid.NewGuid():N}\\n\"));", written, StringComparison.Ordinal);
        Assert.Contains("write(\"shh\"u8.ToArray());", written, StringComparison.Ordinal);
        // Built in copies: the project's own folder has no build output.
        Assert.Empty(Directory.GetFiles(_directory, "Shop.dll", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AProjectThatDoesNotBuild_WritesNothing_AndSaysWhy()
    {
        // The compiler is happy in memory, but the build is not: a warning the project makes an error.
        File.WriteAllText(_project, File.ReadAllText(_project).Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable><WarningsAsErrors>CS0219</WarningsAsErrors>", StringComparison.Ordinal));
        File.WriteAllText(_source, Handlers.Replace("var write = startResponse(\"200 OK\", []);", "var unused = 1;\n        var write = startResponse(\"200 OK\", []);", StringComparison.Ordinal));
        var before = await File.ReadAllBytesAsync(_source);

        var (exit, _, errors) = await ToolProcess.RunToolAsync(_directory, "migrate", _project, "--verify", _requests);

        Assert.Equal(1, exit);
        Assert.Contains("compat migrate: --verify: the project as it is does not build in a copy: 'dotnet build Shop.csproj' failed", errors, StringComparison.Ordinal);
        Assert.Contains("error CS0219", errors, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(_source));
    }

    [Theory]
    [InlineData("--verify", "nowhere", "compat migrate: --verify nowhere: no such directory")]
    [InlineData("--ignore-header", "Server", "compat migrate: --ignore-header is for --verify; give --verify DIR too")]
    public async Task BadVerifyArguments_ExitWith2_AndNameTheArgument(string option, string value, string message)
    {
        var (exit, _, errors) = await ToolProcess.RunToolAsync(_directory, "migrate", _project, option, value);

        Assert.Equal(2, exit);
        Assert.StartsWith(message, errors, StringComparison.Ordinal);
    }

    private static string Line(RecordedRequest request) => Encoding.UTF8.GetString(RecordingFormat.Write(request));
}
