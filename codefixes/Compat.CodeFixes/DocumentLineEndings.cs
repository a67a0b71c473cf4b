using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace Compat.CodeFixes;

/// <summary>
/// Formats what a fix added with the line ending the document already uses. The formatter ends new lines with the
/// workspace's newline, which is the machine's unless an .editorconfig says otherwise: a CRLF file migrated on Linux
/// came out with its added lines ending in LF alone.
/// </summary>
internal static class DocumentLineEndings
{
    /// <summary>Formats the nodes marked with <see cref="Formatter.Annotation"/>, ending new lines as most of the document's lines end.</summary>
    /// <param name="document">The rewritten document.</param>
    /// <param name="cancellationToken">Cancels the formatting.</param>
    /// <returns>The formatted document.</returns>
    public static async Task<Document> FormatAsync(Document document, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var options = await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false);
        var newLine = MostCommonNewLine(text);
        return await Formatter.FormatAsync(
            document,
            Formatter.Annotation,
            newLine is null ? options : options.WithChangedOption(FormattingOptions.NewLine, newLine),
            cancellationToken).ConfigureAwait(false);
    }

    // CRLF or LF, whichever ends more lines; null for a text of one line, which has nothing to follow.
    private static string? MostCommonNewLine(SourceText text)
    {
        var crlf = 0;
        var lf = 0;
        foreach (var line in text.Lines)
        {
            switch (line.EndIncludingLineBreak - line.End)
            {
                case 2: crlf++; break;
                case 1 when text[line.End] == '\n': lf++; break;
            }
        }

        return crlf + lf == 0 ? null : crlf > lf ? "\r\n" : "\n";
    }
}
