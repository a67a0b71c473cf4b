using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

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
        messageFormat: "write() is {0}: the handler needs a blocked thread for its whole response; return the body as an iterator instead",
        category: RuleIds.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A write() callable pushes body bytes by blocking the handler's thread. Returning the body as an iterator (then an async iterator) lets the host pull it with backpressure.",
        helpLinkUri: RuleIds.HelpLink(RuleIds.WriteCall));

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

            start.RegisterOperationAction(
                operation =>
                {
                    if (WriteUse.Describe(operation.Operation, symbols) is { } use)
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(Rule, operation.Operation.Syntax.GetLocation(), use));
                    }
                },
                OperationKind.Invocation,
                OperationKind.LocalReference,
                OperationKind.ParameterReference,
                OperationKind.FieldReference,
                OperationKind.PropertyReference);
        });
    }
}
