using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers.Migration;

/// <summary>
/// Decides whether CMPT001's fix can turn a handler into an iterator (each <c>write(x)</c> becoming
/// <c>yield return x</c>) with the same bytes and valid C#, and if not, says why. The analyzer and the code fix
/// both ask it, so the diagnostic's "fixable" and the fix's behaviour cannot disagree.
/// </summary>
internal sealed class IteratorRewritePlan
{
    private IteratorRewritePlan(MethodDeclarationSyntax? method, string? noFixReason, ISet<ILocalSymbol> writeLocals)
    {
        Method = method;
        NoFixReason = noFixReason;
        WriteLocals = writeLocals;
    }

    /// <summary>The handler to rewrite.</summary>
    public MethodDeclarationSyntax? Method { get; }

    /// <summary>Why no fix is offered; null when it is.</summary>
    public string? NoFixReason { get; }

    /// <summary>The write local and its aliases.</summary>
    public ISet<ILocalSymbol> WriteLocals { get; }

    /// <summary>Plans the rewrite of the handler around a use of write.</summary>
    /// <param name="use">The node of a CMPT001 diagnostic.</param>
    /// <param name="model">The semantic model.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The plan.</returns>
    public static IteratorRewritePlan For(SyntaxNode use, SemanticModel model, GatewaySymbols symbols, CancellationToken cancellationToken) =>
        For(use, null, model, symbols, cancellationToken);

    /// <summary>Plans the rewrite, given the operation tree the caller already has for the handler's body.</summary>
    /// <param name="use">The node of a CMPT001 diagnostic.</param>
    /// <param name="bodyOperation">The operation of the handler's body, or null to ask the model.</param>
    /// <param name="model">The semantic model.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The plan.</returns>
    public static IteratorRewritePlan For(SyntaxNode use, IOperation? bodyOperation, SemanticModel model, GatewaySymbols symbols, CancellationToken cancellationToken)
    {
        var locals = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        if (EnclosingFunction(use) is not MethodDeclarationSyntax method)
        {
            return No(null, "write is used inside a lambda, local function or accessor; only a handler method is rewritten", locals);
        }

        if (model.GetDeclaredSymbol(method, cancellationToken) is not { } symbol || !symbols.IsSyncAppShaped(symbol))
        {
            return No(method, $"'{method.Identifier.Text}' is not shaped like a SyncApp (a helper that takes write is rewritten by hand)", locals);
        }

        if (symbol.IsOverride || ImplementsInterface(symbol))
        {
            return No(method, "the return type is fixed by an override or an interface", locals);
        }

        if (method.Body is null)
        {
            return No(method, "an expression-bodied handler is rewritten by hand", locals);
        }

        // Everything typed comes from the body's operation tree, bound once; the model is asked only for what is rare.
        if ((bodyOperation ?? model.GetOperation(method.Body, cancellationToken)) is not { } block)
        {
            return No(method, "the handler's body could not be analyzed", locals);
        }

        var declarators = OwnOperations(block).OfType<IVariableDeclaratorOperation>().ToList();
        var reason = CollectWriteLocals(declarators, symbols, locals)
            ?? CheckUses(method.Body, block, symbols, locals)
            ?? CheckReturns(method.Body)
            ?? CheckRefLocals(method.Body, declarators, model, symbols);
        return reason is null ? new IteratorRewritePlan(method, null, locals) : No(method, reason, locals);
    }

    /// <summary>The innermost method, local function, lambda, accessor or constructor around a node: the plan is the
    /// same for every use of write whose enclosing function is the same method.</summary>
    /// <param name="node">A node in a function.</param>
    /// <returns>The function, or null.</returns>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node) =>
        node.AncestorsAndSelf().FirstOrDefault(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or ConstructorDeclarationSyntax);

    /// <summary>True for a statement <c>write(x);</c> through a write local or straight off <c>start(...)</c>.</summary>
    public static bool IsWriteStatement(StatementSyntax statement, SemanticModel model, GatewaySymbols symbols, out InvocationExpressionSyntax call)
    {
        call = null!;
        if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }) return false;
        call = invocation;
        return SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(invocation.Expression).Type, symbols.Write);
    }

    private static IteratorRewritePlan No(MethodDeclarationSyntax? method, string reason, ISet<ILocalSymbol> locals) => new(method, reason, locals);

    internal static bool ImplementsInterface(IMethodSymbol method) =>
        method.ExplicitInterfaceImplementations.Length > 0
        || method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers()).Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method));

    /// <summary>A function body's nodes without its nested lambdas and local functions, which are not the handler.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The nodes.</returns>
    internal static IEnumerable<SyntaxNode> OwnNodes(SyntaxNode body) =>
        body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

    private static IEnumerable<IOperation> OwnOperations(IOperation root)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation && operation != root)
            {
                continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }
    }

    private static string? CollectWriteLocals(List<IVariableDeclaratorOperation> declarators, GatewaySymbols symbols, ISet<ILocalSymbol> locals)
    {
        foreach (var declarator in declarators)
        {
            if (!SymbolEqualityComparer.Default.Equals(declarator.Symbol.Type, symbols.Write)) continue;
            if (declarator.Syntax is not VariableDeclaratorSyntax { Initializer: not null, Parent.Parent: LocalDeclarationStatementSyntax })
            {
                return "write is kept in a variable the fix does not follow";
            }

            locals.Add(declarator.Symbol);
        }

        return null;
    }

    // Walks the body's operations, which the compiler binds once per method, rather than asking the model for the
    // type of every identifier: the analyzer runs this for every handler in a build.
    private static string? CheckUses(BlockSyntax body, IOperation? block, GatewaySymbols symbols, ISet<ILocalSymbol> locals)
    {
        if (block is null)
        {
            return "the handler's body could not be analyzed";
        }

        foreach (var operation in block.Descendants())
        {
            if (operation is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation)
                || !SymbolEqualityComparer.Default.Equals(operation.Type, symbols.Write))
            {
                continue;
            }

            var node = operation.Syntax;
            if (operation is not (IInvocationOperation or ILocalReferenceOperation) || (operation is ILocalReferenceOperation reference && !locals.Contains(reference.Local)))
            {
                return "write is kept in a field or parameter the fix does not follow";
            }

            var parent = node.Parent;
            if (parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax } || parent is ExpressionStatementSyntax)
            {
                continue;
            }

            if (parent is not InvocationExpressionSyntax call || call.Expression != node || call.Parent is not ExpressionStatementSyntax statement)
            {
                return "write is passed, stored, or used inside an expression; only write(x); statements become yield return";
            }

            if (statement.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                return "write is called from a lambda or local function, where yield cannot go";
            }

            if (InCatchOrFinally(statement, body))
            {
                return "write is called inside a try with catch, or in a catch or finally, where C# forbids yield return";
            }
        }

        return null;
    }

    private static string? CheckReturns(BlockSyntax body)
    {
        foreach (var node in OwnNodes(body))
        {
            if (node is ReturnStatementSyntax { Expression: { } expression } returned && !IsEmptyCollection(expression) && InCatchOrFinally(returned, body))
            {
                return "a non-empty return inside a try with catch would become yield return, which C# forbids there";
            }

            if (node is UnsafeStatementSyntax or FixedStatementSyntax)
            {
                return "an iterator cannot contain unsafe code";
            }
        }

        return null;
    }

    // Ref locals are allowed in iterators from C# 13; Span-like locals already were. Either may not live across a
    // yield, which is checked conservatively: no yield may follow it in its scope.
    private static string? CheckRefLocals(BlockSyntax body, List<IVariableDeclaratorOperation> declarators, SemanticModel model, GatewaySymbols symbols)
    {
        foreach (var declarator in declarators)
        {
            if (!declarator.Symbol.IsRef && !declarator.Symbol.Type.IsRefLikeType) continue;
            if (declarator.Symbol.IsRef && ((CSharpParseOptions)body.SyntaxTree.Options).LanguageVersion < (LanguageVersion)1300)
            {
                return "an iterator cannot have ref locals before C# 13";
            }

            if (declarator.Syntax.Parent?.Parent is not LocalDeclarationStatementSyntax declaration || YieldFollowsInScope(declaration, model, symbols))
            {
                return "a Span or ref local would be in scope across a yield, where an iterator cannot keep it; rewrite by hand";
            }
        }

        return null;
    }

    public static bool IsEmptyCollection(ExpressionSyntax expression) => expression switch
    {
        CollectionExpressionSyntax collection => collection.Elements.Count == 0,
        ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Count == 0,
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Count == 0,
        _ => false,
    };

    // Whether a statement that becomes a yield (a write, a non-empty return, or a yield already there) comes after
    // the declaration in its block. None does: the local is dead before any yield, which C# 13 accepts.
    private static bool YieldFollowsInScope(LocalDeclarationStatementSyntax declaration, SemanticModel model, GatewaySymbols symbols)
    {
        if (declaration.Parent is not BlockSyntax block)
        {
            return true;
        }

        return block.Statements
            .SkipWhile(statement => statement != declaration)
            .Skip(1)
            .SelectMany(statement => OwnNodes(statement).Prepend(statement))
            .Any(node => node is YieldStatementSyntax
                || (node is ReturnStatementSyntax { Expression: { } returned } && !IsEmptyCollection(returned))
                || (node is StatementSyntax statement && IsWriteStatement(statement, model, symbols, out _)));
    }

    private static bool InCatchOrFinally(SyntaxNode node, SyntaxNode body)
    {
        SyntaxNode child = node;
        foreach (var ancestor in node.Ancestors().TakeWhile(a => a != body))
        {
            switch (ancestor)
            {
                case CatchClauseSyntax:
                case FinallyClauseSyntax:
                    return true;
                case TryStatementSyntax tryStatement when tryStatement.Block == child && tryStatement.Catches.Count > 0:
                    return true;
            }

            child = ancestor;
        }

        return false;
    }
}
