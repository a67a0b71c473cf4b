using System.Threading;
using System.Threading.Tasks;
using Compat.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Compat.CodeFixes;

/// <summary>
/// The fix CMPT003 and CMPT004 share (each exports its own: <see cref="CMPT003BlockingCallCodeFix"/>,
/// <see cref="CMPT004AsyncCounterpartCodeFix"/>): await instead of blocking. <c>t.Result</c>, <c>t.Wait()</c> and
/// <c>t.GetAwaiter().GetResult()</c> become <c>await t</c>; <c>Thread.Sleep(n)</c> becomes
/// <c>await Task.Delay(n)</c>; other calls become <c>await XAsync(same arguments)</c>. The analyzer chose which.
/// </summary>
public abstract class AwaitInsteadOfBlockingCodeFix : CodeFixProvider, IVerifiedRewrite
{
    /// <summary>The action's equivalence key: one per rule, so Fix All of one rule leaves the other's calls.</summary>
    protected abstract string EquivalenceKey { get; }

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => AwaitInsteadOfBlockingFixAllProvider.Instance;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(BlockingCallAnalysis.FixProperty, out var fix) || fix is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
            diagnostic.Properties.TryGetValue(BlockingCallAnalysis.CounterpartProperty, out var name);
            diagnostic.Properties.TryGetValue(BlockingCallAnalysis.TokenProperty, out var token);
            if (node is null || Replacement(node, fix, name, token) is not { } replacement)
            {
                continue;
            }

            // Made now, not when applied: a rewrite that would not compile is not offered at all.
            var rewritten = await ReplaceAsync(context.Document, node, replacement, context.CancellationToken).ConfigureAwait(false);
            if ((await RewriteVerifier.NewErrorsAsync(context.Document, rewritten, context.CancellationToken).ConfigureAwait(false)).Count > 0)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Await the asynchronous call instead of blocking", _ => Task.FromResult(rewritten), EquivalenceKey),
                diagnostic);
        }
    }

    // Re-checks the shape the analyzer promised; null (no fix) on any mismatch.
    internal static ExpressionSyntax? Replacement(ExpressionSyntax node, string fix, string? counterpart, string? token)
    {
        ExpressionSyntax? awaited = (fix, node) switch
        {
            ("Await", MemberAccessExpressionSyntax { Name.Identifier.Text: "Result" } resultAccess) => resultAccess.Expression,
            ("Await", InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "Wait" } wait }) => wait.Expression,
            ("Await", InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "GetResult", Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "GetAwaiter" } getAwaiter } } }) => getAwaiter.Expression,
            ("Delay", InvocationExpressionSyntax sleep) => WithToken(
                InvocationExpression(ParseExpression("global::System.Threading.Tasks.Task.Delay").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation), sleep.ArgumentList),
                token),
            ("Counterpart", InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call) when counterpart is not null =>
                WithToken(call.WithExpression(access.WithName(Renamed(access.Name, counterpart))), token),
            ("Counterpart", InvocationExpressionSyntax { Expression: SimpleNameSyntax name } call) when counterpart is not null =>
                WithToken(call.WithExpression(Renamed(name, counterpart)), token),
            _ => null,
        };
        if (awaited is null)
        {
            return null;
        }

        ExpressionSyntax awaitExpression = AwaitExpression(awaited.WithoutTrivia());
        return (node.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax or PrefixUnaryExpressionSyntax or BinaryExpressionSyntax ? ParenthesizedExpression(awaitExpression) : awaitExpression)
            .WithTriviaFrom(node)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Adds the usings the replacements' names need, shortens the names they already have, and formats them.</summary>
    internal static async Task<Document> SimplifyAndFormatAsync(Document document, CancellationToken cancellationToken)
    {
        var imported = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var reduced = await Simplifier.ReduceAsync(imported, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await DocumentLineEndings.FormatAsync(reduced, cancellationToken).ConfigureAwait(false);
    }

    // Load<int>() becomes LoadAsync<int>(): the type arguments stay.
    private static SimpleNameSyntax Renamed(SimpleNameSyntax name, string newName) => name switch
    {
        GenericNameSyntax generic => generic.WithIdentifier(Identifier(newName)),
        _ => IdentifierName(newName),
    };

    private static InvocationExpressionSyntax WithToken(InvocationExpressionSyntax call, string? token) =>
        token is null ? call : call.WithArgumentList(call.ArgumentList.AddArguments(Argument(ParseExpression(token))));

    /// <inheritdoc />
    async Task<Document> IVerifiedRewrite.RewriteUncheckedAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        diagnostic.Properties.TryGetValue(BlockingCallAnalysis.FixProperty, out var fix);
        diagnostic.Properties.TryGetValue(BlockingCallAnalysis.CounterpartProperty, out var name);
        diagnostic.Properties.TryGetValue(BlockingCallAnalysis.TokenProperty, out var token);
        return fix is not null && root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax node && Replacement(node, fix, name, token) is { } replacement
            ? await ReplaceAsync(document, node, replacement, cancellationToken).ConfigureAwait(false)
            : document;
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax node, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : await SimplifyAndFormatAsync(document.WithSyntaxRoot(root.ReplaceNode(node, replacement)), cancellationToken).ConfigureAwait(false);
    }
}
