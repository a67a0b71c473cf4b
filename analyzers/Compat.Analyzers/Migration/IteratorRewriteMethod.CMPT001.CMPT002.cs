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
/// <c>start(...)</c>) or a helper that takes write as a parameter. Says exactly which statements become what (so the
/// rewriter asks nothing of the semantic model), or why the method cannot become an iterator with the same bytes.
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

    /// <summary>Statements that give a write local its value: each keeps its <c>start(...)</c> call, or goes.</summary>
    public IDictionary<StatementSyntax, InvocationExpressionSyntax?> WriteAssignments { get; private set; } = new Dictionary<StatementSyntax, InvocationExpressionSyntax?>();

    /// <summary>The <c>write(x);</c> statements (also <c>write.Invoke(x)</c>, <c>write?.Invoke(x)</c>, <c>start(...)(x)</c>):
    /// each becomes <c>yield return x;</c>, after the <c>start(...)</c> call it made, if any.</summary>
    public IDictionary<StatementSyntax, WriteStatement> Writes { get; } = new Dictionary<StatementSyntax, WriteStatement>();

    /// <summary>The statement calls <c>Helper(..., write, ...)</c> with the argument that passes write: each becomes a
    /// foreach that yields the helper's chunks.</summary>
    public IDictionary<InvocationExpressionSyntax, ArgumentSyntax> HelperCalls { get; } = new Dictionary<InvocationExpressionSyntax, ArgumentSyntax>();

    /// <summary>The helpers those calls go to.</summary>
    public IList<IMethodSymbol> Helpers { get; } = new List<IMethodSymbol>();

    /// <summary>For a helper written <c>=&gt; w(x)</c>, the chunk <c>x</c>: its body becomes <c>yield return x;</c>.
    /// (A helper written <c>=&gt; Other(w, x)</c> has its call in <see cref="HelperCalls"/>.)</summary>
    public ExpressionSyntax? ArrowChunk { get; private set; }

    /// <summary>Returns whose body is empty (<c>[]</c>, <c>Array.Empty&lt;byte[]&gt;()</c>, ...): they yield nothing.</summary>
    public ISet<ReturnStatementSyntax> EmptyReturns { get; } = new HashSet<ReturnStatementSyntax>();

    /// <summary>Returns whose expression has no type of its own (<c>c ? [a] : [b]</c>, a switch expression): the
    /// rewrite gives it IEnumerable&lt;byte[]&gt; before enumerating it.</summary>
    public ISet<ReturnStatementSyntax> UntypedReturns { get; } = new HashSet<ReturnStatementSyntax>();

    /// <summary>Why a method with preprocessor directives in it is not rewritten.</summary>
    public const string PreprocessorDirectives =
        "the method has preprocessor directives (#if, #region, #pragma...): the rewrite sees only the active branch of an #if, and would drop or unbalance directives on the statements it replaces; rewrite by hand";

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

            writeParameter = symbol.Parameters.Single(p => symbols.IsWrite(p.Type));
        }
        else if (symbol.IsOverride || ImplementsInterface(symbol))
        {
            return "the return type is fixed by an override or an interface";
        }

        // The rewrite rebuilds the statements it changes from the active code: an #if's other branch (disabled text),
        // and an #endif, #region or #pragma on a statement it replaces or drops, would be lost or left unbalanced.
        // Directives before the method (a #region around handlers) stay with it, so only those within it count.
        if (method.ContainsDirectives && method.DescendantTrivia(method.Span).Any(t => t.IsDirective))
        {
            return PreprocessorDirectives;
        }

        if (method.Body is null)
        {
            if (writeParameter is null)
            {
                return "an expression-bodied handler is rewritten by hand";
            }

            var arrow = new IteratorRewriteMethod(method, symbol, writeParameter);
            var arrowReason = arrow.AnalyzeArrow(model, symbols, cancellationToken);
            result = arrowReason is null ? arrow : null;
            return arrowReason;
        }

        if (method.ContainsDiagnostics)
        {
            return $"'{symbol.Name}' has syntax errors; the fix waits until it parses";
        }

        if (method.Modifiers.Any(SyntaxKind.UnsafeKeyword))
        {
            return "the method is unsafe, and an iterator's body is a safe context (no pointers or unsafe blocks)";
        }

        // Everything typed comes from the body's operation tree, bound once; the model is asked only for what is rare.
        if ((bodyOperation ?? model.GetOperation(method.Body, cancellationToken)) is not { } block)
        {
            return "the method's body could not be analyzed";
        }

        if (block.Descendants().Any(o => o is IInvalidOperation))
        {
            return $"'{symbol.Name}' does not compile yet; the fix waits until it does";
        }

        var candidate = new IteratorRewriteMethod(method, symbol, writeParameter);
        var own = OwnOperations(block).ToList();
        var reason = ResponseWriteFlow.Follow(own, writeParameter is null ? symbol.Parameters[1] : null, writeParameter, symbols, out var flow);
        if (reason is null && flow.ForeignLocal(own) is { } foreign)
        {
            reason = $"'{foreign.Name}' is a Write that does not come from startResponse; the fix follows only the write startResponse returned";
        }

        candidate.WriteAssignments = flow.Assignments;
        reason ??= candidate.CheckUses(method.Body, block, flow, symbols)
            ?? candidate.CheckReturns(method.Body, model, cancellationToken)
            ?? CheckPointers(own)
            ?? RefLikeAcrossSuspension.Check(method.Body, candidate.YieldPoints(), own.OfType<IVariableDeclaratorOperation>(), model, "yield");
        result = reason is null ? candidate : null;
        return reason;
    }

    // A helper whose whole body is `=> w(x)` or `=> Other(w, x)`: the two shapes a block body of one statement would
    // have. Anything else in an arrow is left to a person.
    private string? AnalyzeArrow(SemanticModel model, GatewaySymbols symbols, CancellationToken cancellationToken)
    {
        const string Other = "an expression-bodied helper is rewritten only when its body is one write(x) or one call passing write on";
        if (Syntax.ContainsDiagnostics || Syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword))
        {
            return Other;
        }

        if (Syntax.ExpressionBody?.Expression is not InvocationExpressionSyntax call
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation operation
            || operation.Descendants().Any(o => o is IInvalidOperation or IAnonymousFunctionOperation || o.Type is IPointerTypeSymbol))
        {
            return Other;
        }

        var references = operation.Descendants().OfType<IParameterReferenceOperation>().Count(p => SymbolEqualityComparer.Default.Equals(p.Parameter, WriteParameter));
        if (references != 1)
        {
            return Other;
        }

        if (operation is { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: IParameterReferenceOperation, Arguments.Length: 1 } && symbols.IsWrite(operation.TargetMethod.ContainingType))
        {
            ArrowChunk = call.ArgumentList.Arguments[0].Expression;
            return null;
        }

        if (operation.TargetMethod.MethodKind == MethodKind.Ordinary
            && SymbolEqualityComparer.Default.Equals(operation.TargetMethod.ContainingType, Symbol.ContainingType)
            && operation.Arguments.FirstOrDefault(a => a.Value is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, WriteParameter)) is { Syntax: ArgumentSyntax argument })
        {
            HelperCalls[call] = argument;
            Helpers.Add(operation.TargetMethod.OriginalDefinition);
            return null;
        }

        return Other;
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

    /// <summary>Whether a returned expression is an empty collection literal, which yields nothing.</summary>
    /// <param name="expression">The returned expression.</param>
    /// <returns>True for <c>[]</c>, <c>new byte[0][] { }</c> and the like.</returns>
    public static bool IsEmptyCollection(ExpressionSyntax expression) => expression switch
    {
        CollectionExpressionSyntax collection => collection.Elements.Count == 0,
        ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Count == 0,
        ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Count == 0,
        _ => false,
    };

    /// <summary>Every statement the rewrite makes suspend: writes, helper calls, non-empty returns. Yields already
    /// there compile as they are.</summary>
    /// <returns>The statements.</returns>
    public IReadOnlyCollection<SyntaxNode> YieldPoints() =>
        Writes.Keys.Cast<SyntaxNode>()
            .Concat(HelperCalls.Keys)
            .Concat(Syntax.Body is null ? [] : OwnNodes(Syntax.Body).Where(n => n is ReturnStatementSyntax { Expression: not null } r && !EmptyReturns.Contains(r)))
            .ToList();

    // A helper the fix can turn into an iterator without touching code it cannot see: a private, ordinary, non-async
    // void method with exactly one Write parameter and no by-reference ones (an iterator cannot have those).
    private static string? HelperShapeProblem(IMethodSymbol symbol, GatewaySymbols symbols)
    {
        var writes = symbol.Parameters.Count(p => symbols.IsWrite(p.Type));
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

    // Walks the body's operations, which the compiler binds once per method, rather than asking the model for the
    // type of every identifier: the analyzer runs this for every handler in a build.
    private string? CheckUses(BlockSyntax body, IOperation block, ResponseWriteFlow flow, GatewaySymbols symbols)
    {
        foreach (var operation in block.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } call && symbols.IsWrite(call.TargetMethod.ContainingType))
            {
                if (CheckWriteCall(body, call, flow) is { } callReason) return callReason;
                continue;
            }

            if (operation is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation)
                || !symbols.IsWrite(operation.Type))
            {
                continue;
            }

            var isStart = flow.IsStartCall(operation);
            if (!isStart && !flow.IsWriteReference(operation))
            {
                return operation switch
                {
                    IFieldReferenceOperation or IPropertyReferenceOperation => "write is kept in a field or property the fix does not follow",
                    IParameterReferenceOperation => "write comes in by a parameter of a method that is not a helper the fix rewrites",
                    IInvocationOperation => "write comes from a call other than this handler's startResponse",
                    _ => "write is kept in a variable the fix does not follow",
                };
            }

            if (InNestedFunction(operation))
            {
                if (isStart && operation.Parent is IExpressionStatementOperation) continue;
                return "write is used from a lambda or local function, where yield cannot go";
            }

            var parent = operation.Parent;
            var isReceiver = parent is IInvocationOperation receiverCall && receiverCall.Instance == operation
                || parent is IConditionalAccessOperation access && access.Operation == operation;
            var isFollowedAssignment = parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => flow.Locals.Contains(declarator.Symbol),
                IVariableInitializerOperation { Parent: IVariableDeclarationOperation declaration } => declaration.Declarators.All(d => flow.Locals.Contains(d.Symbol)),
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => flow.Locals.Contains(target.Local),
                _ => false,
            };
            if (isReceiver || isFollowedAssignment || (isStart && parent is IExpressionStatementOperation { IsImplicit: false }))
            {
                continue;
            }

            if (!isStart && HelperCall(operation) is { } helperCall)
            {
                var statement = (StatementSyntax)helperCall.Syntax.Parent!;
                if (PlacementProblem(statement, body, "write is passed to a helper") is { } placement) return placement;
                HelperCalls[(InvocationExpressionSyntax)helperCall.Syntax] = (ArgumentSyntax)operation.Parent!.Syntax;
                if (!Helpers.Contains(helperCall.TargetMethod.OriginalDefinition, SymbolEqualityComparer.Default))
                {
                    Helpers.Add(helperCall.TargetMethod.OriginalDefinition);
                }

                continue;
            }

            return parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation other } => $"write is stored in '{other.Symbol.Name}' of type '{other.Symbol.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}', which the fix does not follow",
                IConversionOperation conversion => $"write is converted to '{conversion.Type?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}', which the fix does not follow",
                _ => "write is passed, stored, or used inside an expression; only write(x); statements and calls of a helper in the same type become yields",
            };
        }

        return null;
    }

    // write(x), write.Invoke(x), write!(x), write?.Invoke(x) or start(...)(x), as a statement of the method's own.
    private string? CheckWriteCall(BlockSyntax body, IInvocationOperation call, ResponseWriteFlow flow)
    {
        IOperation whole = call;
        var receiver = call.Instance;
        if (receiver is IConditionalAccessInstanceOperation && call.Parent is IConditionalAccessOperation access)
        {
            whole = access;
            receiver = access.Operation;
        }

        if (receiver is null) return "write is called in a way the fix does not follow";
        var isStart = flow.IsStartCall(receiver);
        if (!isStart && !flow.IsWriteReference(receiver))
        {
            // The reference itself is judged on its own (a field, a foreign local): its reason is the real one.
            return null;
        }

        if (InNestedFunction(call)) return "write is called from a lambda or local function, where yield cannot go";
        if (whole.Parent is not IExpressionStatementOperation { IsImplicit: false, Syntax: ExpressionStatementSyntax statement })
        {
            return "write's call is used inside an expression; only write(x); statements become yields";
        }

        if (call.Syntax is not InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments })
        {
            return "write is called without exactly one argument";
        }

        var chunk = arguments[0];

        if (PlacementProblem(statement, body, "write is called") is { } placement) return placement;
        Writes[statement] = new WriteStatement(chunk.Expression, isStart ? (InvocationExpressionSyntax)ResponseWriteFlow.Unwrap(receiver).Syntax : null);
        return null;
    }

    // `Helper(..., write, ...);` as a statement, calling an ordinary method of this type: the call the fix can turn
    // into a foreach over the helper's chunks. Whether the helper itself can be rewritten is the plan's question.
    private IInvocationOperation? HelperCall(IOperation reference) =>
        reference.Parent is IArgumentOperation { Parent: IInvocationOperation { Parent: IExpressionStatementOperation { IsImplicit: false } } invocation }
        && invocation.Syntax is InvocationExpressionSyntax { Parent: ExpressionStatementSyntax }
        && invocation.TargetMethod.MethodKind == MethodKind.Ordinary
        && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, Symbol.ContainingType)
            ? invocation
            : null;

    private static bool InNestedFunction(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
        }

        return false;
    }

    private static string? PlacementProblem(StatementSyntax statement, BlockSyntax body, string what)
    {
        if (InCatchOrFinally(statement, body))
        {
            return $"{what} inside a try with catch, or in a catch or finally, where C# forbids yield return";
        }

        return InLock(statement, body) ? LockReason(what) : null;
    }

    private string? CheckReturns(BlockSyntax body, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in OwnNodes(body))
        {
            if (node is UnsafeStatementSyntax or FixedStatementSyntax)
            {
                return "an iterator cannot contain unsafe code";
            }

            if (node is not ReturnStatementSyntax { Expression: { } expression } returned)
            {
                continue;
            }

            if (IsEmptyCollection(expression) || IsEmptyCall(expression, model, cancellationToken))
            {
                EmptyReturns.Add(returned);
                continue;
            }

            if (expression is CollectionExpressionSyntax literal && !literal.Elements.All(e => e is ExpressionElementSyntax or SpreadElementSyntax))
            {
                return "a returned collection has an element kind the fix does not know";
            }

            var value = expression is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed ? suppressed.Operand : expression;
            if (value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression) || value is DefaultExpressionSyntax)
            {
                return "a return of null or default, which the host treats as an error; return [] (or fix the handler) first";
            }

            if (InCatchOrFinally(returned, body))
            {
                return "a non-empty return inside a try with catch would become yield return, which C# forbids there";
            }

            if (InLock(returned, body))
            {
                return LockReason("a non-empty return is");
            }

            if (CleanupRunsOnLeaving(returned, body, model, cancellationToken) && !IsFreshArrays(expression))
            {
                return "a non-empty return inside a try with finally, a using, or a foreach over a disposable enumerator: the host reads a returned body after that cleanup ran, an iterator reads it before; rewrite by hand";
            }

            if (expression is not CollectionExpressionSyntax && model.GetTypeInfo(expression, cancellationToken).Type is null)
            {
                UntypedReturns.Add(returned);
            }
        }

        return null;
    }

    // Array.Empty<byte[]>() and Enumerable.Empty<byte[]>(): empty, with no side effect.
    private static bool IsEmptyCall(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken) =>
        expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 }
        && model.GetSymbolInfo(expression, cancellationToken).Symbol is IMethodSymbol { Name: "Empty", ContainingType: { } type }
        && type.ToDisplayString() is "System.Array" or "System.Linq.Enumerable";

    // Whether leaving the return's place runs code (a finally, a Dispose): the original handler runs it before the
    // host reads the returned body, the iterator after. Foreach over arrays, strings and the BCL's collections runs none.
    private static bool CleanupRunsOnLeaving(ReturnStatementSyntax returned, BlockSyntax body, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode child = returned;
        foreach (var ancestor in returned.Ancestors())
        {
            switch (ancestor)
            {
                case TryStatementSyntax { Finally: not null } tryStatement when tryStatement.Block == child:
                case UsingStatementSyntax:
                    return true;
                case CommonForEachStatementSyntax loop when loop.AwaitKeyword != default || !HasNoCleanup(model.GetTypeInfo(loop.Expression, cancellationToken).Type, model.GetForEachStatementInfo(loop)):
                    return true;
                case BlockSyntax block when block.Statements.TakeWhile(s => s != child).OfType<LocalDeclarationStatementSyntax>().Any(d => d.UsingKeyword != default):
                    return true;
            }

            if (ancestor == body) break;
            child = ancestor;
        }

        return false;
    }

    private static bool HasNoCleanup(ITypeSymbol? collection, ForEachStatementInfo info) =>
        collection is IArrayTypeSymbol || collection?.SpecialType == SpecialType.System_String
        || info.GetEnumeratorMethod?.ReturnType is { IsValueType: true } enumerator
            && (enumerator.IsRefLikeType || enumerator.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections.Immutable");

    // A returned literal of chunks made on the spot (`[Encoding.UTF8.GetBytes(s)]`, `[ms.ToArray()]`): no cleanup can
    // reach them, so reading them before or after it sends the same bytes.
    private static bool IsFreshArrays(ExpressionSyntax expression)
    {
        IEnumerable<ExpressionSyntax>? elements = expression switch
        {
            CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax) => collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression),
            ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions,
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
            _ => null,
        };
        return elements is not null && elements.All(e => e is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax
            || e is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToArray" or "GetBytes" } });
    }

    private static string? CheckPointers(List<IOperation> operations) =>
        operations.Any(o => o.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol || o is IAddressOfOperation)
            ? "the method uses pointers, and an iterator's body is a safe context"
            : null;

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
