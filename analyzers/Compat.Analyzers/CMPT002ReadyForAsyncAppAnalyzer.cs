using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Compat.Analyzers.Migration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compat.Analyzers;

/// <summary>
/// CMPT002: a method shaped like a SyncApp whose body no longer uses write() (after CMPT001's fix, say). Nothing
/// keeps it on a blocking thread any more, so it can become an AsyncApp.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CMPT002ReadyForAsyncAppAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: RuleIds.ReadyForAsyncApp,
        title: "This handler can become an AsyncApp",
        messageFormat: "'{0}' no longer uses write(): it can become an AsyncApp and stop needing a pool thread{1}",
        category: RuleIds.Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A SyncApp that returns its whole body as an iterable runs on a pool thread only because of its shape. As an AsyncApp (async IAsyncEnumerable<ReadOnlyMemory<byte>>) it runs without one.",
        helpLinkUri: RuleIds.HelpLink(RuleIds.ReadyForAsyncApp));

    /// <summary>The <see cref="FixProperties.Fix"/> value when the fix can rewrite the handler.</summary>
    public const string AsyncIteratorFix = "AsyncIterator";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!GatewaySymbols.TryCreate(start.Compilation, out var symbols))
            {
                return;
            }

            var blocking = new BlockingCalls(start.Compilation);
            start.RegisterOperationBlockStartAction(block =>
            {
                if (block.OwningSymbol is not IMethodSymbol method || !symbols.IsSyncAppShaped(method))
                {
                    return;
                }

                var usesWrite = 0;
                block.RegisterOperationAction(
                    operation =>
                    {
                        if (WriteUse.Describe(operation.Operation, symbols) is not null)
                        {
                            Interlocked.Exchange(ref usesWrite, 1);
                        }
                    },
                    OperationKind.Invocation,
                    OperationKind.LocalReference,
                    OperationKind.ParameterReference,
                    OperationKind.FieldReference,
                    OperationKind.PropertyReference);
                block.RegisterOperationBlockEndAction(end =>
                {
                    if (Volatile.Read(ref usesWrite) != 0 || Identifier(method, end.CancellationToken) is not { } location)
                    {
                        return;
                    }

                    // The plan is decided here and handed to the fix, so the two cannot disagree.
                    var plan = location.SourceTree?.GetRoot(end.CancellationToken).FindNode(location.SourceSpan) is MethodDeclarationSyntax declaration
                        && end.OperationBlocks.FirstOrDefault()?.SemanticModel is { } model
                        ? AsyncAppRewritePlan.For(declaration, model, symbols, blocking, end.CancellationToken)
                        : null;
                    var reason = plan is null ? "only a handler method is rewritten, not a local function" : plan.NoFixReason;
                    end.ReportDiagnostic(Diagnostic.Create(Rule, location, FixProperties.For(AsyncIteratorFix, reason), method.Name, FixProperties.MessageSuffix(reason)));
                });
            });
        });
    }

    private static Location? Identifier(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax(cancellationToken))
            {
                case MethodDeclarationSyntax declaration: return declaration.Identifier.GetLocation();
                case LocalFunctionStatementSyntax local: return local.Identifier.GetLocation();
            }
        }

        return null;
    }
}
