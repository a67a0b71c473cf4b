using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Compat.CodeFixes;

/// <summary>
/// Checks a rewrite against the real compilation before a fix offers it: the errors the rewritten document has
/// that the original did not. The analyzers decide fixability from the code's shape; this catches whatever they
/// missed, so an IDE quick fix, Fix All and <c>dotnet format</c> never leave code that does not compile.
/// (<c>compat migrate</c> checks further, by emitting every changed project.)
/// </summary>
internal static class RewriteVerifier
{
    /// <summary>
    /// The errors of <paramref name="after"/>'s text that <paramref name="before"/> does not have (see <see cref="Added"/>).
    /// The rewritten document is parsed again from its text: a tree built by a rewrite can hold what its text does
    /// not mean (an #if whose #endif went with a dropped statement has no error in the built tree, yet the file
    /// does not compile), and the text is what is written.
    /// </summary>
    public static async Task<IReadOnlyList<Diagnostic>> NewErrorsAsync(Document before, Document after, CancellationToken cancellationToken)
    {
        var written = await AsWrittenAsync(after, cancellationToken).ConfigureAwait(false);
        return Added(await ErrorsAsync(before, cancellationToken).ConfigureAwait(false), await ErrorsAsync(written, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The document with its tree parsed afresh from its text, as the compiler will read the file. Not by
    /// <c>WithText</c>: that parses incrementally from the built tree and, for the same text, keeps it.
    /// </summary>
    public static async Task<Document> AsWrittenAsync(Document document, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null)
        {
            return document;
        }

        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var parsed = CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)tree.Options, tree.FilePath, cancellationToken);
        return document.WithSyntaxRoot(await parsed.GetRootAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The diagnostics of <paramref name="after"/> not in <paramref name="before"/>, compared by file, ID and
    /// message, as many times as each occurs: a rewrite moves lines, and an error that only moved is not new.</summary>
    public static IReadOnlyList<Diagnostic> Added(IEnumerable<Diagnostic> before, IEnumerable<Diagnostic> after)
    {
        var left = new Dictionary<string, int>();
        foreach (var error in before)
        {
            left[Key(error)] = left.TryGetValue(Key(error), out var count) ? count + 1 : 1;
        }

        var added = new List<Diagnostic>();
        foreach (var error in after)
        {
            if (left.TryGetValue(Key(error), out var count) && count > 0)
            {
                left[Key(error)] = count - 1;
            }
            else
            {
                added.Add(error);
            }
        }

        return added;
    }

    /// <summary>Why a fix withheld its rewrite for a diagnostic: the first error the rewrite would add, or null when
    /// it would add none (or there is nothing to rewrite).</summary>
    public static async Task<Diagnostic?> ExplainAsync(IVerifiedRewrite fix, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var rewritten = await fix.RewriteUncheckedAsync(document, diagnostic, cancellationToken).ConfigureAwait(false);
        return rewritten == document ? null : (await NewErrorsAsync(document, rewritten, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>Whether any of the errors lies inside the span.</summary>
    public static bool AnyWithin(IEnumerable<Diagnostic> errors, TextSpan span) => errors.Any(e => span.Contains(e.Location.SourceSpan));

    private static async Task<IEnumerable<Diagnostic>> ErrorsAsync(Document document, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model is null
            ? Enumerable.Empty<Diagnostic>()
            : model.GetDiagnostics(cancellationToken: cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string Key(Diagnostic diagnostic) =>
        $"{diagnostic.Location.SourceTree?.FilePath}|{diagnostic.Id}|{diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
}
