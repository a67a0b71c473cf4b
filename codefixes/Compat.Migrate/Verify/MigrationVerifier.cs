using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Hosting.Recording;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Compat.Migrate.Verify;

/// <summary>
/// <c>compat migrate --verify</c>: builds the changed projects before and after the rewrite (each in a copy of the
/// source tree), replays the recording through both, and narrows the rewrite to the handlers whose every recorded
/// request was answered the same. The narrowed rewrite is built and replayed again, until what would be written is
/// exactly what was proven: a handler can depend on another's rewrite (a shared helper), so a subset of a proven
/// rewrite is not proven by itself.
/// </summary>
internal sealed class MigrationVerifier(MigrateOptions options, string? onlyProject, TextWriter progress)
{
    /// <summary>Proves the rewrite, narrowing it as needed.</summary>
    /// <param name="solution">The solution as loaded.</param>
    /// <param name="first">The rewrite of every handler the fix could rewrite.</param>
    /// <returns>The rewrite to write, with the handlers set aside listed as skipped; or why nothing may be written.</returns>
    public async Task<(MigrationReport? Report, string? Error)> VerifyAsync(Solution solution, MigrationReport first)
    {
        var projects = ProjectsOf(solution, first.ChangedFiles);
        if (projects.Count == 0) return (first, null);

        var recording = RecordingDirectory.Read(options.Verify!);
        if (VerifyCommand.ProblemOf(recording, $"--verify {options.Verify}") is { } unusable) return (null, unusable);
        var tree = SourceTreeCopy.TreeOf(options.Path);
        progress.WriteLine($"verify: building {string.Join(", ", projects.Select(p => Path.GetFileName(p.Key)))} as they are, in a copy of {tree}...");
        using var before = SourceTreeCopy.Create(tree, "before");
        var beforeAssemblies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in projects.Keys)
        {
            var (assembly, error) = await ProjectBuild.BuildAsync(before.Map(project)).ConfigureAwait(false);
            if (assembly is null) return (null, $"the project as it is does not build in a copy: {error}");
            beforeAssemblies[project] = assembly;
        }

        using var after = SourceTreeCopy.Create(tree, "after");
        var originals = new Dictionary<string, SourceText>(StringComparer.Ordinal);
        var report = first;
        var setAside = new List<SkippedHandler>();
        for (var round = 1; ; round++)
        {
            var migrated = report.Migrated.Where(h => !h.IsHelper).ToList();
            if (migrated.Count == 0) return (report with { Skipped = [.. report.Skipped, .. setAside] }, null);

            foreach (var file in report.ChangedFiles) originals.TryAdd(file.Path, file.Before);
            foreach (var (path, original) in originals)
            {
                var text = report.ChangedFiles.FirstOrDefault(f => f.Path == path)?.After ?? original;
                await File.WriteAllTextAsync(after.Map(path), text.ToString(), text.Encoding ?? new System.Text.UTF8Encoding(false)).ConfigureAwait(false);
            }

            progress.WriteLine($"verify: round {round}: building the rewrite of {Count(migrated.Count)} and replaying {options.Verify}...");
            var failures = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (project, handlers) in projects)
            {
                var inProject = migrated.Where(h => handlers.Contains(h.Path)).ToList();
                if (inProject.Count == 0) continue;
                var (assembly, error) = await ProjectBuild.BuildAsync(after.Map(project)).ConfigureAwait(false);
                if (assembly is null) return (null, $"the rewrite compiles in memory, but its copy does not build: {error}");
                // Both builds are loaded afresh each round (VerifyAsync), so a handler that keeps state sees the
                // recording once in each, as in the round before.
                var (verification, problem) = await VerifyCommand.VerifyAsync(
                    new VerifyOptions
                    {
                        Before = beforeAssemblies[project],
                        After = assembly,
                        Requests = options.Verify!,
                        IgnoreHeaders = options.IgnoreHeaders,
                    },
                    recording).ConfigureAwait(false);
                if (verification is null) return (null, problem);
                foreach (var handler in inProject)
                {
                    if (Failure(handler, verification) is { } reason) failures[handler.FullName] = reason;
                }
            }

            if (failures.Count == 0)
            {
                progress.WriteLine($"verify: {Count(migrated.Count)} answered every recorded request as before");
                return (report with { Skipped = [.. report.Skipped, .. setAside] }, null);
            }

            setAside.AddRange(migrated.Where(h => failures.ContainsKey(h.FullName)).Select(h => new SkippedHandler(h, $"{failures[h.FullName]}; left as it was")));
            var include = migrated.Select(h => h.FullName).Where(n => !failures.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
            report = await new SolutionMigrator(options.RuleId, TextWriter.Null, include).MigrateAsync(solution, onlyProject, CancellationToken.None).ConfigureAwait(false);
            if (report.NewErrors.Count > 0) return (null, $"the rewrite without the handlers that did not verify would not compile: {string.Join("; ", report.NewErrors)}");
        }
    }

    private static string Count(int handlers) => handlers == 1 ? "1 handler" : $"{handlers} handlers";

    // Why a migrated handler is not proven by the replay; null when it is.
    private static string? Failure(HandlerLocation handler, VerificationReport report)
    {
        if (handler.FullName.Length == 0) return "did not verify: it has no name a recording could use";
        var result = report.Handlers.FirstOrDefault(h => h.Name == handler.FullName);
        if (result is null) return "did not verify: the recording has no request for it";
        if (result.Different.Count > 0)
        {
            var (location, request, difference) = result.Different[0];
            return $"did not verify: {result.Different.Count} of {result.Replayed} recorded requests answered differently (first: {location} {request}: {difference.What}: before {difference.Before}, after {difference.After})";
        }

        if (result.NotVerifiable.Count > 0)
        {
            var (location, request, reason) = result.NotVerifiable[0];
            return $"did not verify: {result.NotVerifiable.Count} recorded requests could not be replayed (first: {location} {request}: {reason})";
        }

        return result.Replayed == 0 ? "did not verify: the recording has no request for it" : null;
    }

    // The projects whose files the rewrite changes, each with those files.
    private static Dictionary<string, HashSet<string>> ProjectsOf(Solution solution, IReadOnlyList<ChangedFile> changed)
    {
        var projects = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in changed)
        {
            foreach (var project in solution.Projects.Where(p => p.FilePath is not null && p.Documents.Any(d => d.FilePath == file.Path)))
            {
                if (!projects.TryGetValue(project.FilePath!, out var files)) projects[project.FilePath!] = files = new HashSet<string>(StringComparer.Ordinal);
                files.Add(file.Path);
            }
        }

        return projects;
    }
}
