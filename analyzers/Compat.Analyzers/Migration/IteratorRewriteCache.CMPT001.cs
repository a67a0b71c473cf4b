using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compat.Analyzers.Migration;

/// <summary>
/// What CMPT001's plans learn about each method, kept for one compilation. Handlers that share a helper share one
/// rewrite group, and every handler's plan walks that group: without this, each walk would analyze every member
/// and scan the type for the helper's callers again, and a build's cost would grow with the square of the handlers.
/// </summary>
internal sealed class IteratorRewriteCache
{
    /// <summary>Each method's analysis: its reason for no fix, or its write flow.</summary>
    public ConcurrentDictionary<MethodDeclarationSyntax, (string? Reason, IteratorRewriteMethod? Method)> Methods { get; } = new();

    /// <summary>Each helper's mentions in its type: the call, or null for a use that is not a call.</summary>
    public ConcurrentDictionary<MethodDeclarationSyntax, IReadOnlyList<SyntaxNode?>> References { get; } = new();

    /// <summary>Each method's finished plan.</summary>
    public ConcurrentDictionary<MethodDeclarationSyntax, IteratorRewritePlan> Plans { get; } = new();
}
