using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers.Migration;

/// <summary>
/// An iterator or async method cannot keep a ref struct (a Span, a Span's enumerator) or a ref local across a yield
/// or an await: the compiler reports it only when it lowers the method (CS4007, CS4013), after binding succeeded, so
/// a rewrite that adds yields or awaits must check it itself. The check is conservative: a local counts as kept when
/// any suspension point follows it in its block, used or not.
/// </summary>
internal static class RefLikeAcrossSuspension
{
    /// <summary>Why the suspension points cannot be added to the body, or null.</summary>
    /// <param name="body">The method's body.</param>
    /// <param name="points">The statements or expressions that will suspend (yield or await) after the rewrite.</param>
    /// <param name="declarators">The body's own local declarators.</param>
    /// <param name="model">The semantic model.</param>
    /// <param name="what">"yield" or "await", for the reason.</param>
    /// <returns>The reason, or null.</returns>
    public static string? Check(BlockSyntax body, IReadOnlyCollection<SyntaxNode> points, IEnumerable<IVariableDeclaratorOperation> declarators, SemanticModel model, string what)
    {
        foreach (var point in points)
        {
            foreach (var ancestor in point.Ancestors().TakeWhile(a => a != body))
            {
                if (ancestor is CommonForEachStatementSyntax loop && KeepsRefStruct(loop, model))
                {
                    return $"a foreach over a Span or another ref struct would contain {Article(what)}, and its enumerator cannot be kept across one (CS4007); rewrite by hand";
                }

                if (ancestor is UsingStatementSyntax usingStatement
                    && ((usingStatement.Declaration is { } declaration && model.GetTypeInfo(declaration.Type).Type is { IsRefLikeType: true })
                        || (usingStatement.Expression is { } resource && model.GetTypeInfo(resource).Type is { IsRefLikeType: true })))
                {
                    return $"a using of a ref struct would contain {Article(what)}, and it cannot be kept across one (CS4007); rewrite by hand";
                }
            }
        }

        foreach (var declarator in declarators)
        {
            if (!declarator.Symbol.IsRef && !declarator.Symbol.Type.IsRefLikeType) continue;
            var kind = what == "yield" ? "iterator" : "async method";
            if (declarator.Symbol.IsRef && ((CSharpParseOptions)body.SyntaxTree.Options).LanguageVersion < (LanguageVersion)1300)
            {
                return $"an {kind} cannot have ref locals before C# 13";
            }

            if (declarator.Syntax.Parent?.Parent is not LocalDeclarationStatementSyntax statement || FollowedBy(statement, points))
            {
                return $"a Span or ref local would be in scope across {Article(what)}, where an {kind} cannot keep it; rewrite by hand";
            }
        }

        return null;
    }

    private static string Article(string what) => what == "await" ? "an await" : "a yield";

    private static bool KeepsRefStruct(CommonForEachStatementSyntax loop, SemanticModel model)
    {
        var info = model.GetForEachStatementInfo(loop);
        return info.ElementType is { IsRefLikeType: true }
            || info.GetEnumeratorMethod?.ReturnType is { IsRefLikeType: true }
            || (loop is ForEachStatementSyntax { Type: RefTypeSyntax });
    }

    // Whether a point comes after the declaration in its block: then the local may be live there. None does: the local
    // is dead before any suspension, which the compiler accepts.
    private static bool FollowedBy(LocalDeclarationStatementSyntax declaration, IReadOnlyCollection<SyntaxNode> points)
    {
        if (declaration.Parent is not BlockSyntax block)
        {
            return true;
        }

        var after = block.Statements.SkipWhile(statement => statement != declaration).Skip(1).ToList();
        return points.Any(point => after.Any(statement => statement.FullSpan.Contains(point.Span)));
    }
}
