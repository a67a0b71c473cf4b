using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers.Migration;

/// <summary>
/// Decides whether CMPT002's fix can turn a SyncApp that no longer uses write() into an AsyncApp: an
/// <c>async IAsyncEnumerable&lt;ReadOnlyMemory&lt;byte&gt;&gt;</c> taking <c>AsyncStartResponse</c>, its returned
/// body yielded (as CMPT001's fix does) and its blocking calls awaited (as CMPT003's fix does), and if not, why.
/// The analyzer and the fix both ask it.
/// </summary>
internal sealed class AsyncAppRewritePlan
{
    private AsyncAppRewritePlan(MethodDeclarationSyntax method, string? noFixReason, ImmutableArray<AwaitedCall> awaits)
    {
        Method = method;
        NoFixReason = noFixReason;
        Awaits = awaits;
    }

    /// <summary>The handler.</summary>
    public MethodDeclarationSyntax Method { get; }

    /// <summary>Why no fix is offered; null when it is.</summary>
    public string? NoFixReason { get; }

    /// <summary>The blocking calls in the handler's own body that become awaits.</summary>
    public ImmutableArray<AwaitedCall> Awaits { get; }

    /// <summary>Plans the rewrite of a SyncApp-shaped handler.</summary>
    /// <param name="method">The handler's declaration.</param>
    /// <param name="model">The semantic model.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <param name="blocking">The compilation's blocking members.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The plan.</returns>
    public static AsyncAppRewritePlan For(MethodDeclarationSyntax method, SemanticModel model, GatewaySymbols symbols, BlockingCalls blocking, CancellationToken cancellationToken)
    {
        var none = ImmutableArray<AwaitedCall>.Empty;
        if (method.Body is null)
        {
            return new(method, "an expression-bodied handler is rewritten by hand", none);
        }

        if (model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol || !symbols.IsSyncAppShaped(symbol))
        {
            return new(method, "it is not shaped like a SyncApp", none);
        }

        if (symbol.IsOverride || IteratorRewriteMethod.ImplementsInterface(symbol))
        {
            return new(method, "the return type is fixed by an override or an interface", none);
        }

        // CMPT001's rewrite yields a returned body and drops what held write (`var w = start(...)`, aliases): on a
        // handler that is already an iterator it only drops those.
        if (IteratorRewritePlan.ForMethod(method, null, model, symbols, null, cancellationToken).NoFixReason is { } iteratorReason)
        {
            return new(method, $"its body cannot be yielded: {iteratorReason}", none);
        }

        var reason = CheckStartResponse(method, symbol, model, cancellationToken);
        var awaits = new List<AwaitedCall>();
        reason ??= CollectAwaits(method.Body, symbol, model, symbols, blocking, awaits, cancellationToken);
        return new(method, reason, reason is null ? awaits.ToImmutableArray() : none);
    }

    // AsyncStartResponse returns nothing, so startResponse may only be called; where its result goes (a statement, a
    // local that is never read as write) CMPT001's plan has already checked.
    private static string? CheckStartResponse(MethodDeclarationSyntax method, IMethodSymbol symbol, SemanticModel model, CancellationToken cancellationToken)
    {
        var parameter = symbol.Parameters[1];
        foreach (var identifier in method.Body!.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.Text == parameter.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, parameter)
                && (identifier.Parent is not InvocationExpressionSyntax call || call.Expression != identifier))
            {
                return $"'{parameter.Name}' is used other than called; an AsyncStartResponse can only be called";
            }
        }

        return null;
    }

    private static string? CollectAwaits(BlockSyntax body, IMethodSymbol handler, SemanticModel model, GatewaySymbols symbols, BlockingCalls blocking, List<AwaitedCall> awaits, CancellationToken cancellationToken)
    {
        var cancellationTokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        foreach (var node in IteratorRewriteMethod.OwnNodes(body))
        {
            if (node is not (InvocationExpressionSyntax or MemberAccessExpressionSyntax)
                || model.GetOperation(node, cancellationToken) is not { } operation)
            {
                continue;
            }

            ISymbol? member = operation switch
            {
                IInvocationOperation call => call.TargetMethod,
                IPropertyReferenceOperation property => property.Property,
                _ => null,
            };
            if (member is null || !blocking.IsBlocking(member))
            {
                continue;
            }

            var counterpart = member is IMethodSymbol method ? BlockingCallAnalysis.AsyncCounterpart(method, cancellationTokenType) : null;
            var fix = BlockingCallAnalysis.FixFor(operation, counterpart, handler, symbols);
            if (!fix.TryGetValue(BlockingCallAnalysis.FixProperty, out var kind) || kind is null)
            {
                // Left blocking: once the handler is an AsyncApp, CMPT003 points at it.
                continue;
            }

            if (AwaitPlacement.Problem(node, body, model, cancellationToken) is { } problem)
            {
                return $"'{member.Name}' cannot be awaited: {problem}";
            }

            fix.TryGetValue(BlockingCallAnalysis.CounterpartProperty, out var name);
            fix.TryGetValue(BlockingCallAnalysis.TokenProperty, out var token);
            awaits.Add(new AwaitedCall((ExpressionSyntax)node, kind, name, token));
        }

        return null;
    }
}
