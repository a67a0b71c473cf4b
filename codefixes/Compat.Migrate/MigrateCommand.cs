using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Migrate.Verify;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace Compat.Migrate;

/// <summary><c>compat migrate</c>: load, migrate in memory, check, then print a diff or write every file.</summary>
internal static class MigrateCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="options">What to do.</param>
    /// <param name="output">Progress, the diff and the summary.</param>
    /// <param name="errors">Load warnings and errors.</param>
    /// <returns>The exit code: 0 done, 1 nothing written because of an error.</returns>
    public static async Task<int> RunAsync(MigrateOptions options, TextWriter output, TextWriter errors)
    {
        // A project that was never restored loads without its references and shows no diagnostics at all.
        if (options.Restore && !await RestoreAsync(options.Path, output, errors).ConfigureAwait(false))
        {
            return 1;
        }

        using var workspace = MSBuildWorkspace.Create();
        var loadFailures = 0;
        using var _ = workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                loadFailures++;
                errors.WriteLine($"compat migrate: {e.Diagnostic.Message}");
            }
        });

        output.WriteLine($"compat migrate: {options.RuleId} in {options.Path}{(options.DryRun ? " (dry run: nothing is written)" : string.Empty)}");
        Solution solution;
        try
        {
            solution = Path.GetExtension(options.Path) == ".csproj"
                ? (await workspace.OpenProjectAsync(options.Path).ConfigureAwait(false)).Solution
                : await workspace.OpenSolutionAsync(options.Path).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException)
        {
            errors.WriteLine($"compat migrate: {options.Path}: cannot be loaded: {ex.Message}");
            return 1;
        }

        // A project that loaded with errors has an incomplete compilation, and a fix over it could be wrong.
        if (loadFailures > 0 || !solution.Projects.Any())
        {
            errors.WriteLine($"compat migrate: {options.Path}: did not load cleanly; fix the errors above and run again. Nothing written.");
            return 1;
        }

        var only = Path.GetExtension(options.Path) == ".csproj" ? options.Path : null;
        var report = await new SolutionMigrator(options.RuleId, output).MigrateAsync(solution, only, CancellationToken.None).ConfigureAwait(false);
        var root = Path.GetDirectoryName(options.Path)!;
        if (report.NewErrors.Count > 0)
        {
            errors.WriteLine($"compat migrate: the changes would not compile; nothing written. New errors:");
            foreach (var error in report.NewErrors)
            {
                errors.WriteLine($"  {error}");
            }

            return 1;
        }

        if (options.Verify is not null)
        {
            try
            {
                var (verified, error) = await new MigrationVerifier(options, only, output).VerifyAsync(solution, report).ConfigureAwait(false);
                if (verified is null)
                {
                    errors.WriteLine($"compat migrate: --verify: {error}. Nothing written.");
                    return 1;
                }

                report = verified;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                errors.WriteLine($"compat migrate: --verify: {ex.Message}. Nothing written.");
                return 1;
            }
        }

        if (options.DryRun)
        {
            foreach (var file in report.ChangedFiles)
            {
                var name = Path.GetRelativePath(root, file.Path).Replace('\\', '/');
                output.Write(UnifiedDiff.Create($"a/{name}", $"b/{name}", file.Before.ToString(), file.After.ToString()));
            }
        }
        else
        {
            foreach (var file in report.ChangedFiles)
            {
                AtomicFile.Replace(file.Path, file.After);
            }
        }

        WriteSummary(report, options, root, output);
        return 0;
    }

    private static async Task<bool> RestoreAsync(string path, TextWriter output, TextWriter errors)
    {
        output.WriteLine($"compat migrate: restoring {Path.GetFileName(path)}...");
        var (exit, said, failed) = await DotnetCommand.RunAsync(null, "restore", path, "-nologo", "-v", "quiet").ConfigureAwait(false);
        if (exit == 0)
        {
            return true;
        }

        errors.WriteLine($"compat migrate: {path}: 'dotnet restore' failed (exit {exit}); nothing written.");
        errors.Write(said);
        errors.Write(failed);
        return false;
    }

    private static void WriteSummary(MigrationReport report, MigrateOptions options, string root, TextWriter output)
    {
        string Relative(HandlerLocation h) => (h with { Path = Path.GetRelativePath(root, h.Path) }).ToString();
        output.WriteLine();
        output.WriteLine($"Summary ({options.RuleId}{(options.DryRun ? ", dry run" : string.Empty)}):");
        output.WriteLine($"  files {(options.DryRun ? "to change" : "changed")}: {report.ChangedFiles.Count}");
        var handlers = report.Migrated.Where(h => !h.IsHelper).ToList();
        var helpers = report.Migrated.Where(h => h.IsHelper).ToList();
        output.WriteLine($"  handlers {(options.DryRun ? "to migrate" : "migrated")}: {handlers.Count}");
        foreach (var handler in handlers)
        {
            output.WriteLine($"    {Relative(handler)}");
        }

        if (options.Verify is not null && handlers.Count > 0)
        {
            output.WriteLine($"    (each answered every one of its requests in {options.Verify} as before the rewrite)");
        }

        if (helpers.Count > 0)
        {
            output.WriteLine($"  helpers {(options.DryRun ? "to rewrite" : "rewritten")} with them: {helpers.Count}");
            foreach (var helper in helpers)
            {
                output.WriteLine($"    {Relative(helper)}");
            }
        }

        output.WriteLine($"  handlers skipped: {report.Skipped.Count}");
        foreach (var skipped in report.Skipped)
        {
            output.WriteLine($"    {Relative(skipped.Location)}: {skipped.Reason}");
        }
    }
}
