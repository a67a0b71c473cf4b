using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Compat.CodeFixes;

/// <summary>
/// CMPT001's fix: the handler becomes an iterator, each <c>write(x)</c> a <c>yield return x</c>. Offered only where
/// the analyzer found the rewrite safe (Diagnostic.Properties), and re-checked here: on any mismatch, nothing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CMPT001WriteCallCodeFix)), Shared]
public sealed class CMPT001WriteCallCodeFix : CodeFixProvider, IVerifiedRewrite
{
    /// <summary>The one action's equivalence key: stable, so Fix All and dotnet format pick it.</summary>
    public const string EquivalenceKey = "CMPT001.Iterator";

    private const string PlanAnnotationKind = "Compat.CMPT001.Plan";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.WriteCall);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => CMPT001FixAllProvider.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics.FirstOrDefault(d => FixProperties.Offers(d.Properties, CMPT001WriteCallAnalyzer.IteratorFix));
        if (diagnostic is null)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !GatewaySymbols.TryCreate(model.Compilation, out var symbols))
        {
            return;
        }

        var plan = IteratorRewritePlan.For(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model, symbols, context.CancellationToken);
        if (plan.NoFixReason is not null)
        {
            return;
        }

        // Made now, not when applied: a rewrite that would not compile is not offered at all.
        var rewritten = await RewriteVerifiedAsync(context.Document, root, [plan], context.CancellationToken).ConfigureAwait(false);
        if (rewritten == context.Document)
        {
            return;
        }

        var helpers = plan.Methods.Where(m => m.Syntax != plan.Method).Select(m => $"'{m.Syntax.Identifier.Text}'").ToList();
        context.RegisterCodeFix(
            CodeAction.Create(
                helpers.Count == 0
                    ? $"Return the body of '{plan.Method!.Identifier.Text}' as an iterator (write(x) becomes yield return x)"
                    : $"Return the body of '{plan.Method!.Identifier.Text}' as an iterator, with {string.Join(", ", helpers)} (write(x) becomes yield return x)",
                _ => Task.FromResult(rewritten),
                EquivalenceKey),
            diagnostic);
    }

    /// <summary>Rewrites every handler that starts at one of the positions, with the helpers and callers it shares
    /// write with, in one pass over the document. A group whose rewrite has an error the document did not have is
    /// left as it was (the document is unchanged when every group is).</summary>
    internal static async Task<Document> RewriteAsync(Document document, ImmutableArray<int> methodStarts, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !GatewaySymbols.TryCreate(model.Compilation, out var symbols))
        {
            return document;
        }

        var plans = new List<IteratorRewritePlan>();
        var taken = new HashSet<SyntaxNode>();
        foreach (var start in methodStarts.Distinct())
        {
            if (root.FindToken(start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method
                && !taken.Contains(method)
                && IteratorRewritePlan.ForMethod(method, null, model, symbols, null, cancellationToken) is { NoFixReason: null } plan)
            {
                plans.Add(plan);
                taken.UnionWith(plan.Methods.Select(m => m.Syntax));
            }
        }

        return await RewriteVerifiedAsync(document, root, plans, cancellationToken).ConfigureAwait(false);
    }

    // The plans' rewrite, less every group whose rewritten members hold an error the document did not have.
    private static async Task<Document> RewriteVerifiedAsync(Document document, SyntaxNode root, List<IteratorRewritePlan> plans, CancellationToken cancellationToken)
    {
        while (plans.Count > 0)
        {
            var marks = plans.Select(_ => new SyntaxAnnotation(PlanAnnotationKind)).ToList();
            var formatted = await ApplyAsync(document, root, plans, marks, cancellationToken).ConfigureAwait(false);
            var errors = await RewriteVerifier.NewErrorsAsync(document, formatted, cancellationToken).ConfigureAwait(false);
            if (errors.Count == 0)
            {
                return formatted;
            }

            var newRoot = (await formatted.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var failing = Enumerable.Range(0, plans.Count).Where(i => newRoot.GetAnnotatedNodes(marks[i]).Any(n => RewriteVerifier.AnyWithin(errors, n.FullSpan))).ToList();
            if (failing.Count == 0)
            {
                // The errors are outside every rewritten member: no group can be blamed, so none is rewritten.
                return document;
            }

            plans = plans.Where((_, i) => !failing.Contains(i)).ToList();
        }

        return document;
    }

    /// <inheritdoc />
    async Task<Document> IVerifiedRewrite.RewriteUncheckedAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !GatewaySymbols.TryCreate(model.Compilation, out var symbols)
            || IteratorRewritePlan.For(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true), model, symbols, cancellationToken) is not { NoFixReason: null } plan)
        {
            return document;
        }

        return await ApplyAsync(document, root, [plan], [new SyntaxAnnotation(PlanAnnotationKind)], cancellationToken).ConfigureAwait(false);
    }

    // Each plan's members rewritten and marked with its annotation, then names simplified and the members formatted.
    private static async Task<Document> ApplyAsync(Document document, SyntaxNode root, List<IteratorRewritePlan> plans, List<SyntaxAnnotation> marks, CancellationToken cancellationToken)
    {
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        for (var i = 0; i < plans.Count; i++)
        {
            foreach (var member in plans[i].Methods.Where(m => !replacements.ContainsKey(m.Syntax)))
            {
                replacements.Add(member.Syntax, IteratorRewriter.Rewrite(member).WithAdditionalAnnotations(Formatter.Annotation, marks[i]));
            }
        }

        var rewritten = document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        var simplified = await Simplifier.ReduceAsync(rewritten, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await DocumentLineEndings.FormatAsync(simplified, cancellationToken).ConfigureAwait(false);
    }
}
