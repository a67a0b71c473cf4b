using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compat.Analyzers;

/// <summary>
/// CMPT003: a known blocking call inside an AsyncApp handler (waiting on a task, sleeping, synchronous I/O). Calls
/// that merely have an ...Async counterpart are CMPT004's (<see cref="CMPT004AsyncCounterpartAnalyzer"/>); what the
/// two share is <see cref="BlockingCallAnalysis"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CMPT003BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>CMPT003: a known blocker.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: RuleIds.BlockingCall,
        title: "Blocking call in an AsyncApp handler",
        messageFormat: "'{0}' blocks the thread inside an AsyncApp handler, which runs on the shared ThreadPool; await an asynchronous alternative",
        category: RuleIds.Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "AsyncApp handlers run on the ThreadPool with the host's I/O. Waiting on a task, sleeping, or synchronous stream, reader or file I/O there starves every other request.",
        helpLinkUri: RuleIds.HelpLink(RuleIds.BlockingCall));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        BlockingCallAnalysis.Register(context, Rule, knownBlockers: true);
    }
}
