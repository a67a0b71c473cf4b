using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compat.Analyzers.Migration;

/// <summary>
/// Decides whether CMPT001's fix can turn a handler into an iterator (each <c>write(x)</c> becoming
/// <c>yield return x</c>) with the same bytes and valid C#, and if not, says why. Write passed to a private helper
/// makes one rewrite of the handler, the helper and every other caller of the helper: each must be rewritable, or
/// none is touched. The analyzer and the code fix both ask it, so the diagnostic's "fixable" and the fix's behaviour
/// cannot disagree.
/// </summary>
internal sealed class IteratorRewritePlan
{
    private IteratorRewritePlan(MethodDeclarationSyntax? method, string? noFixReason, IReadOnlyList<IteratorRewriteMethod> methods)
    {
        Method = method;
        NoFixReason = noFixReason;
        Methods = methods;
    }

    /// <summary>The method the use of write is in.</summary>
    public MethodDeclarationSyntax? Method { get; }

    /// <summary>Why no fix is offered; null when it is.</summary>
    public string? NoFixReason { get; }

    /// <summary>Every method the fix rewrites, <see cref="Method"/> first; empty when no fix is offered.</summary>
    public IReadOnlyList<IteratorRewriteMethod> Methods { get; }

    /// <summary>Plans the rewrite of the method around a use of write.</summary>
    /// <param name="use">The node of a CMPT001 diagnostic.</param>
    /// <param name="model">The semantic model.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The plan.</returns>
    public static IteratorRewritePlan For(SyntaxNode use, SemanticModel model, GatewaySymbols symbols, CancellationToken cancellationToken) =>
        EnclosingFunction(use) is MethodDeclarationSyntax method
            ? ForMethod(method, null, model, symbols, null, cancellationToken)
            : No(null, "write is used inside a lambda, local function or accessor; only a handler method is rewritten");

    /// <summary>Plans the rewrite of one method, given the operation tree the caller may already have for its body.</summary>
    /// <param name="method">The method (a handler, or a helper that takes write).</param>
    /// <param name="bodyOperation">The operation of the method's body, or null to ask the model.</param>
    /// <param name="model">The semantic model.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <param name="cache">What earlier plans of the compilation learnt, or null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The plan.</returns>
    public static IteratorRewritePlan ForMethod(MethodDeclarationSyntax method, IOperation? bodyOperation, SemanticModel model, GatewaySymbols symbols, IteratorRewriteCache? cache, CancellationToken cancellationToken)
    {
        if (cache is not null && cache.Plans.TryGetValue(method, out var known))
        {
            return known;
        }

        var plan = Compute(method, bodyOperation, model, symbols, cache, cancellationToken);
        if (cache is not null)
        {
            // A group that can be rewritten is the same group seen from any of its members.
            foreach (var member in plan.Methods)
            {
                cache.Plans.TryAdd(member.Syntax, member.Syntax == method ? plan : new IteratorRewritePlan(member.Syntax, null, plan.Methods));
            }

            cache.Plans.TryAdd(method, plan);
        }

        return plan;
    }

    /// <summary>The innermost method, local function, lambda, accessor or constructor around a node: the plan is the
    /// same for every use of write whose enclosing function is the same method.</summary>
    /// <param name="node">A node in a function.</param>
    /// <returns>The function, or null.</returns>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node) =>
        node.AncestorsAndSelf().FirstOrDefault(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or ConstructorDeclarationSyntax);

    private static IteratorRewritePlan Compute(MethodDeclarationSyntax method, IOperation? bodyOperation, SemanticModel model, GatewaySymbols symbols, IteratorRewriteCache? cache, CancellationToken cancellationToken)
    {
        if (Analyze(method, bodyOperation, model, symbols, cache, cancellationToken, out var first) is { } reason)
        {
            return No(method, reason);
        }

        // Follow write both ways: from a method to the helpers it passes write to, and from a helper to every caller.
        var methods = new List<IteratorRewriteMethod> { first! };
        var included = new HashSet<MethodDeclarationSyntax> { method };
        var pending = new Queue<IteratorRewriteMethod>(methods);
        var helperCalls = new List<(IteratorRewriteMethod Helper, InvocationExpressionSyntax Call)>();
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            var related = current.Helpers.Select(helper => helper.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken)).ToList();
            if (current.IsHelper)
            {
                foreach (var reference in References(current, model, cache, cancellationToken))
                {
                    if (reference is null)
                    {
                        return No(method, $"'{current.Symbol.Name}' is used other than as a statement call passing a handler's write");
                    }

                    if (EnclosingFunction(reference) is not MethodDeclarationSyntax caller)
                    {
                        return No(method, $"'{current.Symbol.Name}' is called outside a method's own body (in a lambda, local function or initializer)");
                    }

                    helperCalls.Add((current, (InvocationExpressionSyntax)reference));
                    related.Add(caller);
                }
            }

            foreach (var node in related)
            {
                if (node is not MethodDeclarationSyntax next || next.SyntaxTree != model.SyntaxTree)
                {
                    return No(method, $"'{current.Symbol.Name}' passes write to a method the fix cannot see");
                }

                if (!included.Add(next)) continue;
                if (Analyze(next, null, model, symbols, cache, cancellationToken, out var added) is { } sharedReason)
                {
                    return Shared(method, next, sharedReason);
                }

                methods.Add(added!);
                pending.Enqueue(added!);
            }
        }

        // Every call of a helper must be one that passes write as a statement: anything else would lose its bytes.
        var rewrittenCalls = new HashSet<InvocationExpressionSyntax>(methods.SelectMany(m => m.HelperCalls.Keys));
        foreach (var (helper, call) in helperCalls)
        {
            if (!rewrittenCalls.Contains(call))
            {
                return No(method, $"'{helper.Symbol.Name}' is used other than as a statement call passing a handler's write");
            }
        }

        // Helpers alone (no handler passes them write) would become iterators nobody yields from: nothing to gain, and
        // the fix would rewrite code that does not serve a response.
        if (methods.TrueForAll(m => m.IsHelper))
        {
            return No(method, $"'{method.Identifier.Text}' gets write from no handler; a helper is rewritten with the handler that passes it write");
        }

        return new IteratorRewritePlan(method, null, methods);
    }

    private static string? Analyze(MethodDeclarationSyntax method, IOperation? bodyOperation, SemanticModel model, GatewaySymbols symbols, IteratorRewriteCache? cache, CancellationToken cancellationToken, out IteratorRewriteMethod? result)
    {
        if (cache is null)
        {
            return IteratorRewriteMethod.Analyze(method, bodyOperation, model, symbols, cancellationToken, out result);
        }

        var (reason, analyzed) = cache.Methods.GetOrAdd(method, _ =>
        {
            var why = IteratorRewriteMethod.Analyze(method, bodyOperation, model, symbols, cancellationToken, out var found);
            return (why, found);
        });
        result = analyzed;
        return reason;
    }

    private static IteratorRewritePlan No(MethodDeclarationSyntax? method, string reason) => new(method, reason, []);

    private static IteratorRewritePlan Shared(MethodDeclarationSyntax method, MethodDeclarationSyntax other, string reason) =>
        No(method, $"'{other.Identifier.Text}' shares write with '{method.Identifier.Text}' and cannot be rewritten with it: {reason}");

    private static IReadOnlyList<SyntaxNode?> References(IteratorRewriteMethod helper, SemanticModel model, IteratorRewriteCache? cache, CancellationToken cancellationToken) =>
        cache is null
            ? FindReferences(helper, model, cancellationToken).ToList()
            : cache.References.GetOrAdd(helper.Syntax, _ => FindReferences(helper, model, cancellationToken).ToList());

    // Each mention of a private helper in its type (the only place it can be named): the invocation when it is
    // called, null when it is named some other way (a method group, nameof).
    private static IEnumerable<SyntaxNode?> FindReferences(IteratorRewriteMethod helper, SemanticModel model, CancellationToken cancellationToken)
    {
        if (helper.Syntax.Parent is not TypeDeclarationSyntax type)
        {
            yield return null;
            yield break;
        }

        var name = helper.Symbol.Name;
        foreach (var simpleName in type.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.ValueText == name))
        {
            var info = model.GetSymbolInfo(simpleName, cancellationToken);
            if (!info.CandidateSymbols.Prepend(info.Symbol).Any(s => SymbolEqualityComparer.Default.Equals(s?.OriginalDefinition, helper.Symbol)))
            {
                continue;
            }

            var callee = simpleName.Parent is MemberAccessExpressionSyntax access && access.Name == simpleName ? (ExpressionSyntax)access : simpleName;
            yield return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee ? invocation : null;
        }
    }
}
