using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Compat.CodeFixes;

/// <summary>
/// A fix whose rewrite is checked by <see cref="RewriteVerifier"/> before it is offered. The unchecked rewrite is
/// what a tool needs to say why a fix the analyzer promised was withheld: the compiler's error in it.
/// </summary>
internal interface IVerifiedRewrite
{
    /// <summary>The fix's rewrite for one diagnostic, before the compiler has checked it.</summary>
    /// <param name="document">The document.</param>
    /// <param name="diagnostic">A diagnostic that offers the fix.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rewritten document, or the same one when there is nothing to rewrite.</returns>
    Task<Document> RewriteUncheckedAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken);
}
