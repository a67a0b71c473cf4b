using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers.Migration;

/// <summary>
/// One method of CMPT001's rewrite, judged on its own: a SyncApp-shaped handler (write comes from
/// <c>start(...)</c>) or a helper that takes write as a parameter. Says how write flows through it (its aliases and
/// the statements that pass it to a helper), or why the method cannot become an iterator.
/// </summary>
internal sealed class IteratorRewriteMethod
{
    private IteratorRewriteMethod(MethodDeclarationSyntax syntax, IMethodSymbol symbol, IParameterSymbol? writeParameter)
    {
        Syntax = syntax;
        Symbol = symbol;
        WriteParameter = writeParameter;
    }

    /// <summary>The method.</summary>
    public MethodDeclarationSyntax Syntax { get; }

    /// <summary>Its symbol.</summary>
    public IMethodSymbol Symbol { get; }

    /// <summary>For a helper, the parameter write comes in by (it goes away); null for a handler.</summary>
    public IParameterSymbol? WriteParameter { get; }

    /// <summary>True for a helper that takes write.</summary>
    public bool IsHelper => WriteParameter is not null;

    /// <summary>The locals holding write (<c>var write = start(...)</c> and aliases); they go away.</summary>
    public ISet<ILocalSymbol> WriteLocals { get; } = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

    /// <summary>The statement calls <c>Helper(..., write, ...)</c>: each becomes a foreach that yields the helper's chunks.</summary>
    public ISet<InvocationExpressionSyntax> HelperCalls { get; } = new HashSet<InvocationExpressionSyntax>();

    /// <summary>The helpers those calls go to.</summary>
    public IList<IMethodSymbol> Helpers { get; } = new List<IMethodSymbol>();

    /// <summary>Judges one method.</summary>
    /// <param name="method">The method.</param>
    /// <param name="bodyOperation">The operation of its body when the caller has it, or null to ask the model.</param>
    /// <param name="model">The semantic model of its tree.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="result">The method's write flow when it can be rewritten.</param>
    /// <returns>Why it cannot become an iterator, or null.</returns>
    public static string? Analyze(MethodDeclarationSyntax method, IOperation? bodyOperation, SemanticModel model, GatewaySymbols symbols, CancellationToken cancellationToken, out IteratorRewriteMethod? result)
    {
        result = null;
        if (model.GetDeclaredSymbol(method, cancellationToken) is not { } symbol)
        {
            return "the method could not be analyzed";
        }

        IParameterSymbol? writeParameter = null;
        if (!symbols.IsSyncAppShaped(symbol))
        {
            if (HelperShapeProblem(symbol, symbols) is { } problem)
            {
                return $"'{symbol.Name}' is neither shaped like a SyncApp nor a helper the fix can rewrite: {problem}";
            }

            writeParameter = symbol.Parameters.Single(p => SymbolEqualityComparer.Default.Equals(p.Type, symbols.Write));
        }
        else if (symbol.IsOverride || ImplementsInterface(symbol))
        {
            return "the return type is fixed by an override or an interface";
        }

        if (method.Body is null)
        {
            return writeParameter is null ? "an expression-bodied handler is rewritten by hand" : "an expression-bodied helper is rewritten by hand";
        }

        // Everything typed comes from the body's operation tree, bound once; the model is asked only for what is rare.
        if ((bodyOperation ?? model.GetOperation(method.Body, cancellationToken)) is not { } block)
        {
            return "the method's body could not be analyzed";
        }

        var candidate = new IteratorRewriteMethod(method, symbol, writeParameter);
        var declarators = OwnOperations(block).OfType<IVariableDeclaratorOperation>().ToList();
        var reason = candidate.CollectWriteLocals(declarators, symbols)
            ?? candidate.CheckUses(method.Body, block, symbols)
            ?? CheckReturns(method.Body)
            ?? candidate.CheckRefLocals(method.Body, declarators, model, symbols);
        result = reason is null ? candidate : null;
        return reason;
    }

    /// <summary>True for a statement <c>write(x);</c> through a write local or parameter, or straight off <c>start(...)</c>.</summary>
    /// <param name="statement">The statement.</param>
    /// <param name="model">The semantic model.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <param name="call">The write call.</param>
    /// <returns>Whether it is one.</returns>
    public static bool IsWriteStatement(StatementSyntax statement, SemanticModel model, GatewaySymbols symbols, out InvocationExpressionSyntax call)
    {
        call = null!;
        if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }) return false;
        call = invocation;
        return SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(invocation.Expression).Type, symbols.Write);
    }

    /// <summary>True for a statement that passes write to a helper of the rewrite.</summary>
    /// <param name="statement">The statement.</param>
    /// <param name="call">The helper call.</param>
    /// <returns>Whether it is one.</returns>
    public bool IsHelperCallStatement(StatementSyntax statement, out InvocationExpressionSyntax call)
    {
        call = null!;
        if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation } || !HelperCalls.Contains(invocation)) return false;
        call = invocation;
        return true;
    }

    /// <summary>Whether the method's own return type is fixed by an interface it implements.</summary>
    /// <param name="method">The method.</param>
    /// <returns>True when it implements an interface member.</returns>
    internal static bool ImplementsInterface(IMethodSymbol method) =>
        method.ExplicitInterfaceImplementations.Length > 0
        || method.ContainingType.AllInterfaces.SelectMany(i => i.GetMembers()).Any(m => SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(m), method));

    /// <summary>A function body's nodes without its nested lambdas and local functions, which are not the handler.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The nodes.</returns>
    internal static IEnumerable<SyntaxNode> OwnNodes(SyntaxNode body) =>
        body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

    /// <summary>Whether a returned expression is an empty collection, which yields nothing.</summary>
    /// <param name="expression">The returned expression.</param>
    /// <returns>True for <c>[]</c>, <c>new byte[0][] { }</c> and the like.</returns>
    public static bool IsEmptyCollection(ExpressionSyntax expression) => expression switch
    {
        CollectionExpressionSyntax collection => collection.Elements.Count == 0,
        ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Count == 0,
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Count == 0,
        _ => false,
    };

    // A helper the fix can turn into an iterator without touching code it cannot see: a private, ordinary, non-async
    // void method with exactly one Write parameter and no by-reference ones (an iterator cannot have those).
    private static string? HelperShapeProblem(IMethodSymbol symbol, GatewaySymbols symbols)
    {
        var writes = symbol.Parameters.Count(p => SymbolEqualityComparer.Default.Equals(p.Type, symbols.Write));
        if (writes != 1) return writes == 0 ? "it takes no write parameter" : "it takes more than one write parameter";
        if (!symbol.ReturnsVoid) return "it returns a value";
        if (symbol.DeclaredAccessibility != Accessibility.Private) return "it is not private, so code outside its type may call it";
        if (symbol.MethodKind != MethodKind.Ordinary || symbol.IsExtensionMethod || symbol.IsAsync || symbol.IsAbstract || symbol.IsExtern || symbol.PartialDefinitionPart is not null || symbol.PartialImplementationPart is not null)
        {
            return "it is async, extern, partial or an extension method";
        }

        if (symbol.Parameters.Any(p => p.RefKind != RefKind.None)) return "it has ref, out or in parameters, which an iterator cannot";
        if (IsOverloadedOrHides(symbol)) return "another member has its name, which the helper without write could clash with or hide";
        return symbol.ContainingType.DeclaringSyntaxReferences.Length == 1 ? null : "its type is partial, so its callers may be in other files";
    }

    // Without its write parameter the helper's signature could equal an overload's, or hide a base member: both
    // would change what compiles or what a call binds to.
    private static bool IsOverloadedOrHides(IMethodSymbol symbol)
    {
        if (symbol.ContainingType.GetMembers(symbol.Name).Length > 1) return true;
        for (var type = symbol.ContainingType.BaseType; type is not null; type = type.BaseType)
        {
            if (!type.GetMembers(symbol.Name).IsEmpty) return true;
        }

        return false;
    }

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

    private string? CollectWriteLocals(List<IVariableDeclaratorOperation> declarators, GatewaySymbols symbols)
    {
        foreach (var declarator in declarators)
        {
            if (!SymbolEqualityComparer.Default.Equals(declarator.Symbol.Type, symbols.Write)) continue;
            if (declarator.Syntax is not VariableDeclaratorSyntax { Initializer: not null, Parent.Parent: LocalDeclarationStatementSyntax })
            {
                return "write is kept in a variable the fix does not follow";
            }

            WriteLocals.Add(declarator.Symbol);
        }

        return null;
    }

    // Walks the body's operations, which the compiler binds once per method, rather than asking the model for the
    // type of every identifier: the analyzer runs this for every handler in a build.
    private string? CheckUses(BlockSyntax body, IOperation block, GatewaySymbols symbols)
    {
        foreach (var operation in block.Descendants())
        {
            if (operation is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation)
                || !SymbolEqualityComparer.Default.Equals(operation.Type, symbols.Write))
            {
                continue;
            }

            var isWriteVariable = operation switch
            {
                ILocalReferenceOperation local => WriteLocals.Contains(local.Local),
                IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, WriteParameter),
                _ => false,
            };
            if (!isWriteVariable && operation is not IInvocationOperation)
            {
                return "write is kept in a field or parameter the fix does not follow";
            }

            var node = operation.Syntax;
            var parent = node.Parent;
            if (parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax } || parent is ExpressionStatementSyntax)
            {
                continue;
            }

            StatementSyntax statement;
            if (parent is InvocationExpressionSyntax call && call.Expression == node && call.Parent is ExpressionStatementSyntax callStatement)
            {
                statement = callStatement;
            }
            else if (isWriteVariable && HelperCall(operation) is { } helperCall)
            {
                statement = (StatementSyntax)helperCall.Syntax.Parent!;
                HelperCalls.Add((InvocationExpressionSyntax)helperCall.Syntax);
                if (!Helpers.Contains(helperCall.TargetMethod.OriginalDefinition, SymbolEqualityComparer.Default))
                {
                    Helpers.Add(helperCall.TargetMethod.OriginalDefinition);
                }
            }
            else
            {
                return "write is passed, stored, or used inside an expression; only write(x); statements and calls of a helper in the same type become yields";
            }

            if (statement.Ancestors().TakeWhile(a => a != body).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                return "write is called from a lambda or local function, where yield cannot go";
            }

            if (InCatchOrFinally(statement, body))
            {
                return "write is called inside a try with catch, or in a catch or finally, where C# forbids yield return";
            }

            if (InLock(statement, body))
            {
                return LockReason("write is called");
            }
        }

        return null;
    }

    // `Helper(..., write, ...);` as a statement, calling a method of this type: the call the fix can turn into a
    // foreach over the helper's chunks. Whether the helper itself can be rewritten is the plan's question.
    private IInvocationOperation? HelperCall(IOperation reference) =>
        reference.Parent is IArgumentOperation { Parent: IInvocationOperation { Parent: IExpressionStatementOperation } invocation }
        && invocation.Syntax is InvocationExpressionSyntax
        && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, Symbol.ContainingType)
            ? invocation
            : null;

    private static string? CheckReturns(BlockSyntax body)
    {
        foreach (var node in OwnNodes(body))
        {
            if (node is ReturnStatementSyntax { Expression: { } expression } returned && !IsEmptyCollection(expression))
            {
                if (InCatchOrFinally(returned, body))
                {
                    return "a non-empty return inside a try with catch would become yield return, which C# forbids there";
                }

                if (InLock(returned, body))
                {
                    return LockReason("a non-empty return is");
                }
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
    private string? CheckRefLocals(BlockSyntax body, List<IVariableDeclaratorOperation> declarators, SemanticModel model, GatewaySymbols symbols)
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

    // Whether a statement that becomes a yield (a write, a helper call, a non-empty return, or a yield already there)
    // comes after the declaration in its block. None does: the local is dead before any yield, which C# 13 accepts.
    private bool YieldFollowsInScope(LocalDeclarationStatementSyntax declaration, SemanticModel model, GatewaySymbols symbols)
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
                || (node is StatementSyntax statement && (IsWriteStatement(statement, model, symbols, out _) || IsHelperCallStatement(statement, out _))));
    }

    // C# accepts yield inside lock but warns from C# 13 (CS9237): the lock would stay held while the consumer has the
    // chunk, and CMPT002's next step, an async iterator, cannot await there at all (CS1996).
    private static string LockReason(string what) =>
        $"{what} inside a lock, where yield return would keep the lock held between chunks (C# 13 warns, CS9237) and an async iterator could not await; rewrite by hand";

    private static bool InLock(SyntaxNode node, SyntaxNode body) =>
        node.Ancestors().TakeWhile(a => a != body).Any(a => a is LockStatementSyntax);

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
