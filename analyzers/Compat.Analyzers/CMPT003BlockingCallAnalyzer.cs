using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers;

/// <summary>
/// CMPT003: a known blocking call inside an AsyncApp handler. CMPT004 (info, separate so it can be silenced on its
/// own): a call there that has an ...Async counterpart taking the same arguments; that heuristic is what made CA1849
/// and VSTHRD103 noisy. Both judge a call by its innermost function: a lambda inside the handler (run elsewhere,
/// perhaps on the ThreadPool on purpose) is not the handler.
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

    /// <summary>CMPT004: an ...Async counterpart exists.</summary>
    public static readonly DiagnosticDescriptor CounterpartRule = new(
        id: RuleIds.AsyncCounterpart,
        title: "Call with an asynchronous counterpart in an AsyncApp handler",
        messageFormat: "'{0}' has an asynchronous counterpart '{1}' taking the same arguments; consider awaiting it",
        category: RuleIds.Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A method with an ...Async sibling often does I/O. This is a heuristic, hence its own ID and info severity.",
        helpLinkUri: RuleIds.HelpLink(RuleIds.AsyncCounterpart));

    /// <summary>Diagnostic property: how the fix rewrites the call ("Await", "Delay", or "Counterpart"); absent when it cannot.</summary>
    public const string FixProperty = FixProperties.Fix;

    /// <summary>Diagnostic property: the asynchronous member to call, for "Counterpart".</summary>
    public const string CounterpartProperty = "Counterpart";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, CounterpartRule);

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
            var cancellationToken = start.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            start.RegisterOperationAction(
                operation =>
                {
                    var (member, name) = operation.Operation switch
                    {
                        IInvocationOperation call => ((ISymbol)call.TargetMethod, call.TargetMethod.Name),
                        IPropertyReferenceOperation property => (property.Property, property.Property.Name),
                        _ => (null!, string.Empty),
                    };
                    if (member is null || !InAsyncAppHandler(operation.Operation, operation.ContainingSymbol, symbols))
                    {
                        return;
                    }

                    var display = $"{member.ContainingType.Name}.{name}";
                    var counterpart = member is IMethodSymbol method ? AsyncCounterpart(method, cancellationToken) : null;
                    if (blocking.IsBlocking(member))
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(Rule, operation.Operation.Syntax.GetLocation(), FixFor(operation.Operation, counterpart), display));
                    }
                    else if (counterpart is not null)
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(CounterpartRule, operation.Operation.Syntax.GetLocation(), FixFor(operation.Operation, counterpart), display, counterpart.Name));
                    }
                },
                OperationKind.Invocation,
                OperationKind.PropertyReference);
        });
    }

    // The innermost function around the operation decides: the handler itself, or a lambda or local function in it.
    private static bool InAsyncAppHandler(IOperation operation, ISymbol containingSymbol, GatewaySymbols symbols)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation lambda: return IsAsyncHandler(lambda.Symbol, symbols);
                case ILocalFunctionOperation local: return IsAsyncHandler(local.Symbol, symbols);
            }
        }

        return containingSymbol is IMethodSymbol method && IsAsyncHandler(method, symbols);
    }

    // What the fix will do, decided here so the fix cannot disagree: await the task itself (.Result, .Wait(),
    // .GetAwaiter().GetResult()), Thread.Sleep to Task.Delay, or call the ...Async counterpart.
    internal static ImmutableDictionary<string, string?> FixFor(IOperation operation, IMethodSymbol? counterpart)
    {
        var none = ImmutableDictionary<string, string?>.Empty;
        var member = operation switch
        {
            IInvocationOperation call => (ISymbol)call.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        switch (member?.Name)
        {
            case "Result" when operation is IPropertyReferenceOperation { Instance: not null }:
            case "Wait" when operation is IInvocationOperation { Instance: not null, Arguments.Length: 0 }:
                return none.Add(FixProperty, "Await");
            case "GetResult" when operation is IInvocationOperation { Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" or "ConfigureAwait" } }:
                return none.Add(FixProperty, "Await");
            case "Sleep" when member.ContainingType.Name == "Thread":
                return none.Add(FixProperty, "Delay");
        }

        return counterpart is null ? none : none.Add(FixProperty, "Counterpart").Add(CounterpartProperty, counterpart.Name);
    }

    private static bool IsAsyncHandler(IMethodSymbol method, GatewaySymbols symbols) => method.IsAsync && symbols.IsAsyncAppShaped(method);

    internal static IMethodSymbol? AsyncCounterpart(IMethodSymbol method, INamedTypeSymbol? cancellationToken)
    {
        if (method.Name.EndsWith("Async", System.StringComparison.Ordinal)) return null;
        foreach (var candidate in method.ContainingType.GetMembers(method.Name + "Async").OfType<IMethodSymbol>())
        {
            if (candidate.IsStatic != method.IsStatic) continue;
            var parameters = candidate.Parameters;
            if (parameters.Length > 0 && SymbolEqualityComparer.Default.Equals(parameters[parameters.Length - 1].Type, cancellationToken))
            {
                parameters = parameters.RemoveAt(parameters.Length - 1);
            }

            if (parameters.Length == method.Parameters.Length
                && parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same))
            {
                return candidate;
            }
        }

        return null;
    }
}
