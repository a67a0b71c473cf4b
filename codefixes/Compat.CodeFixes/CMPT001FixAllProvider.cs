using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Compat.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compat.CodeFixes;

/// <summary>
/// Fix All for CMPT001: the diagnostics of one handler (usually several write() calls) are one rewrite of that
/// handler, not overlapping edits that a batch fixer would drop. Works for document, project and solution scope,
/// which is what <c>dotnet format analyzers</c> uses.
/// </summary>
internal sealed class CMPT001FixAllProvider : DocumentBasedFixAllProvider
{
    public static readonly CMPT001FixAllProvider Instance = new();

    protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Return every handler's body as an iterator";

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var starts = diagnostics
            .Where(d => FixProperties.Offers(d.Properties, CMPT001WriteCallAnalyzer.IteratorFix))
            .Select(d => root.FindNode(d.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.SpanStart)
            .OfType<int>()
            .ToImmutableArray();
        return await CMPT001WriteCallCodeFix.RewriteAsync(document, starts, fixAllContext.CancellationToken).ConfigureAwait(false);
    }
}
