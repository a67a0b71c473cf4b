using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Compat.CodeFixes;

/// <summary>
/// Fix All for CMPT002: the handlers of a document are rewritten one after another on the evolving document, not
/// each on the original with the edits merged afterwards. Each rewrite may add the same using directive at the same
/// place, and a merging batch fixer drops such overlapping edits, and with them whole handlers.
/// </summary>
internal sealed class CMPT002FixAllProvider : DocumentBasedFixAllProvider
{
    private const string HandlerAnnotationKind = "Compat.CMPT002.FixAll";

    public static readonly CMPT002FixAllProvider Instance = new();

    protected override string GetFixAllTitle(FixAllContext fixAllContext) => "Make every ready handler an AsyncApp";

    protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var cancellationToken = fixAllContext.CancellationToken;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var handlers = diagnostics
            .Where(d => Analyzers.FixProperties.Offers(d.Properties, Analyzers.CMPT002ReadyForAsyncAppAnalyzer.AsyncIteratorFix))
            .Select(d => root.FindToken(d.Location.SourceSpan.Start).Parent)
            .OfType<MethodDeclarationSyntax>()
            .Distinct()
            .ToList();
        var marked = root.ReplaceNodes(handlers, (original, rewritten) => rewritten.WithAdditionalAnnotations(new SyntaxAnnotation(HandlerAnnotationKind, handlers.IndexOf(original).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        document = document.WithSyntaxRoot(marked);
        for (var i = 0; i < handlers.Count; i++)
        {
            var current = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (current?.GetAnnotatedNodes(HandlerAnnotationKind).OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.GetAnnotations(HandlerAnnotationKind).Any(a => a.Data == id)) is { } method)
            {
                document = await CMPT002ReadyForAsyncAppCodeFix.RewriteAsync(document, method.Identifier.SpanStart, cancellationToken).ConfigureAwait(false);
            }
        }

        return document;
    }
}
