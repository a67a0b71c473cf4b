using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Compat.Analyzers.Migration;

/// <summary>
/// Whether an <c>await</c> can replace a blocking call where it stands, for CMPT003's fix and CMPT002's: C# forbids
/// it inside <c>lock</c> (CS1996), in an unsafe context (CS4004), in a query expression (CS1995) and in a catch
/// filter (CS7094), and a ref struct cannot be kept across it (CS4007, reported only when the compiler lowers the
/// method).
/// </summary>
internal static class AwaitPlacement
{
    /// <summary>Why the call cannot be awaited where it is, or null.</summary>
    /// <param name="call">The blocking call or property access.</param>
    /// <param name="body">The body of the function the await would be in.</param>
    /// <param name="model">The semantic model.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The reason, or null.</returns>
    public static string? Problem(SyntaxNode call, BlockSyntax? body, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var ancestor in call.Ancestors())
        {
            switch (ancestor)
            {
                case LockStatementSyntax:
                    return "it is inside a lock, where C# forbids await (CS1996)";
                case UnsafeStatementSyntax:
                    return "it is in an unsafe block, where C# forbids await (CS4004)";
                case MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                    return "it is in an unsafe context, where C# forbids await (CS4004)";
                case QueryExpressionSyntax:
                    return "it is inside a query expression, where C# forbids await";
                case CatchFilterClauseSyntax:
                    return "it is in a catch filter, where C# forbids await";
            }
        }

        if (body is null)
        {
            return "it is not in a method body the fix can see";
        }

        // A Span or other ref struct evaluated in the same statement before the call would be kept across the await.
        var statement = call.FirstAncestorOrSelf<StatementSyntax>();
        if (statement is not null && statement.DescendantNodes().OfType<ExpressionSyntax>().Any(e => !call.Span.Contains(e.Span) && model.GetTypeInfo(e, cancellationToken).Type is { IsRefLikeType: true }))
        {
            return "a Span or other ref struct in the same statement would be kept across the await (CS4007)";
        }

        var declarators = IteratorRewriteMethod.OwnNodes(body).OfType<VariableDeclaratorSyntax>()
            .Select(d => model.GetOperation(d, cancellationToken))
            .OfType<IVariableDeclaratorOperation>();
        return RefLikeAcrossSuspension.Check(body, new[] { statement ?? call }, declarators, model, "await");
    }
}
