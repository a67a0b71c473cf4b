using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Migrate.Tests;

/// <summary>The tool as users run it: <c>dotnet compat-migrate.dll migrate ...</c> in a process, on a real project.</summary>
[Collection(nameof(BuildsTheContractCollection))]
public sealed class MigrateCommandTests : IDisposable
{
    private const string Handlers = """
        using System;
        using System.Collections.Generic;
        using System.Text;
        using Compat.Gateway;

        namespace Shop;

        public static class Handlers
        {
            public static IEnumerable<byte[]> Fixable(Environ environ, StartResponse startResponse)
            {
                var write = startResponse("200 OK", [new("Content-Type", "text/plain")]);
                foreach (var item in new[] { "tea", "coffee" })
                {
                    write(Encoding.UTF8.GetBytes(item + "\n"));
                }

                return [];
            }

            public static IEnumerable<byte[]> Captured(Environ environ, StartResponse startResponse)
            {
                var write = startResponse("200 OK", [new("Content-Type", "text/plain")]);
                Action<string> say = text => write(Encoding.UTF8.GetBytes(text));
                say("hello\n");
                return [];
            }
        }

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("compat-migrate-").FullName;
    private readonly string _project;
    private readonly string _source;

    public MigrateCommandTests()
    {
        (_project, _source) = ShopProject.Write(_directory, Handlers);
    }

    [Fact]
    public async Task DryRun_PrintsAUnifiedDiff_AndTheSummary_AndWritesNothing()
    {
        var before = await File.ReadAllBytesAsync(_source);

        var (exit, output, _) = await RunAsync("migrate", _project, "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("[1/1] Shop: 2 handlers with CMPT001, 1 to fix, 1 to leave; fixing... done", output, StringComparison.Ordinal);
        Assert.Contains("--- a/Handlers.cs\n+++ b/Handlers.cs\n@@ ", output, StringComparison.Ordinal);
        Assert.Contains("-            write(Encoding.UTF8.GetBytes(item + \"\\n\"));\n+            yield return Encoding.UTF8.GetBytes(item + \"\\n\");", output, StringComparison.Ordinal);
        Assert.Contains("files to change: 1", output, StringComparison.Ordinal);
        Assert.Contains("handlers to migrate: 1\n    Handlers.cs(10,5): Fixable\n", output, StringComparison.Ordinal);
        Assert.Contains("handlers skipped: 1\n    Handlers.cs(21,5): Captured: write is used inside a lambda", output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(_source));
        Assert.Equal([_source], Directory.GetFiles(_directory, "*.cs"));
        Assert.Empty(Directory.GetFiles(_directory, "*.compat-migrate"));
    }

    [Fact]
    public async Task Migrate_RewritesTheFile_WhichStillBuilds_AndASecondRunFindsNothingMoreToDo()
    {
        var (exit, output, _) = await RunAsync("migrate", _project);

        Assert.Equal(0, exit);
        Assert.Contains("files changed: 1", output, StringComparison.Ordinal);
        var migrated = await File.ReadAllTextAsync(_source);
        Assert.Contains("yield return Encoding.UTF8.GetBytes(item + \"\\n\");", migrated, StringComparison.Ordinal);
        Assert.Contains("say(\"hello\\n\");", migrated, StringComparison.Ordinal);
        Assert.Equal(0, (await RunDotnetAsync("build", _project, "-c", "Release", "-nologo", "-v", "quiet")).Exit);

        var again = await RunAsync("migrate", _project);
        Assert.Contains("handlers migrated: 0", again.Output, StringComparison.Ordinal);
        Assert.Contains("files changed: 0", again.Output, StringComparison.Ordinal);
        Assert.Equal(migrated, await File.ReadAllTextAsync(_source));
    }

    [Fact]
    public async Task ASolution_IsMigratedProjectByProject()
    {
        Assert.Equal(0, (await RunDotnetAsync("new", "sln", "-n", "Shop", "-o", _directory, "--format", "sln")).Exit);
        Assert.Equal(0, (await RunDotnetAsync("sln", Path.Combine(_directory, "Shop.sln"), "add", _project)).Exit);

        var (exit, output, _) = await RunAsync("migrate", Path.Combine(_directory, "Shop.sln"), "--rule", "CMPT001");

        Assert.Equal(0, exit);
        Assert.Contains("Shop: 2 handlers with CMPT001", output, StringComparison.Ordinal);
        Assert.Contains("handlers migrated: 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleCMPT003_AwaitsInsteadOfBlocking_InAsyncAppHandlers()
    {
        var source = Path.Combine(_directory, "AsyncHandlers.cs");
        await File.WriteAllTextAsync(source, """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Compat.Gateway;

            namespace Shop;

            public static class AsyncHandlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Slow(Environ environ, AsyncStartResponse startResponse)
                {
                    startResponse("200 OK", []);
                    Thread.Sleep(5);
                    await Task.Yield();
                    yield return "done"u8.ToArray();
                }
            }

            """);

        var (exit, output, _) = await RunAsync("migrate", _project, "--rule", "CMPT003");

        Assert.Equal(0, exit);
        Assert.Contains("handlers migrated: 1\n    AsyncHandlers.cs(11,5): Slow", output, StringComparison.Ordinal);
        Assert.Contains("await Task.Delay(5, environ.RequestAborted);", await File.ReadAllTextAsync(source), StringComparison.Ordinal);
        Assert.Equal(Handlers, await File.ReadAllTextAsync(_source));
    }

    [Fact]
    public async Task TheSummary_ListsHelpersRewrittenWithAHandler_ApartFromTheHandlers()
    {
        var source = Path.Combine(_directory, "Receipts.cs");
        await File.WriteAllTextAsync(source, """
            using System.Collections.Generic;
            using System.Text;
            using Compat.Gateway;

            namespace Shop;

            public static class Receipts
            {
                public static IEnumerable<byte[]> Receipt(Environ environ, StartResponse startResponse)
                {
                    var write = startResponse("200 OK", []);
                    Line("tea", write);
                    return [];
                }

                private static void Line(string item, Write write)
                {
                    write(Encoding.UTF8.GetBytes(item + "\n"));
                }
            }

            """);

        var (exit, output, _) = await RunAsync("migrate", _project, "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("Shop: 3 handlers with CMPT001, 2 to fix, 1 to leave", output, StringComparison.Ordinal);
        Assert.Contains("handlers to migrate: 2\n    Handlers.cs(10,5): Fixable\n    Receipts.cs(9,5): Receipt\n", output, StringComparison.Ordinal);
        Assert.Contains("helpers to rewrite with them: 1\n    Receipts.cs(16,5): Line (helper)\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProjectThatDoesNotLoad_IsAnErrorWithThePath_AndNothingIsWritten()
    {
        await File.WriteAllTextAsync(_project, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        var before = await File.ReadAllBytesAsync(_source);

        var (exit, _, errors) = await RunAsync("migrate", _project);

        Assert.Equal(1, exit);
        Assert.Contains("Shop.csproj", errors, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(_source));
    }

    [Fact]
    public async Task AHandlerWhoseRewriteWouldNotCompile_IsLeftAsItWas_AndTheOthersAreWritten()
    {
        // Mounted is used as a SyncApp elsewhere: as an AsyncApp that line would not compile (CS0123), so the fix
        // withholds it (and it comes first, so Fix All must not depend on the first diagnostic's action).
        var source = Path.Combine(_directory, "Iterators.cs");
        await File.WriteAllTextAsync(source, """
            using System.Collections.Generic;
            using Compat.Gateway;

            namespace Shop;

            public static class Iterators
            {
                public static readonly SyncApp App = Mounted;

                public static IEnumerable<byte[]> Mounted(Environ environ, StartResponse startResponse)
                {
                    startResponse("200 OK", []);
                    yield return "mounted"u8.ToArray();
                }

                public static IEnumerable<byte[]> Ready(Environ environ, StartResponse startResponse)
                {
                    startResponse("200 OK", []);
                    yield return "ready"u8.ToArray();
                }
            }

            """);

        var (exit, output, errors) = await RunAsync("migrate", _project, "--rule", "CMPT002");

        Assert.True(exit == 0, errors);
        Assert.True(output.Contains("1 left as they were: their rewrite would not compile", StringComparison.Ordinal), output);
        Assert.Contains("handlers migrated: 1\n    Iterators.cs(16,5): Ready\n", output, StringComparison.Ordinal);
        Assert.Contains("Iterators.cs(10,5): Mounted: the rewrite would not compile (", output, StringComparison.Ordinal);
        Assert.True(output.Contains("error CS0123", StringComparison.Ordinal), output);
        var migrated = await File.ReadAllTextAsync(source);
        Assert.Contains("async IAsyncEnumerable<ReadOnlyMemory<byte>> Ready(Environ environ, AsyncStartResponse startResponse)", migrated, StringComparison.Ordinal);
        Assert.Contains("IEnumerable<byte[]> Mounted(Environ environ, StartResponse startResponse)", migrated, StringComparison.Ordinal);
        Assert.Equal(0, (await RunDotnetAsync("build", _project, "-c", "Release", "-nologo", "-v", "quiet")).Exit);
    }

    [Fact]
    public async Task RuleCMPT003_OnCSharp14_LeavesAwaitsTheCompilerWouldRefuse_AndFixesTheRest()
    {
        // C# 13 and later allow unsafe blocks and Span locals in async iterators, but not an await in the one or a
        // Span kept across an await (CS4004, and CS4007 at emit: Sleep sits between the Span and its use): the
        // analyzer declines both, with the reason.
        var project = await File.ReadAllTextAsync(_project);
        await File.WriteAllTextAsync(_project, project.Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable><AllowUnsafeBlocks>true</AllowUnsafeBlocks>", StringComparison.Ordinal));
        var source = Path.Combine(_directory, "AsyncHandlers.cs");
        await File.WriteAllTextAsync(source, """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Compat.Gateway;

            namespace Shop;

            public static class AsyncHandlers
            {
                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Unsafe(Environ environ, AsyncStartResponse startResponse)
                {
                    startResponse("200 OK", []);
                    unsafe { Thread.Sleep(1); }
                    await Task.Yield();
                    yield return "done"u8.ToArray();
                }

                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Spanned(Environ environ, AsyncStartResponse startResponse)
                {
                    startResponse("200 OK", []);
                    Span<byte> scratch = stackalloc byte[1];
                    Thread.Sleep(1);
                    scratch[0] = 7;
                    var value = scratch[0];
                    await Task.Yield();
                    yield return new[] { value };
                }

                public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Plain(Environ environ, AsyncStartResponse startResponse)
                {
                    startResponse("200 OK", []);
                    Thread.Sleep(1);
                    await Task.Yield();
                    yield return "done"u8.ToArray();
                }
            }

            """);

        var (exit, output, errors) = await RunAsync("migrate", _project, "--rule", "CMPT003");

        Assert.True(exit == 0, errors + output);
        Assert.Contains("handlers migrated: 1\n    AsyncHandlers.cs(30,5): Plain\n", output, StringComparison.Ordinal);
        Assert.Contains("AsyncHandlers.cs(11,5): Unsafe: it is in an unsafe block, where C# forbids await (CS4004)", output, StringComparison.Ordinal);
        Assert.Contains("AsyncHandlers.cs(19,5): Spanned: a Span or ref local would be in scope across an await", output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunDotnetAsync("build", _project, "-c", "Release", "-nologo", "-v", "quiet")).Exit);
    }

    [Fact]
    public async Task AFolder_IsMigratedThroughItsOneProject_AfterARestore()
    {
        var (exit, output, errors) = await RunAsync("migrate", _directory, "--dry-run");

        Assert.True(exit == 0, errors);
        Assert.Contains("restoring Shop.csproj", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "obj", "project.assets.json")));
        Assert.Contains("handlers to migrate: 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolderWithASolutionAndAProject_IsAUsageErrorNamingBoth()
    {
        Assert.Equal(0, (await RunDotnetAsync("new", "sln", "-n", "Shop", "-o", _directory, "--format", "sln")).Exit);

        var (exit, _, errors) = await RunAsync("migrate", _directory);

        Assert.Equal(2, exit);
        Assert.Contains("more than one solution or project file (Shop.csproj, Shop.sln); name the one to migrate", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheToolsVersion()
    {
        var (exit, output, _) = await RunAsync("--version");

        Assert.Equal(0, exit);
        Assert.Matches(@"^compat \d+\.\d+\.\d+", output);
    }

    [Theory]
    [InlineData("migrate", "nope.csproj", "compat migrate: nope.csproj: no such file")]
    [InlineData("convert", "x.csproj", "compat: unknown command 'convert'")]
    public async Task BadArguments_ExitWith2_AndSayWhy(string command, string path, string message)
    {
        var (exit, _, errors) = await RunAsync(command, path);

        Assert.Equal(2, exit);
        Assert.StartsWith(message, errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args) => ToolProcess.RunToolAsync(_directory, args);

    private Task<(int Exit, string Output, string Errors)> RunDotnetAsync(params string[] args) => ToolProcess.RunDotnetAsync(_directory, args);
}
