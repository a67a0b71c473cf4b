using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compat.Analyzers.Migration;

/// <summary>A <c>write(x);</c> statement CMPT001's fix turns into <c>yield return x;</c>.</summary>
internal sealed class WriteStatement
{
    public WriteStatement(ExpressionSyntax chunk, InvocationExpressionSyntax? start)
    {
        Chunk = chunk;
        Start = start;
    }

    /// <summary>The chunk written.</summary>
    public ExpressionSyntax Chunk { get; }

    /// <summary>For <c>start(...)(x)</c>, the <c>start(...)</c> call that stays before the yield; otherwise null.</summary>
    public InvocationExpressionSyntax? Start { get; }
}
