using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Analyzers;
using Compat.Analyzers.Migration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Compat.CodeFixes;

/// <summary>
/// CMPT002's fix, the ladder's second rung: a SyncApp that no longer uses write() becomes an AsyncApp, an
/// <c>async IAsyncEnumerable&lt;ReadOnlyMemory&lt;byte&gt;&gt;</c> taking <c>AsyncStartResponse</c>. A returned body is
/// yielded first (CMPT001's rewrite), and blocking calls in the handler's own body, request-body reads among them,
/// are awaited (CMPT003's rewrite). Offered where the analyzer found it safe, re-checked here.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CMPT002ReadyForAsyncAppCodeFix)), Shared]
public sealed class CMPT002ReadyForAsyncAppCodeFix : CodeFixProvider, IVerifiedRewrite
{
    /// <summary>The one action's equivalence key.</summary>
    public const string EquivalenceKey = "CMPT002.AsyncIterator";

    private const string AwaitAnnotationKind = "Compat.CMPT002.Await";
    private const string MethodAnnotationKind = "Compat.CMPT002.Method";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ReadyForAsyncApp);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => CMPT002FixAllProvider.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics.FirstOrDefault(d => FixProperties.Offers(d.Properties, CMPT002ReadyForAsyncAppAnalyzer.AsyncIteratorFix));
        if (diagnostic is null)
        {
            return;
        }

        // Made now, not when applied (it plans again, and checks the result): a rewrite that would not compile is not
        // offered at all.
        var rewritten = await RewriteAsync(context.Document, diagnostic.Location.SourceSpan.Start, context.CancellationToken).ConfigureAwait(false);
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (rewritten == context.Document || root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax method)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Make '{method.Identifier.Text}' an AsyncApp (async iterator of ReadOnlyMemory<byte>)",
                _ => Task.FromResult(rewritten),
                EquivalenceKey),
            diagnostic);
    }

    private static async Task<(MethodDeclarationSyntax? Method, AsyncAppRewritePlan? Plan)> PlanAsync(Document document, int position, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindToken(position).Parent is not MethodDeclarationSyntax method || model is null || !GatewaySymbols.TryCreate(model.Compilation, out var symbols))
        {
            return (null, null);
        }

        return (method, AsyncAppRewritePlan.For(method, model, symbols, new BlockingCalls(model.Compilation), cancellationToken));
    }

    /// <summary>Rewrites the handler whose identifier starts at a position; the document unchanged if it no longer can
    /// be, or if the rewritten document would have an error it did not have (a caller that needs a SyncApp, say).</summary>
    internal static async Task<Document> RewriteAsync(Document document, int position, CancellationToken cancellationToken)
    {
        var rewritten = await RewriteUncheckedAsync(document, position, cancellationToken).ConfigureAwait(false);
        return rewritten == document || (await RewriteVerifier.NewErrorsAsync(document, rewritten, cancellationToken).ConfigureAwait(false)).Count > 0
            ? document
            : rewritten;
    }

    /// <inheritdoc />
    Task<Document> IVerifiedRewrite.RewriteUncheckedAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        RewriteUncheckedAsync(document, diagnostic.Location.SourceSpan.Start, cancellationToken);

    private static async Task<Document> RewriteUncheckedAsync(Document document, int position, CancellationToken cancellationToken)
    {
        var (method, plan) = await PlanAsync(document, position, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (method is null || plan is null || plan.NoFixReason is not null || root is null)
        {
            return document;
        }

        // Mark the calls to await and the method, then let CMPT001's rewriter yield the body on a model of the
        // marked tree: its rewrite keeps the marks, so the calls are found again afterwards.
        var marks = plan.Awaits.ToDictionary(a => (SyntaxNode)a.Node, a => new SyntaxAnnotation(AwaitAnnotationKind, $"{a.Fix}|{a.Counterpart}|{a.Token}"));
        // A mark of this rewrite's own: Fix All rewrites several handlers of a document in turn, and earlier marks stay.
        var methodMark = new SyntaxAnnotation(MethodAnnotationKind);
        var marked = root.ReplaceNodes(
            marks.Keys.Append(method),
            (original, rewritten) => original == method
                ? rewritten.WithAdditionalAnnotations(methodMark)
                : rewritten.WithAdditionalAnnotations(marks[original]));
        document = document.WithSyntaxRoot(marked);
        marked = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var markedMethod = (MethodDeclarationSyntax)marked.GetAnnotatedNodes(methodMark).Single();
        if (model is null || !GatewaySymbols.TryCreate(model.Compilation, out var symbols))
        {
            return document;
        }

        var iterator = IteratorRewritePlan.ForMethod(markedMethod, null, model, symbols, null, cancellationToken);
        if (iterator.NoFixReason is not null)
        {
            return document;
        }

        var body = IteratorRewriter.Rewrite(iterator.Methods[0]);
        var awaited = body.ReplaceNodes(
            body.GetAnnotatedNodes(AwaitAnnotationKind).OfType<ExpressionSyntax>(),
            (original, rewritten) =>
            {
                var how = original.GetAnnotations(AwaitAnnotationKind).First().Data!.Split('|');
                return AwaitInsteadOfBlockingCodeFix.Replacement(rewritten, how[0], how[1].Length == 0 ? null : how[1], how[2].Length == 0 ? null : how[2]) ?? rewritten;
            });
        var asyncApp = ToAsyncSignature(awaited).WithAdditionalAnnotations(Formatter.Annotation);
        var rewrittenRoot = marked.ReplaceNode(markedMethod, asyncApp);
        return await AwaitInsteadOfBlockingCodeFix.SimplifyAndFormatAsync(document.WithSyntaxRoot(rewrittenRoot), cancellationToken).ConfigureAwait(false);
    }

    // async IAsyncEnumerable<ReadOnlyMemory<byte>> Name(Environ environ, AsyncStartResponse startResponse).
    private static MethodDeclarationSyntax ToAsyncSignature(MethodDeclarationSyntax method)
    {
        // Written in full and simplified after: the StartResponse may have been named through an alias.
        var startType = method.ParameterList.Parameters[1].Type!;
        var asyncStartType = ParseTypeName("global::Compat.Gateway.AsyncStartResponse").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        method = method.ReplaceNode(startType, asyncStartType.WithTriviaFrom(startType));

        // With no modifiers, the method's leading trivia (its doc comment) sits on the return type and moves to async.
        var asyncKeyword = Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(Space);
        var returnTrivia = method.ReturnType.GetLeadingTrivia();
        if (method.Modifiers.Count == 0)
        {
            asyncKeyword = asyncKeyword.WithLeadingTrivia(returnTrivia);
            returnTrivia = SyntaxTriviaList.Empty;
        }

        var returnType = ParseTypeName("global::System.Collections.Generic.IAsyncEnumerable<global::System.ReadOnlyMemory<byte>>")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
            .WithLeadingTrivia(returnTrivia)
            .WithTrailingTrivia(method.ReturnType.GetTrailingTrivia());
        return method.WithReturnType(returnType).WithModifiers(method.Modifiers.Add(asyncKeyword));
    }
}
