using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compat.CodeFixes;

/// <summary>
/// Fix All for CMPT003 and CMPT004: every blocking call of a document is replaced in one pass, then names are
/// simplified and usings added once. A merging batch fixer would see each fix add the same using at the same place
/// and drop all but one of them.
/// </summary>
internal sealed class AwaitInsteadOfBlockingFixAllProvider : DocumentBasedFixAllProvider
{
    public static readonly AwaitInsteadOfBlockingFixAllProvider Instance = new();

    protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Await every blocking call instead";

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var how = new Dictionary<SyntaxNode, (string Fix, string? Counterpart, string? Token)>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(Analyzers.FixProperties.Fix, out var fix) && fix is not null
                && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax node)
            {
                diagnostic.Properties.TryGetValue(Analyzers.BlockingCallAnalysis.CounterpartProperty, out var counterpart);
                diagnostic.Properties.TryGetValue(Analyzers.BlockingCallAnalysis.TokenProperty, out var token);
                how[node] = (fix, counterpart, token);
            }
        }

        if (how.Count == 0)
        {
            return document;
        }

        var all = await ReplaceAsync(document, root, how, how.Keys, fixAllContext.CancellationToken).ConfigureAwait(false);
        if ((await RewriteVerifier.NewErrorsAsync(document, all, fixAllContext.CancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return all;
        }

        // Some replacement would not compile: keep each one that, added to those kept so far, still compiles.
        var kept = new List<SyntaxNode>();
        var result = document;
        foreach (var node in how.Keys)
        {
            var candidate = await ReplaceAsync(document, root, how, kept.Append(node), fixAllContext.CancellationToken).ConfigureAwait(false);
            if ((await RewriteVerifier.NewErrorsAsync(document, candidate, fixAllContext.CancellationToken).ConfigureAwait(false)).Count == 0)
            {
                kept.Add(node);
                result = candidate;
            }
        }

        return result;
    }

    private static Task<Document> ReplaceAsync(Document document, SyntaxNode root, Dictionary<SyntaxNode, (string Fix, string? Counterpart, string? Token)> how, IEnumerable<SyntaxNode> nodes, System.Threading.CancellationToken cancellationToken)
    {
        var replaced = root.ReplaceNodes(nodes, (original, rewritten) =>
        {
            var (fix, counterpart, token) = how[original];
            return AwaitInsteadOfBlockingCodeFix.Replacement((ExpressionSyntax)rewritten, fix, counterpart, token) ?? rewritten;
        });
        return AwaitInsteadOfBlockingCodeFix.SimplifyAndFormatAsync(document.WithSyntaxRoot(replaced), cancellationToken);
    }
}
