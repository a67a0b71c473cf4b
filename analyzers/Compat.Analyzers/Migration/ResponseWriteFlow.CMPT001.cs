using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers.Migration;

/// <summary>
/// Which locals of a method hold the response's write: the value <c>start(...)</c> returned (or, in a helper, its
/// write parameter), followed by data flow through locals, never by type. A local of type <c>Write</c> that is ever
/// given anything else (a lambda, a method group, a field) is not the response's write, and rewriting its calls into
/// yields would send bytes the handler never sent.
/// </summary>
internal sealed class ResponseWriteFlow
{
    private readonly IParameterSymbol? _start;
    private readonly IParameterSymbol? _writeParameter;
    private readonly GatewaySymbols _symbols;

    private ResponseWriteFlow(IParameterSymbol? start, IParameterSymbol? writeParameter, GatewaySymbols symbols)
    {
        _start = start;
        _writeParameter = writeParameter;
        _symbols = symbols;
    }

    /// <summary>The locals that hold the response's write; every value they are ever given is one.</summary>
    public ISet<ILocalSymbol> Locals { get; } = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

    /// <summary>Statements that only give such a local its value: <c>var w = start(...)</c>, <c>w = start(...)</c>,
    /// <c>var alias = w</c>, <c>Write w;</c>. Each maps to the <c>start(...)</c> call it keeps, or null when it goes.</summary>
    public IDictionary<StatementSyntax, InvocationExpressionSyntax?> Assignments { get; } = new Dictionary<StatementSyntax, InvocationExpressionSyntax?>();

    /// <summary>Follows write through a method's own operations (not its lambdas or local functions).</summary>
    /// <param name="operations">The method body's own operations.</param>
    /// <param name="start">The handler's StartResponse parameter, or null for a helper.</param>
    /// <param name="writeParameter">A helper's Write parameter, or null for a handler.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <param name="flow">The result when write can be followed.</param>
    /// <returns>Why write cannot be followed, or null.</returns>
    public static string? Follow(IReadOnlyList<IOperation> operations, IParameterSymbol? start, IParameterSymbol? writeParameter, GatewaySymbols symbols, out ResponseWriteFlow flow)
    {
        var result = new ResponseWriteFlow(start, writeParameter, symbols);
        flow = result;
        var values = new Dictionary<ILocalSymbol, List<IOperation?>>(SymbolEqualityComparer.Default);
        var statements = new Dictionary<ILocalSymbol, List<(StatementSyntax Statement, IOperation? Value)>>(SymbolEqualityComparer.Default);
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when symbols.IsWrite(declarator.Symbol.Type):
                    if (declarator.Syntax is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } declaration })
                    {
                        return $"'{declarator.Symbol.Name}' gets a Write in a way the fix does not follow (a using, for or fixed declaration)";
                    }

                    if (declaration.Variables.Count > 1)
                    {
                        return $"'{declarator.Symbol.Name}' is declared with other variables in one statement; declare it on its own";
                    }

                    if (statement.UsingKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.UsingKeyword))
                    {
                        return $"'{declarator.Symbol.Name}' is a using declaration";
                    }

                    var initial = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    Add(values, declarator.Symbol, initial);
                    Add(statements, declarator.Symbol, (statement, initial));
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when symbols.IsWrite(target.Local.Type):
                    if (assignment.Parent is not IExpressionStatementOperation { IsImplicit: false, Syntax: ExpressionStatementSyntax assigned })
                    {
                        return $"'{target.Local.Name}' is assigned inside an expression; only 'w = start(...);' statements are followed";
                    }

                    Add(values, target.Local, assignment.Value);
                    Add(statements, target.Local, (assigned, assignment.Value));
                    break;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation compound } when symbols.IsWrite(compound.Local.Type):
                    return $"'{compound.Local.Name}' combines delegates (+= or -=), so a call may do more than write";
                case IDeclarationExpressionOperation or IDeconstructionAssignmentOperation when operation.Type is not null && ContainsWrite(operation.Type, symbols):
                    return "write flows through a deconstruction or an out variable, which the fix does not follow";
                case ILocalReferenceOperation { IsDeclaration: true } declared when symbols.IsWrite(declared.Local.Type):
                    return $"'{declared.Local.Name}' gets a Write through a deconstruction, out argument or pattern, which the fix does not follow";
                case IForEachLoopOperation loop when loop.Locals.Any(l => symbols.IsWrite(l.Type)):
                    return "a foreach variable holds a Write, which the fix does not follow";
            }
        }

        // The greatest set of locals whose every value is start(...), the write parameter, or another of them.
        var candidates = new HashSet<ILocalSymbol>(values.Keys, SymbolEqualityComparer.Default);
        bool changed;
        do
        {
            changed = false;
            foreach (var local in candidates.ToList())
            {
                if (!values[local].All(value => value is null || result.IsResponseWrite(value, candidates)))
                {
                    candidates.Remove(local);
                    changed = true;
                }
            }
        }
        while (changed);

        flow.Locals.UnionWith(candidates);
        foreach (var local in candidates)
        {
            foreach (var (statement, value) in statements[local])
            {
                flow.Assignments[statement] = value is not null && flow.IsStartCall(value) ? (InvocationExpressionSyntax)Unwrap(value).Syntax : null;
            }
        }

        return null;
    }

    /// <summary>A local of type Write that the method uses but that is not the response's write.</summary>
    /// <param name="operations">The method body's own operations.</param>
    /// <returns>The first such local, or null.</returns>
    public ILocalSymbol? ForeignLocal(IReadOnlyList<IOperation> operations) =>
        operations.OfType<ILocalReferenceOperation>()
            .Select(reference => reference.Local)
            .FirstOrDefault(local => _symbols.IsWrite(local.Type) && !Locals.Contains(local));

    /// <summary>True for <c>start(...)</c>: a call of the handler's own StartResponse parameter.</summary>
    /// <param name="value">An operation.</param>
    /// <returns>Whether it is one.</returns>
    public bool IsStartCall(IOperation value) =>
        _start is not null
        && Unwrap(value) is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: IParameterReferenceOperation receiver } call
        && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, _symbols.StartResponse)
        && SymbolEqualityComparer.Default.Equals(receiver.Parameter, _start);

    /// <summary>True for a reference to the response's write: the helper's write parameter or one of <see cref="Locals"/>.</summary>
    /// <param name="value">An operation.</param>
    /// <returns>Whether it is one.</returns>
    public bool IsWriteReference(IOperation value) => Unwrap(value) switch
    {
        ILocalReferenceOperation local => Locals.Contains(local.Local),
        IParameterReferenceOperation parameter => _writeParameter is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter, _writeParameter),
        _ => false,
    };

    /// <summary>An operation without the conversions and parentheses around it.</summary>
    /// <param name="operation">The operation.</param>
    /// <returns>What it wraps.</returns>
    public static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        return operation;
    }

    private bool IsResponseWrite(IOperation value, HashSet<ILocalSymbol> candidates) =>
        IsStartCall(value)
        || (Unwrap(value) is ILocalReferenceOperation local && candidates.Contains(local.Local))
        || (Unwrap(value) is IParameterReferenceOperation parameter && _writeParameter is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter, _writeParameter));

    private static bool ContainsWrite(ITypeSymbol type, GatewaySymbols symbols) =>
        symbols.IsWrite(type) || (type is INamedTypeSymbol { IsTupleType: true } tuple && tuple.TupleElements.Any(e => ContainsWrite(e.Type, symbols)));

    private static void Add<T>(Dictionary<ILocalSymbol, List<T>> map, ILocalSymbol local, T item)
    {
        if (!map.TryGetValue(local, out var list))
        {
            map[local] = list = new List<T>();
        }

        list.Add(item);
    }
}
