using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Compat.Analyzers.Tests.Verifiers;
using Compat.Gateway;
using Compat.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Compat.Analyzers.Tests.Differential;

/// <summary>
/// Checks one generated handler against the migration ladder: compile it, serve a fixed set of requests through
/// GatewayTestHost and record status, headers, body bytes, framing, aborts and the handler's side-effect log; then
/// apply CMPT001's fix (iterator) and CMPT002's (AsyncApp) exactly as the IDE would, and for each step either the
/// analyzer declined with a reason, or the rewrite compiles (emit included) and records the same.
/// </summary>
internal static class DifferentialHarness
{
    private static readonly TestRequest[] Requests =
    [
        new() { Target = "/" },
        new() { Target = "/?ab" },
        new() { Target = "/?bcd" },
        new() { Method = "POST", Target = "/?a", Body = "hello"u8.ToArray() },
        new() { Target = "/?abcd" },
    ];

    private static readonly ImmutableArray<MetadataReference> References =
        ReferencePack.References.Add(MetadataReference.CreateFromFile(typeof(SyncApp).Assembly.Location));

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly CSharpCompilationOptions CompilationOptions = new(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true);

    private static readonly GatewayTestHostOptions HostOptions = new() { Pool = new() { ThreadCount = 1, QueueLength = 4, Name = "differential" } };

    /// <summary>Runs the whole check for one program.</summary>
    public static async Task<DifferentialOutcome> CheckAsync(GeneratedProgram program, CancellationToken cancellationToken)
    {
        var source = program.Render();
        var original = Compile(source, out var errors);
        if (original is null)
        {
            return DifferentialOutcome.Invalid($"the generated program does not compile: {errors}");
        }

        if (program.IsAsync)
        {
            return await CheckAwaitsAsync(source, original, cancellationToken).ConfigureAwait(false);
        }

        var before = await ObserveAsync(original, isAsync: false).ConfigureAwait(false);
        var iterator = await ApplyAsync(source, new CMPT001WriteCallAnalyzer(), new CodeFixes.CMPT001WriteCallCodeFix(), RuleIds.WriteCall, cancellationToken).ConfigureAwait(false);
        if (iterator.Failure is { } fixFailure) return DifferentialOutcome.Counterexample(fixFailure, source);
        if (iterator.Declined is { } declined) return DifferentialOutcome.Held(declined, null);

        if (iterator.Source != source)
        {
            if (Compile(iterator.Source, out errors) is not { } rewritten)
            {
                return DifferentialOutcome.Counterexample($"CMPT001's fix does not compile: {errors}", source, iterator.Source);
            }

            var afterIterator = await ObserveAsync(rewritten, isAsync: false).ConfigureAwait(false);
            if (Difference(before, afterIterator) is { } difference)
            {
                return DifferentialOutcome.Counterexample($"CMPT001's fix changes what the handler does: {difference}", source, iterator.Source);
            }
        }

        var asyncApp = await ApplyAsync(iterator.Source, new CMPT002ReadyForAsyncAppAnalyzer(), new CodeFixes.CMPT002ReadyForAsyncAppCodeFix(), RuleIds.ReadyForAsyncApp, cancellationToken).ConfigureAwait(false);
        if (asyncApp.Failure is { } asyncFailure) return DifferentialOutcome.Counterexample(asyncFailure, iterator.Source);
        if (asyncApp.Declined is { } asyncDeclined) return DifferentialOutcome.Held(null, asyncDeclined);
        if (asyncApp.Source == iterator.Source) return DifferentialOutcome.Counterexample("CMPT002 reported nothing on a handler that no longer uses write", iterator.Source);
        if (Compile(asyncApp.Source, out errors) is not { } migrated)
        {
            return DifferentialOutcome.Counterexample($"CMPT002's fix does not compile: {errors}", iterator.Source, asyncApp.Source);
        }

        var afterAsync = await ObserveAsync(migrated, isAsync: true).ConfigureAwait(false);
        return Difference(before, afterAsync) is { } asyncDifference
            ? DifferentialOutcome.Counterexample($"CMPT002's fix changes what the handler does: {asyncDifference}", iterator.Source, asyncApp.Source)
            : DifferentialOutcome.Held(null, null);
    }

    // CMPT003/CMPT004's quick fix applied call by call, as a user clicking through the light bulbs would, until none
    // is offered; every step must compile, and the end must do what the blocking handler did.
    private static async Task<DifferentialOutcome> CheckAwaitsAsync(string source, Assembly original, CancellationToken cancellationToken)
    {
        var before = await ObserveAsync(original, isAsync: true).ConfigureAwait(false);
        var current = source;
        for (var awaited = 0; ; awaited++)
        {
            var step = await ApplyAsync(current, [new CMPT003BlockingCallAnalyzer(), new CMPT004AsyncCounterpartAnalyzer()], [new CodeFixes.CMPT003BlockingCallCodeFix(), new CodeFixes.CMPT004AsyncCounterpartCodeFix()], [RuleIds.BlockingCall, RuleIds.AsyncCounterpart], cancellationToken).ConfigureAwait(false);
            if (step.Failure is { } failure) return DifferentialOutcome.Counterexample(failure, current);
            if (step.Declined is not null || step.Source == current)
            {
                if (Compile(current, out var errors) is not { } migrated)
                {
                    return DifferentialOutcome.Counterexample($"CMPT003's fix does not compile: {errors}", source, current);
                }

                var after = await ObserveAsync(migrated, isAsync: true).ConfigureAwait(false);
                return Difference(before, after) is { } difference
                    ? DifferentialOutcome.Counterexample($"CMPT003's fix changes what the handler does: {difference}", source, current)
                    : DifferentialOutcome.Held(step.Declined, null, awaited);
            }

            if (Compile(step.Source, out var stepErrors) is null)
            {
                return DifferentialOutcome.Counterexample($"CMPT003's fix does not compile: {stepErrors}", current, step.Source);
            }

            current = step.Source;
        }
    }

    // Runs the analyzer as a build would (an analyzer exception is a failure, as AD0001 is), then the fix on the
    // handler's first diagnostic that offers one, as the IDE's quick fix does.
    private static Task<FixResult> ApplyAsync(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fix, string id, CancellationToken cancellationToken) =>
        ApplyAsync(source, [analyzer], [fix], [id], cancellationToken);

    // The rules' analyzers run together; the first call (in source order) with a fix gets its rule's fix.
    private static async Task<FixResult> ApplyAsync(string source, DiagnosticAnalyzer[] analyzers, CodeFixProvider[] fixes, string[] ids, CancellationToken cancellationToken)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Create(), "Generated", "Generated", LanguageNames.CSharp,
                compilationOptions: CompilationOptions, parseOptions: ParseOptions, metadataReferences: References))
            .AddDocument(documentId, "Generated.cs", SourceText.From(source));
        var document = solution.GetDocument(documentId)!;
        var compilation = (await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        Exception? crash = null;
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), (exception, _, _) => crash ??= exception, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers([.. analyzers], options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        if (crash is not null)
        {
            return FixResult.Failed($"{ids[0]}'s analyzer threw (AD0001): {crash.GetType().Name}: {crash.Message}");
        }

        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var inHandler = diagnostics
            .Where(d => ids.Contains(d.Id) && root!.FindNode(d.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.Text == "Handle")
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToList();
        if (inHandler.Count == 0)
        {
            return new FixResult(source, null, null);
        }

        var offered = inHandler.FirstOrDefault(d => FixProperties.Offers(d.Properties));
        if (offered is null)
        {
            return new FixResult(source, inHandler[0].Properties[FixProperties.NoFixReason], null);
        }

        try
        {
            var actions = new List<CodeAction>();
            var fix = fixes.First(f => f.FixableDiagnosticIds.Contains(offered.Id));
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, offered, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
            var id = offered.Id;
            if (actions.Count == 0)
            {
                return FixResult.Failed($"{id}'s analyzer offered a fix and the fix registered none");
            }

            var operations = await actions[0].GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(documentId)!;
            var text = (await changed.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
            return text == source ? FixResult.Failed($"{id}'s fix was offered and changed nothing") : new FixResult(text, null, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return FixResult.Failed($"{offered.Id}'s fix threw: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private static Assembly? Compile(string source, out string errors)
    {
        var compilation = CSharpCompilation.Create($"Generated{Guid.NewGuid():N}", [CSharpSyntaxTree.ParseText(source, ParseOptions)], References, CompilationOptions);
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        errors = string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).Select(d => d.ToString()));
        if (!result.Success)
        {
            return null;
        }

        image.Position = 0;
        return new AssemblyLoadContext("differential", isCollectible: true).LoadFromStream(image);
    }

    // Status, headers (but Date), body bytes, framing, abort and the side-effect log, request by request.
    private static async Task<IReadOnlyList<string>> ObserveAsync(Assembly assembly, bool isAsync)
    {
        var handle = assembly.GetType(GeneratedProgram.TypeName)!.GetMethod("Handle")!;
        var log = (List<string>)assembly.GetType("Generated.Log")!.GetField("Entries")!.GetValue(null)!;
        await using var host = isAsync
            ? new GatewayTestHost(handle.CreateDelegate<AsyncApp>(), HostOptions)
            : new GatewayTestHost(handle.CreateDelegate<SyncApp>(), HostOptions);
        var seen = new List<string>();
        foreach (var request in Requests)
        {
            lock (log) log.Clear();
            var response = await host.SendAsync(request).ConfigureAwait(false);
            var headers = string.Join(", ", response.Headers.Where(h => h.Key != "Date").Select(h => $"{h.Key}: {h.Value}"));
            string effects;
            lock (log) effects = string.Join(" | ", log);
            seen.Add($"{request.Method} {request.Target} -> {response.Status} [{headers}] body \"{response.BodyText}\" {response.Framing}{(response.Aborted ? " aborted" : string.Empty)}; log: {effects}");
        }

        AssemblyLoadContext.GetLoadContext(assembly)!.Unload();
        return seen;
    }

    private static string? Difference(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        for (var i = 0; i < before.Count; i++)
        {
            if (before[i] != after[i])
            {
                return $"\n  before: {before[i]}\n  after:  {after[i]}";
            }
        }

        return null;
    }

    private sealed record FixResult(string Source, string? Declined, string? Failure)
    {
        public static FixResult Failed(string failure) => new(string.Empty, null, failure);
    }
}
