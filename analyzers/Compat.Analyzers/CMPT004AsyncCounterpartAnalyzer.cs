using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compat.Analyzers;

/// <summary>
/// CMPT004 (info): a call inside an AsyncApp handler that has an ...Async counterpart taking the same arguments. A
/// heuristic (the one that made CA1849 and VSTHRD103 noisy), hence its own ID and severity, so it can be silenced
/// apart from CMPT003's known blockers; what the two share is <see cref="BlockingCallAnalysis"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CMPT004AsyncCounterpartAnalyzer : DiagnosticAnalyzer
{
    /// <summary>CMPT004: an ...Async counterpart exists.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: RuleIds.AsyncCounterpart,
        title: "Call with an asynchronous counterpart in an AsyncApp handler",
        messageFormat: "'{0}' has an asynchronous counterpart '{1}' taking the same arguments; consider awaiting it",
        category: RuleIds.Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A method with an ...Async sibling often does I/O. This is a heuristic, hence its own ID and info severity.",
        helpLinkUri: RuleIds.HelpLink(RuleIds.AsyncCounterpart));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        BlockingCallAnalysis.Register(context, Rule, knownBlockers: false);
    }
}
