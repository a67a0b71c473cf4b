using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compat.Analyzers.Migration;

/// <summary>A blocking call CMPT002's fix awaits, and how (CMPT003's "Await", "Delay" or "Counterpart").</summary>
internal readonly struct AwaitedCall
{
    public AwaitedCall(ExpressionSyntax node, string fix, string? counterpart, string? token)
    {
        Node = node;
        Fix = fix;
        Counterpart = counterpart;
        Token = token;
    }

    /// <summary>The call or property access.</summary>
    public ExpressionSyntax Node { get; }

    /// <summary>How it is rewritten.</summary>
    public string Fix { get; }

    /// <summary>The asynchronous member, for "Counterpart".</summary>
    public string? Counterpart { get; }

    /// <summary>The cancellation token to pass, when the asynchronous member takes one.</summary>
    public string? Token { get; }
}
