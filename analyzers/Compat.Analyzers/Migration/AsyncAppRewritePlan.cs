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
    private AsyncAppRewritePlan(MethodDeclarationSyntax method, string? noFixReason, bool isIterator, ImmutableArray<AwaitedCall> awaits, ImmutableArray<LocalDeclarationStatementSyntax> startLocals = default)
    {
        Method = method;
        NoFixReason = noFixReason;
        IsIterator = isIterator;
        Awaits = awaits;
        StartLocals = startLocals.IsDefault ? ImmutableArray<LocalDeclarationStatementSyntax>.Empty : startLocals;
    }

    /// <summary>The handler.</summary>
    public MethodDeclarationSyntax Method { get; }

    /// <summary>Why no fix is offered; null when it is.</summary>
    public string? NoFixReason { get; }

    /// <summary>True when the handler already yields its body; otherwise its returns become yields first.</summary>
    public bool IsIterator { get; }

    /// <summary>The blocking calls in the handler's own body that become awaits.</summary>
    public ImmutableArray<AwaitedCall> Awaits { get; }

    /// <summary><c>var w = start(...);</c> declarations of the handler's own startResponse (w unread): each becomes
    /// <c>start(...);</c>, since AsyncStartResponse returns nothing. Found by symbol, so a local function's parameter
    /// of the same name is not touched.</summary>
    public ImmutableArray<LocalDeclarationStatementSyntax> StartLocals { get; }

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
            return new(method, "an expression-bodied handler is rewritten by hand", false, none);
        }

        if (model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol || !symbols.IsSyncAppShaped(symbol))
        {
            return new(method, "it is not shaped like a SyncApp", false, none);
        }

        if (symbol.IsOverride || IteratorRewriteMethod.ImplementsInterface(symbol))
        {
            return new(method, "the return type is fixed by an override or an interface", false, none);
        }

        var isIterator = IteratorRewriteMethod.OwnNodes(method.Body).Any(n => n is YieldStatementSyntax);
        if (!isIterator && IteratorRewritePlan.ForMethod(method, null, model, symbols, null, cancellationToken).NoFixReason is { } iteratorReason)
        {
            return new(method, $"its body cannot be yielded: {iteratorReason}", false, none);
        }

        var startLocals = new List<LocalDeclarationStatementSyntax>();
        var reason = CheckStartResponse(method, symbol, model, startLocals, cancellationToken);
        var awaits = new List<AwaitedCall>();
        reason ??= CollectAwaits(method.Body, symbol, model, symbols, blocking, awaits, cancellationToken);
        return reason is null ? new(method, null, isIterator, awaits.ToImmutableArray(), startLocals.ToImmutableArray()) : new(method, reason, isIterator, none);
    }

    // AsyncStartResponse returns nothing, so startResponse may only be called, its result unused.
    private static string? CheckStartResponse(MethodDeclarationSyntax method, IMethodSymbol symbol, SemanticModel model, List<LocalDeclarationStatementSyntax> startLocals, CancellationToken cancellationToken)
    {
        var parameter = symbol.Parameters[1];
        foreach (var identifier in method.Body!.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.Text != parameter.Name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, parameter))
            {
                continue;
            }

            // A call whose write() went unused may still be assigned to a local (CMPT002 only fires when it is
            // never read): the fix drops the local.
            if (identifier.Parent is not InvocationExpressionSyntax call || call.Expression != identifier
                || call.Parent is not (ExpressionStatementSyntax or EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax } } }))
            {
                return $"'{parameter.Name}' is used other than called; an AsyncStartResponse can only be called";
            }

            if (call.Parent is EqualsValueClauseSyntax { Parent.Parent.Parent: LocalDeclarationStatementSyntax declaration })
            {
                startLocals.Add(declaration);
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

            var counterpart = member is IMethodSymbol method ? CMPT003BlockingCallAnalyzer.AsyncCounterpart(method, cancellationTokenType) : null;
            var fix = CMPT003BlockingCallAnalyzer.FixFor(operation, counterpart, handler, symbols);
            if (!fix.TryGetValue(CMPT003BlockingCallAnalyzer.FixProperty, out var kind) || kind is null)
            {
                // Left blocking: once the handler is an AsyncApp, CMPT003 points at it.
                continue;
            }

            if (AwaitPlacement.Problem(node, body, model, cancellationToken) is { } problem)
            {
                return $"'{member.Name}' cannot be awaited: {problem}";
            }

            fix.TryGetValue(CMPT003BlockingCallAnalyzer.CounterpartProperty, out var name);
            fix.TryGetValue(CMPT003BlockingCallAnalyzer.TokenProperty, out var token);
            awaits.Add(new AwaitedCall((ExpressionSyntax)node, kind, name, token));
        }

        return null;
    }
}
