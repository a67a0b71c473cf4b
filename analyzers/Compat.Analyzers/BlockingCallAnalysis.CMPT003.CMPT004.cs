using System.Collections.Immutable;
using System.Linq;
using Compat.Analyzers.Migration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers;

/// <summary>
/// What CMPT003 and CMPT004 share: which calls inside an AsyncApp handler block, which have an ...Async counterpart,
/// and what the "await instead" fix will do with each. Both judge a call by its innermost function: a lambda inside
/// the handler (run elsewhere, perhaps on the ThreadPool on purpose) is not the handler.
/// </summary>
internal static class BlockingCallAnalysis
{
    /// <summary>Diagnostic property: how the fix rewrites the call ("Await", "Delay", or "Counterpart"); absent when it cannot.</summary>
    public const string FixProperty = FixProperties.Fix;

    /// <summary>Diagnostic property: the asynchronous member to call, for "Counterpart".</summary>
    public const string CounterpartProperty = "Counterpart";

    /// <summary>Diagnostic property: the cancellation token to pass when the asynchronous member takes one
    /// (<c>environ.RequestAborted</c>); absent when there is none to pass.</summary>
    public const string TokenProperty = "Token";

    /// <summary>Reports <paramref name="rule"/> for the known blockers (CMPT003) or for the other calls with a counterpart (CMPT004).</summary>
    /// <param name="context">The analyzer's context.</param>
    /// <param name="rule">The descriptor to report.</param>
    /// <param name="knownBlockers">True for the known blockers, false for the counterparts.</param>
    public static void Register(AnalysisContext context, DiagnosticDescriptor rule, bool knownBlockers)
    {
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
                    // nameof(t.Result) names the member; nothing runs.
                    if (member is null || InNameOf(operation.Operation) || !InAsyncAppHandler(operation.Operation, operation.ContainingSymbol, symbols))
                    {
                        return;
                    }

                    var display = $"{member.ContainingType.Name}.{name}";
                    var counterpart = member is IMethodSymbol method ? AsyncCounterpart(method, cancellationToken) : null;
                    var isBlocking = blocking.IsBlocking(member);
                    // A known blocker is CMPT003's whether or not it has a counterpart; the rest with one are CMPT004's.
                    if (isBlocking != knownBlockers || (!isBlocking && counterpart is null))
                    {
                        return;
                    }

                    var handler = operation.ContainingSymbol as IMethodSymbol;
                    var body = operation.Operation.Syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Body;
                    var fix = FixFor(operation.Operation, counterpart, handler, symbols);
                    if (FixProperties.Offers(fix) && AwaitPlacement.Problem(operation.Operation.Syntax, body, operation.Operation.SemanticModel!, operation.CancellationToken) is { } problem)
                    {
                        fix = ImmutableDictionary<string, string?>.Empty.Add(FixProperties.NoFixReason, problem);
                    }

                    operation.ReportDiagnostic(isBlocking
                        ? Diagnostic.Create(rule, operation.Operation.Syntax.GetLocation(), fix, display)
                        : Diagnostic.Create(rule, operation.Operation.Syntax.GetLocation(), fix, display, counterpart!.Name));
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
    // .GetAwaiter().GetResult()), Thread.Sleep to Task.Delay, or call the ...Async counterpart. Only where the awaited
    // value is the value the call returned: Wait(timeout) returns whether it finished, WaitAsync(timeout) throws.
    internal static ImmutableDictionary<string, string?> FixFor(IOperation operation, IMethodSymbol? counterpart, IMethodSymbol? handler, GatewaySymbols symbols)
    {
        var none = ImmutableDictionary<string, string?>.Empty;
        var member = operation switch
        {
            IInvocationOperation call => (ISymbol)call.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        var type = member?.ContainingType?.OriginalDefinition.ToDisplayString();
        var token = TokenExpression(handler, symbols);
        switch (member?.Name)
        {
            case "Result" when operation is IPropertyReferenceOperation { Instance: not null } && type is "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>":
            case "Wait" when operation is IInvocationOperation { Instance: not null, Arguments.Length: 0 } && type is "System.Threading.Tasks.Task":
                return none.Add(FixProperty, "Await");
            case "GetResult" when operation is IInvocationOperation { Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" } } && type?.StartsWith("System.Runtime.CompilerServices.", System.StringComparison.Ordinal) == true:
                return none.Add(FixProperty, "Await");
            case "Sleep" when type is "System.Threading.Thread":
                return With(none.Add(FixProperty, "Delay"), token);
        }

        if (counterpart is null || member is not IMethodSymbol blocking)
        {
            return none.Add(FixProperties.NoFixReason, "no asynchronous counterpart is known");
        }

        if (!AwaitsTo(counterpart, blocking))
        {
            return none.Add(FixProperties.NoFixReason, $"'{counterpart.Name}' does not return what '{blocking.Name}' returns once awaited");
        }

        var fix = none.Add(FixProperty, "Counterpart").Add(CounterpartProperty, counterpart.Name);
        return counterpart.Parameters.Length > blocking.Parameters.Length ? With(fix, token) : fix;

        static ImmutableDictionary<string, string?> With(ImmutableDictionary<string, string?> fix, string? token) =>
            token is null ? fix : fix.Add(TokenProperty, token);
    }

    // environ.RequestAborted, when the handler has its environ at hand: the awaited call stops when the client goes.
    private static string? TokenExpression(IMethodSymbol? handler, GatewaySymbols symbols) =>
        handler?.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type, symbols.Environ)) is { } environ
            ? $"{environ.Name}.RequestAborted"
            : null;

    // void ↔ Task or ValueTask; T ↔ Task<T> or ValueTask<T>.
    private static bool AwaitsTo(IMethodSymbol counterpart, IMethodSymbol blocking)
    {
        var returned = counterpart.ReturnType as INamedTypeSymbol;
        var name = returned?.OriginalDefinition.ToDisplayString();
        if (blocking.ReturnsVoid)
        {
            return name is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask";
        }

        return name is "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>"
            && returned!.TypeArguments[0].ToDisplayString() == blocking.ReturnType.ToDisplayString();
    }

    private static bool InNameOf(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is INameOfOperation) return true;
        }

        return false;
    }

    private static bool IsAsyncHandler(IMethodSymbol method, GatewaySymbols symbols) => method.IsAsync && symbols.IsAsyncAppShaped(method);

    // The ...Async method taking the same arguments, and a CancellationToken last if an overload does (preferred).
    internal static IMethodSymbol? AsyncCounterpart(IMethodSymbol method, INamedTypeSymbol? cancellationToken)
    {
        if (method.Name.EndsWith("Async", System.StringComparison.Ordinal)) return null;
        IMethodSymbol? found = null;
        foreach (var candidate in method.ContainingType.GetMembers(method.Name + "Async").OfType<IMethodSymbol>())
        {
            if (candidate.IsStatic != method.IsStatic || candidate.Arity != method.Arity) continue;
            var constructed = method.IsGenericMethod ? candidate.Construct(method.TypeArguments.ToArray()) : candidate;
            var parameters = constructed.Parameters;
            var takesToken = parameters.Length > 0 && SymbolEqualityComparer.Default.Equals(parameters[parameters.Length - 1].Type, cancellationToken);
            if (takesToken)
            {
                parameters = parameters.RemoveAt(parameters.Length - 1);
            }

            if (parameters.Length == method.Parameters.Length
                && parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type) && a.RefKind == b.RefKind).All(same => same))
            {
                if (takesToken) return constructed;
                found ??= constructed;
            }
        }

        return found;
    }
}
