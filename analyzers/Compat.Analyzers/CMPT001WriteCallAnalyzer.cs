using System.Collections.Immutable;
using Compat.Analyzers.Migration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers;

/// <summary>
/// CMPT001: any use of a <c>Compat.Gateway.Write</c> value, found by symbol (never by name): calls, write passed to
/// another method, stored, returned, or captured by a lambda. Each one keeps its handler on a thread per request.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CMPT001WriteCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: RuleIds.WriteCall,
        title: "write() keeps a handler blocking",
        messageFormat: "write() is {0}: the handler needs a blocked thread for its whole response; return the body as an iterator instead{1}",
        category: RuleIds.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A write() callable pushes body bytes by blocking the handler's thread. Returning the body as an iterator (then an async iterator) lets the host pull it with backpressure.",
        helpLinkUri: RuleIds.HelpLink(RuleIds.WriteCall));

    /// <summary>The <see cref="FixProperties.Fix"/> value when the fix can rewrite the handler.</summary>
    public const string IteratorFix = "Iterator";

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

            // A handler usually has several uses of write and one plan: it is made once per method, and a group of
            // handlers sharing a helper once per group.
            var cache = new IteratorRewriteCache();
            start.RegisterOperationAction(
                operation =>
                {
                    if (WriteUse.Describe(operation.Operation, symbols) is not { } use)
                    {
                        return;
                    }

                    // The plan is decided here and handed to the fix, so the two cannot disagree.
                    var syntax = operation.Operation.Syntax;
                    var plan = IteratorRewritePlan.EnclosingFunction(syntax) is MethodDeclarationSyntax method
                        ? IteratorRewritePlan.ForMethod(method, BodyOperation(operation.Operation), operation.Operation.SemanticModel!, symbols, cache, operation.CancellationToken)
                        : IteratorRewritePlan.For(syntax, operation.Operation.SemanticModel!, symbols, operation.CancellationToken);
                    operation.ReportDiagnostic(Diagnostic.Create(
                        Rule, operation.Operation.Syntax.GetLocation(), FixProperties.For(IteratorFix, plan.NoFixReason), use, FixProperties.MessageSuffix(plan.NoFixReason)));
                },
                OperationKind.Invocation,
                OperationKind.LocalReference,
                OperationKind.ParameterReference,
                OperationKind.FieldReference,
                OperationKind.PropertyReference);
        });
    }

    // The operation tree the analyzer is walking already covers the method: its root's block body is the handler's.
    private static IOperation? BodyOperation(IOperation operation)
    {
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root is IMethodBodyOperation body ? body.BlockBody : null;
    }
}
