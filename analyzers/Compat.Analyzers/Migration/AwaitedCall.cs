using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compat.Analyzers.Migration;

/// <summary>A blocking call CMPT002's fix awaits, and how (CMPT003's "Await", "Delay" or "Counterpart").</summary>
internal readonly struct AwaitedCall
{
    public AwaitedCall(ExpressionSyntax node, string fix, string? counterpart)
    {
        Node = node;
        Fix = fix;
        Counterpart = counterpart;
    }

    /// <summary>The call or property access.</summary>
    public ExpressionSyntax Node { get; }

    /// <summary>How it is rewritten.</summary>
    public string Fix { get; }

    /// <summary>The asynchronous member, for "Counterpart".</summary>
    public string? Counterpart { get; }
}
