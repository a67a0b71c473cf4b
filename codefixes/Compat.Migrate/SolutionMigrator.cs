using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Analyzers;
using Compat.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compat.Migrate;

/// <summary>
/// Applies one rule's code fix across a solution, project by project, through the fix's own Fix All provider:
/// the same rewrite the IDE's Fix All and <c>dotnet format</c> make. Computes everything in memory and reports;
/// writing is the caller's decision.
/// </summary>
/// <param name="ruleId">The rule whose fix is applied.</param>
/// <param name="progress">Where a line per project goes.</param>
/// <param name="include">
/// The handlers to rewrite, by <see cref="HandlerLocation.FullName"/>; null rewrites every one it can. With a set, a
/// helper is rewritten only in a project none of whose fixable handlers was left out, since a helper shared with a
/// left-out handler would change that one too.
/// </param>
internal sealed class SolutionMigrator(string ruleId, TextWriter progress, IReadOnlySet<string>? include = null)
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers = RuleCatalog.AnalyzersFor(ruleId);
    private readonly CodeFixProvider _fix = RuleCatalog.FixFor(ruleId) ?? throw new ArgumentException($"{ruleId} has no code fix", nameof(ruleId));

    /// <summary>Runs the fix over the C# projects of the solution.</summary>
    /// <param name="original">The solution as loaded.</param>
    /// <param name="only">A project file to limit the run to, or null for every project.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>What would change, and what was left.</returns>
    public async Task<MigrationReport> MigrateAsync(Solution original, string? only, CancellationToken cancellationToken)
    {
        // A multi-targeted project loads once per framework over the same files: its first framework is fixed.
        var projects = original.Projects
            .Where(p => p.Language == LanguageNames.CSharp && (only is null || string.Equals(p.FilePath, only, StringComparison.Ordinal)))
            .GroupBy(p => p.FilePath ?? p.Name, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        var solution = original;
        var fixable = new List<(DocumentId Document, HandlerLocation Handler)>();
        var skipped = new List<SkippedHandler>();
        for (var i = 0; i < projects.Count; i++)
        {
            var project = solution.GetProject(projects[i].Id)!;
            progress.Write($"[{i + 1}/{projects.Count}] {project.Name}: ");
            var diagnostics = await AnalyzeAsync(project, cancellationToken).ConfigureAwait(false);
            var (canFix, cannotFix) = await DescribeAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false);
            if (include is not null)
            {
                var leftOut = canFix.Exists(h => !h.Handler.IsHelper && !include.Contains(h.Handler.FullName));
                canFix.RemoveAll(h => h.Handler.IsHelper ? leftOut : !include.Contains(h.Handler.FullName));
            }

            var toFix = canFix.Select(h => h.Handler).Where(h => !h.IsHelper).Distinct().Count();
            var toLeave = cannotFix.Count(h => !h.Location.IsHelper);
            progress.Write($"{toFix + toLeave} handlers with {ruleId}, {toFix} to fix, {toLeave} to leave");
            // In source order, so a run is the same every time whatever order the analyzers reported in.
            var fixableDiagnostics = diagnostics.Where(d => IsFixable(d) && canFix.Exists(h => h.Diagnostic == d))
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
            if (fixableDiagnostics.IsEmpty)
            {
                skipped.AddRange(cannotFix);
                progress.WriteLine();
                continue;
            }

            progress.Write("; fixing... ");
            var (fixedSolution, failed) = await FixCompilingAsync(solution, project.Id, fixableDiagnostics, cancellationToken).ConfigureAwait(false);
            solution = fixedSolution;
            var failedHandlers = new List<SkippedHandler>();
            foreach (var (diagnostic, error) in failed)
            {
                var handler = canFix.First(h => h.Diagnostic == diagnostic).Handler;
                if (!failedHandlers.Exists(f => f.Location == handler))
                {
                    failedHandlers.Add(new SkippedHandler(handler, $"the rewrite would not compile ({error}); left as it was"));
                }
            }

            // The fix checks each rewrite against the compiler and withholds one that would add an error: such a
            // handler is left as it was, and the error is what the summary gives.
            foreach (var (document, handler, diagnostic) in canFix.Where(h => !h.Handler.IsHelper && !failedHandlers.Exists(f => f.Location == h.Handler)))
            {
                if (!failedHandlers.Exists(f => f.Location == handler) && !await ChangedAsync(project.Solution, solution, document, diagnostic, cancellationToken).ConfigureAwait(false))
                {
                    var error = _fix is IVerifiedRewrite verified
                        ? await RewriteVerifier.ExplainAsync(verified, project.Solution.GetDocument(document)!, diagnostic, cancellationToken).ConfigureAwait(false)
                        : null;
                    failedHandlers.Add(new SkippedHandler(handler, error is null ? "the fix left it as it was" : $"the rewrite would not compile ({Describe(error)}); left as it was"));
                }
            }

            fixable.AddRange(canFix.Where(h => !failedHandlers.Exists(f => f.Location == h.Handler)).Select(h => (h.Document, h.Handler)));
            skipped.AddRange(failedHandlers);
            skipped.AddRange(cannotFix);
            progress.WriteLine(failedHandlers.Count == 0 ? "done" : $"done; {failedHandlers.Count} left as they were: their rewrite would not compile");
        }

        var changes = solution.GetChanges(original);
        var changedFiles = new List<ChangedFile>();
        var changedIds = new HashSet<DocumentId>();
        foreach (var id in changes.GetProjectChanges().SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true)))
        {
            var document = original.GetDocument(id)!;
            var before = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var after = await solution.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (document.FilePath is { } path && !before.ContentEquals(after))
            {
                changedFiles.Add(new ChangedFile(path, before, after));
                changedIds.Add(id);
            }
        }

        var migrated = fixable.Where(f => changedIds.Contains(f.Document)).Select(f => f.Handler).Distinct().ToList();
        var newErrors = await NewErrorsAsync(original, solution, changes, cancellationToken).ConfigureAwait(false);
        return new MigrationReport(changedFiles, migrated, skipped.Distinct().ToList(), newErrors);
    }

    // Fixes every handler whose rewrite compiles (emit included: some errors, CS4007 among them, are only found
    // there) and leaves the others as they were. The errors of the whole fix usually point into the handlers that
    // caused them; when they do not (a caller of a handler whose signature changed), each handler is tried alone.
    private async Task<(Solution Solution, List<(Diagnostic Diagnostic, string Error)> Failed)> FixCompilingAsync(
        Solution solution, ProjectId projectId, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var baseline = await BaselineErrorsAsync(solution.GetProject(projectId)!, cancellationToken).ConfigureAwait(false);
        var failed = new List<(Diagnostic, string)>();
        var remaining = diagnostics;
        while (!remaining.IsEmpty)
        {
            var candidate = await FixAllAsync(solution, projectId, remaining, cancellationToken).ConfigureAwait(false);
            var errors = await NewErrorsInAsync(candidate.GetProject(projectId)!, baseline, cancellationToken).ConfigureAwait(false);
            if (errors.Count == 0)
            {
                return (candidate, failed);
            }

            var culprits = await CulpritsAsync(solution, candidate, remaining, errors, cancellationToken).ConfigureAwait(false);
            if (culprits.Count == 0)
            {
                return await FixOneByOneAsync(solution, projectId, remaining, baseline, failed, cancellationToken).ConfigureAwait(false);
            }

            failed.AddRange(culprits);
            remaining = remaining.Where(d => !culprits.Exists(c => c.Diagnostic == d)).ToImmutableArray();
        }

        return (solution, failed);
    }

    private async Task<(Solution, List<(Diagnostic, string)>)> FixOneByOneAsync(
        Solution solution, ProjectId projectId, ImmutableArray<Diagnostic> diagnostics, IReadOnlyList<Diagnostic> baseline, List<(Diagnostic, string)> failed, CancellationToken cancellationToken)
    {
        var kept = new List<Diagnostic>();
        foreach (var handler in diagnostics.GroupBy(d => HandlerKey(d.Location.SourceTree!.GetRoot(cancellationToken), d.Location.SourceSpan)))
        {
            var alone = await FixAllAsync(solution, projectId, handler.ToImmutableArray(), cancellationToken).ConfigureAwait(false);
            var errors = await NewErrorsInAsync(alone.GetProject(projectId)!, baseline, cancellationToken).ConfigureAwait(false);
            if (errors.Count == 0)
            {
                kept.AddRange(handler);
            }
            else
            {
                failed.AddRange(handler.Select(d => (d, Describe(errors[0]))));
            }
        }

        if (kept.Count == 0)
        {
            return (solution, failed);
        }

        var together = await FixAllAsync(solution, projectId, kept.ToImmutableArray(), cancellationToken).ConfigureAwait(false);
        if ((await NewErrorsInAsync(together.GetProject(projectId)!, baseline, cancellationToken).ConfigureAwait(false)).FirstOrDefault() is { } error)
        {
            // Each compiles alone but not with the others: nothing is guessed, all are left.
            failed.AddRange(kept.Select(d => (d, Describe(error))));
            return (solution, failed);
        }

        return (together, failed);
    }

    // The fixable diagnostics of the handlers whose rewritten body holds an error.
    private static async Task<List<(Diagnostic Diagnostic, string Error)>> CulpritsAsync(Solution before, Solution candidate, ImmutableArray<Diagnostic> diagnostics, IReadOnlyList<Diagnostic> errors, CancellationToken cancellationToken)
    {
        var byHandler = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            if (error.Location.SourceTree is { } tree && candidate.GetDocument(tree) is { } document)
            {
                var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
                byHandler.TryAdd($"{document.Id.Id}|{HandlerKey(root, error.Location.SourceSpan)}", Describe(error));
            }
        }

        var culprits = new List<(Diagnostic, string)>();
        foreach (var diagnostic in diagnostics)
        {
            var document = before.GetDocument(diagnostic.Location.SourceTree);
            var key = $"{document?.Id.Id}|{HandlerKey(await diagnostic.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false), diagnostic.Location.SourceSpan)}";
            if (byHandler.TryGetValue(key, out var error))
            {
                culprits.Add((diagnostic, error));
            }
        }

        return culprits;
    }

    // Whether the method a diagnostic is in reads differently after the fix.
    private static async Task<bool> ChangedAsync(Solution before, Solution after, DocumentId document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var oldRoot = await before.GetDocument(document)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = await after.GetDocument(document)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var key = HandlerKey(oldRoot!, diagnostic.Location.SourceSpan);
        var oldMethod = oldRoot!.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        var newMethod = newRoot!.DescendantNodes().OfType<MethodDeclarationSyntax>().FirstOrDefault(m => HandlerKey(newRoot, m.Identifier.Span) == key);
        return oldMethod is null || newMethod is null || !oldMethod.IsEquivalentTo(newMethod, topLevel: false);
    }

    // The type and method around a span: the same before and after a rewrite, which keeps members' names.
    private static string HandlerKey(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span);
        var method = node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        var type = node.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault();
        return $"{type?.Identifier.Text}.{method?.Identifier.Text}";
    }

    private static string Describe(Diagnostic error) =>
        $"{Format(error.Location)}: error {error.Id}: {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";

    private static bool IsFixable(Diagnostic diagnostic) => FixProperties.Offers(diagnostic.Properties);

    private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || _analyzers.IsEmpty)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        // The rule is asked for at least at info severity, whatever the project's .editorconfig makes of it.
        var options = project.CompilationOptions!.WithSpecificDiagnosticOptions(
            project.CompilationOptions.SpecificDiagnosticOptions.SetItem(ruleId, ReportDiagnostic.Info));
        var withAnalyzers = compilation.WithOptions(options).WithAnalyzers(_analyzers, project.AnalyzerOptions);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        return diagnostics.Where(d => d.Id == ruleId && d.Location.IsInSource).ToImmutableArray();
    }

    // Sorts the diagnostics into handlers the fix will rewrite and handlers it leaves, with the analyzer's reason.
    private static async Task<(List<(DocumentId Document, HandlerLocation Handler, Diagnostic Diagnostic)> CanFix, List<SkippedHandler> CannotFix)> DescribeAsync(
        Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var canFix = new List<(DocumentId Document, HandlerLocation Handler, Diagnostic Diagnostic)>();
        var cannotFix = new List<SkippedHandler>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var member = root!.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault();
            var position = (member is null ? diagnostic.Location : member.GetLocation()).GetLineSpan().StartLinePosition;
            var isHelper = await TakesWriteAsync(document, member, cancellationToken).ConfigureAwait(false);
            var handler = new HandlerLocation(document.FilePath ?? document.Name, position.Line + 1, position.Character + 1, NameOf(member), isHelper, await FullNameAsync(document, member, cancellationToken).ConfigureAwait(false));
            if (IsFixable(diagnostic))
            {
                canFix.Add((document.Id, handler, diagnostic));
            }
            else if (!canFix.Exists(f => f.Handler == handler))
            {
                var reason = diagnostic.Properties.TryGetValue(FixProperties.NoFixReason, out var why) && why is not null ? why : diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
                cannotFix.Add(new SkippedHandler(handler, reason));
            }
        }

        return (canFix, cannotFix);
    }

    // A method with a Write parameter is a helper a handler passes write to, not a handler.
    private static async Task<bool> TakesWriteAsync(Document document, MemberDeclarationSyntax? member, CancellationToken cancellationToken)
    {
        if (member is not MethodDeclarationSyntax method)
        {
            return false;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var write = model?.Compilation.GetTypeByMetadataName("Compat.Gateway.Write");
        return write is not null && model!.GetDeclaredSymbol(method, cancellationToken) is IMethodSymbol symbol
            && symbol.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, write));
    }

    private static async Task<string> FullNameAsync(Document document, MemberDeclarationSyntax? member, CancellationToken cancellationToken)
    {
        SyntaxNode? declared = member is FieldDeclarationSyntax field ? field.Declaration.Variables.FirstOrDefault() : member;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return declared is not null && model?.GetDeclaredSymbol(declared, cancellationToken) is { ContainingType: { } type } symbol
            ? $"{MetadataName(type)}.{symbol.Name}"
            : string.Empty;
    }

    // As Type.FullName: namespace, then outer types joined by '+', generic arity included.
    private static string MetadataName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.MetadataName + "+" + name;
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{name}" : name;
    }

    private static string NameOf(MemberDeclarationSyntax? member) => member switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        PropertyDeclarationSyntax property => property.Identifier.Text,
        FieldDeclarationSyntax field => string.Join(", ", field.Declaration.Variables.Select(v => v.Identifier.Text)),
        ConstructorDeclarationSyntax constructor => constructor.Identifier.Text,
        BaseTypeDeclarationSyntax type => type.Identifier.Text,
        null => "(top level)",
        _ => member.Kind().ToString(),
    };

    private async Task<Solution> FixAllAsync(Solution solution, ProjectId projectId, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var byDocument = diagnostics
            .GroupBy(d => solution.GetDocument(d.Location.SourceTree)?.Id)
            .Where(g => g.Key is not null)
            .ToDictionary(g => g.Key!, g => g.ToImmutableArray());
        // The first action the fix registers is the one Fix All applies, as in dotnet format. A fix withholds its
        // action where the rewrite would not compile, so the diagnostics are asked in turn until one offers it.
        var actions = new List<CodeAction>();
        Document? first = null;
        foreach (var (documentId, documentDiagnostics) in byDocument)
        {
            first = solution.GetDocument(documentId)!;
            foreach (var diagnostic in documentDiagnostics)
            {
                await _fix.RegisterCodeFixesAsync(new CodeFixContext(first, diagnostic, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
                if (actions.Count > 0) break;
            }

            if (actions.Count > 0) break;
        }

        if (first is null || actions.Count == 0 || _fix.GetFixAllProvider() is not { } provider)
        {
            return solution;
        }

        var context = new FixAllContext(first, _fix, FixAllScope.Project, actions[0].EquivalenceKey, [ruleId], new PrecomputedDiagnostics(byDocument), cancellationToken);
        var fixAll = await provider.GetFixAsync(context).ConfigureAwait(false);
        if (fixAll is null)
        {
            return solution;
        }

        var operations = await fixAll.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution ?? solution;
    }

    // Errors the changed projects, and the projects that reference them, would have that they did not have before.
    private static async Task<IReadOnlyList<string>> NewErrorsAsync(Solution original, Solution migrated, SolutionChanges changes, CancellationToken cancellationToken)
    {
        var graph = original.GetProjectDependencyGraph();
        var affected = changes.GetProjectChanges()
            .SelectMany(p => graph.GetProjectsThatTransitivelyDependOnThisProject(p.ProjectId).Prepend(p.ProjectId))
            .Distinct();
        // The changed files as the compiler will read them once written (see RewriteVerifier.AsWrittenAsync).
        foreach (var changed in changes.GetProjectChanges().SelectMany(p => p.GetChangedDocuments()))
        {
            migrated = (await RewriteVerifier.AsWrittenAsync(migrated.GetDocument(changed)!, cancellationToken).ConfigureAwait(false)).Project.Solution;
        }

        var errors = new List<string>();
        foreach (var id in affected)
        {
            var baseline = await BaselineErrorsAsync(original.GetProject(id)!, cancellationToken).ConfigureAwait(false);
            errors.AddRange((await NewErrorsInAsync(migrated.GetProject(id)!, baseline, cancellationToken).ConfigureAwait(false)).Select(Describe));
        }

        return errors;
    }

    private static async Task<IReadOnlyList<Diagnostic>> BaselineErrorsAsync(Project project, CancellationToken cancellationToken) =>
        (await ErrorsAsync(project, cancellationToken).ConfigureAwait(false)).ToList();

    private static async Task<IReadOnlyList<Diagnostic>> NewErrorsInAsync(Project project, IReadOnlyList<Diagnostic> baseline, CancellationToken cancellationToken) =>
        RewriteVerifier.Added(baseline, await ErrorsAsync(project, cancellationToken).ConfigureAwait(false));

    // An emit, not only GetDiagnostics: a ref struct kept across a yield or an await (CS4007) and a few others are
    // reported only when the compiler lowers the method.
    private static async Task<IEnumerable<Diagnostic>> ErrorsAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var result = compilation!.Emit(Stream.Null, cancellationToken: cancellationToken);
        return result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string Format(Location location)
    {
        var span = location.GetLineSpan();
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
    }
}
