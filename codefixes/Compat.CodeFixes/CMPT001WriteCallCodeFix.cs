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
public sealed class CMPT001WriteCallCodeFix : CodeFixProvider
{
    /// <summary>The one action's equivalence key: stable, so Fix All and dotnet format pick it.</summary>
    public const string EquivalenceKey = "CMPT001.Iterator";

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

        var helpers = plan.Methods.Where(m => m.Syntax != plan.Method).Select(m => $"'{m.Syntax.Identifier.Text}'").ToList();
        context.RegisterCodeFix(
            CodeAction.Create(
                helpers.Count == 0
                    ? $"Return the body of '{plan.Method!.Identifier.Text}' as an iterator (write(x) becomes yield return x)"
                    : $"Return the body of '{plan.Method!.Identifier.Text}' as an iterator, with {string.Join(", ", helpers)} (write(x) becomes yield return x)",
                cancellationToken => RewriteAsync(context.Document, ImmutableArray.Create(plan.Method.SpanStart), cancellationToken),
                EquivalenceKey),
            diagnostic);
    }

    /// <summary>Rewrites every handler that starts at one of the positions, with the helpers and callers it shares
    /// write with, in one pass over the document.</summary>
    internal static async Task<Document> RewriteAsync(Document document, ImmutableArray<int> methodStarts, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !GatewaySymbols.TryCreate(model.Compilation, out var symbols))
        {
            return document;
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var start in methodStarts.Distinct())
        {
            if (root.FindToken(start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { Body: not null } method
                || replacements.ContainsKey(method)
                || IteratorRewritePlan.ForMethod(method, null, model, symbols, null, cancellationToken) is not { NoFixReason: null } plan)
            {
                continue;
            }

            foreach (var member in plan.Methods.Where(m => !replacements.ContainsKey(m.Syntax)))
            {
                replacements.Add(member.Syntax, IteratorRewriter.Rewrite(member).WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        if (replacements.Count == 0)
        {
            return document;
        }

        var rewritten = document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        var simplified = await Simplifier.ReduceAsync(rewritten, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(simplified, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
