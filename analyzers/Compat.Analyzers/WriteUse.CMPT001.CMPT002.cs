using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers;

/// <summary>
/// Finds the uses of a <c>Write</c> value, by symbol: a call, or the value flowing somewhere a local alias cannot
/// follow it (an argument, a field, a return, a lambda's capture). Shared by CMPT001 (which reports them) and
/// CMPT002 (which needs a handler to have none).
/// </summary>
internal static class WriteUse
{
    /// <summary>How an operation uses a Write value, or null when it does not count as a use.</summary>
    /// <param name="operation">An invocation or a reference.</param>
    /// <param name="symbols">The gateway's types.</param>
    /// <returns>A phrase for the diagnostic ("called", "passed to another method", ...), or null.</returns>
    public static string? Describe(IOperation operation, GatewaySymbols symbols)
    {
        if (operation is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } call
            && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, symbols.Write))
        {
            return IsCaptured(call.Instance) ? "called from a lambda or local function" : "called";
        }

        if (!SymbolEqualityComparer.Default.Equals(operation.Type, symbols.Write) || operation is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IInvocationOperation))
        {
            return null;
        }

        if (IsCaptured(operation))
        {
            return operation.Parent is IInvocationOperation ? null : "captured by a lambda or local function";
        }

        return operation.Parent switch
        {
            // The receiver of write(x): the call itself is the use.
            IInvocationOperation => null,

            // `start(...)` as a statement discards write; `var w = write` aliases it locally, which the fix follows.
            IExpressionStatementOperation or IVariableInitializerOperation or IConditionalAccessOperation => null,
            ISimpleAssignmentOperation assignment when assignment.Target == operation || assignment.Target is ILocalReferenceOperation => null,
            IArgumentOperation => "passed to another method",
            IReturnOperation => "returned",
            ISimpleAssignmentOperation => "stored in a field or property",
            IConversionOperation or IDelegateCreationOperation => "converted to another delegate",
            _ => "used as a value",
        };
    }

    // A local or parameter referenced from inside a lambda or local function that it was not declared in.
    private static bool IsCaptured(IOperation? operation)
    {
        var symbol = operation switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is null)
        {
            return false;
        }

        for (var parent = operation!.Parent; parent is not null; parent = parent.Parent)
        {
            var function = parent switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation local => local.Symbol,
                _ => null,
            };
            if (function is not null)
            {
                return !SymbolEqualityComparer.Default.Equals(symbol.ContainingSymbol, function);
            }
        }

        return false;
    }
}
