using System.Collections.Generic;
using System.Linq;
using Compat.Analyzers.Migration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Compat.CodeFixes;

/// <summary>
/// Rewrites one method of a plan into an iterator, in the order its bytes went out: <c>write(x);</c> becomes
/// <c>yield return x;</c>, <c>var write = start(...);</c> becomes <c>start(...);</c> (aliases go),
/// <c>Helper(a, write);</c> becomes <c>foreach (var chunk in Helper(a)) yield return chunk;</c>, and
/// <c>return body;</c> yields the body's chunks and then <c>yield break;</c> (omitted at the end of the method).
/// A helper loses its write parameter and returns <c>IEnumerable&lt;byte[]&gt;</c>.
/// </summary>
internal sealed class IteratorRewriter : CSharpSyntaxRewriter
{
    private readonly IteratorRewriteMethod _method;
    private readonly BlockSyntax? _body;
    private readonly string _chunk;

    private IteratorRewriter(IteratorRewriteMethod method)
    {
        _method = method;
        _body = method.Syntax.Body;
        _chunk = UnusedName(method.Syntax, "chunk");
    }

    public static MethodDeclarationSyntax Rewrite(IteratorRewriteMethod method)
    {
        var rewriter = new IteratorRewriter(method);
        var body = method.Syntax.Body is null ? rewriter.ArrowBody() : (BlockSyntax)rewriter.Visit(method.Syntax.Body);

        // A method with nothing left to yield (it wrote nothing and returns []) still needs a yield to be an iterator.
        if (!IteratorRewriteMethod.OwnNodes(body).Any(n => n is YieldStatementSyntax))
        {
            body = body.AddStatements(YieldStatement(SyntaxKind.YieldBreakStatement));
        }

        var syntax = method.Syntax.Body is null
            ? method.Syntax.WithExpressionBody(null).WithSemicolonToken(default).WithTrailingTrivia(method.Syntax.GetTrailingTrivia())
            : method.Syntax;
        return method.IsHelper ? ToIteratorHelper(syntax, method.WriteParameter!.Name, body) : syntax.WithBody(body);
    }

    // `=> w(x)` becomes `{ yield return x; }`; `=> Other(w, x)` becomes `{ foreach (var chunk in Other(x)) yield return chunk; }`.
    private BlockSyntax ArrowBody()
    {
        if (_method.ArrowChunk is { } chunk)
        {
            return Block(YieldStatement(SyntaxKind.YieldReturnStatement, chunk.WithoutTrivia()));
        }

        var helperCall = _method.HelperCalls.Single();
        var call = helperCall.Key;
        return Block(YieldEach(call.WithArgumentList(call.ArgumentList.WithArguments(call.ArgumentList.Arguments.Remove(helperCall.Value))).WithoutTrivia()));
    }

    // void Helper(a, Write w) becomes IEnumerable<byte[]> Helper(a).
    private static MethodDeclarationSyntax ToIteratorHelper(MethodDeclarationSyntax method, string name, BlockSyntax body)
    {
        // Without modifiers, the doc comment is the return type's trivia: it is taken after the <param> line went.
        var documented = WithoutParamDoc(method, name);
        var parameters = documented.ParameterList.Parameters;
        var returnType = ParseTypeName("global::System.Collections.Generic.IEnumerable<byte[]>")
            .WithAdditionalAnnotations(Simplifier.Annotation)
            .WithTriviaFrom(documented.ReturnType);
        return documented
            .WithBody(body)
            .WithReturnType(returnType)
            .WithParameterList(documented.ParameterList.WithParameters(parameters.Remove(parameters.First(p => p.Identifier.ValueText == name))));
    }

    // The write parameter's <param> line goes with it: a doc comment naming a missing parameter is a warning (CS1572).
    private static MethodDeclarationSyntax WithoutParamDoc(MethodDeclarationSyntax method, string name)
    {
        var element = method.GetLeadingTrivia()
            .Select(t => t.GetStructure())
            .OfType<DocumentationCommentTriviaSyntax>()
            .SelectMany(doc => doc.Content.OfType<XmlElementSyntax>())
            .FirstOrDefault(e => e.StartTag.Name.LocalName.ValueText == "param"
                && e.StartTag.Attributes.OfType<XmlNameAttributeSyntax>().Any(a => a.Identifier.Identifier.ValueText == name));
        if (element?.Parent is not DocumentationCommentTriviaSyntax comment)
        {
            return method;
        }

        // The line is "\n" + "///" + the element, the "\n" ending the line before being the last newline of the text
        // node before the element; the element's own line end stays and now ends the line before.
        var content = comment.Content;
        var index = content.IndexOf(element);
        if (index > 0 && content[index - 1] is XmlTextSyntax before)
        {
            var tokens = before.TextTokens;
            var newline = tokens.Count - 1;
            while (newline >= 0 && !tokens[newline].IsKind(SyntaxKind.XmlTextLiteralNewLineToken)) newline--;
            if (newline >= 0)
            {
                var kept = before.WithTextTokens(TokenList(tokens.Take(newline)));
                content = kept.TextTokens.Count == 0 ? content.RemoveAt(--index) : content.Replace(before, kept);
            }
        }

        var trimmed = comment.WithContent(content.RemoveAt(index));
        var trivia = method.GetLeadingTrivia().First(t => t.GetStructure() == comment);
        return method.ReplaceTrivia(trivia, Trivia(WithoutParamRefs(trimmed, name)));
    }

    // <paramref name="write"/> elsewhere in the comment would name a missing parameter too (CS1734): it becomes
    // <c>write</c>, which reads the same.
    private static DocumentationCommentTriviaSyntax WithoutParamRefs(DocumentationCommentTriviaSyntax comment, string name)
    {
        var references = comment.DescendantNodes().OfType<XmlEmptyElementSyntax>()
            .Where(e => e.Name.LocalName.ValueText == "paramref" && e.Attributes.OfType<XmlNameAttributeSyntax>().Any(a => a.Identifier.Identifier.ValueText == name))
            .ToList();
        return references.Count == 0
            ? comment
            : comment.ReplaceNodes(references, (original, _) => XmlElement("c", List<XmlNodeSyntax>(new[] { XmlText(name) })).WithTriviaFrom(original));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) => node;

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) => node;

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) => node;

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) => node;

    public override SyntaxNode? VisitBlock(BlockSyntax node)
    {
        var statements = new List<StatementSyntax>();
        foreach (var statement in node.Statements)
        {
            var isLast = node == _body && statement == node.Statements.Last();
            statements.AddRange(Transform(statement, isLast));
        }

        return node.WithStatements(List(statements));
    }

    // Embedded statements (an if without braces, say) may become several: they get a block.
    public override SyntaxNode? VisitIfStatement(IfStatementSyntax node)
    {
        var visited = (IfStatementSyntax)base.VisitIfStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement))
            .WithElse(visited.Else is null ? null : visited.Else.WithStatement(Embedded(node.Else!.Statement, visited.Else.Statement)));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    // `done: write(x);` keeps its label on what the statement became, so a goto still finds it.
    public override SyntaxNode? VisitLabeledStatement(LabeledStatementSyntax node)
    {
        var replaced = Transform(node.Statement, isLast: false).ToList();
        StatementSyntax statement = replaced.Count switch
        {
            0 => EmptyStatement(),
            1 => replaced[0],
            _ => Block(replaced),
        };
        return node.WithStatement(statement.WithTriviaFrom(node.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitUsingStatement(UsingStatementSyntax node)
    {
        var visited = (UsingStatementSyntax)base.VisitUsingStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitLockStatement(LockStatementSyntax node)
    {
        var visited = (LockStatementSyntax)base.VisitLockStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    public override SyntaxNode? VisitSwitchSection(SwitchSectionSyntax node)
    {
        var statements = new List<StatementSyntax>();
        foreach (var statement in node.Statements) statements.AddRange(Transform(statement, isLast: false));
        return node.WithStatements(List(statements));
    }

    private StatementSyntax Embedded(StatementSyntax original, StatementSyntax visited)
    {
        if (original is BlockSyntax) return visited;
        var replaced = Transform(original, isLast: false).ToList();
        return replaced.Count == 1 ? replaced[0] : Block(replaced).WithTriviaFrom(original);
    }

    private IEnumerable<StatementSyntax> Transform(StatementSyntax statement, bool isLast)
    {
        if (_method.Writes.TryGetValue(statement, out var write))
        {
            // start(...)(x) keeps its start_response call; write(x) keeps nothing but the yield.
            if (write.Start is { } start)
            {
                yield return ExpressionStatement(start).WithLeadingTrivia(statement.GetLeadingTrivia());
                yield return YieldStatement(SyntaxKind.YieldReturnStatement, write.Chunk.WithoutTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia());
            }
            else
            {
                yield return YieldStatement(SyntaxKind.YieldReturnStatement, write.Chunk.WithoutTrivia()).WithTriviaFrom(statement);
            }

            yield break;
        }

        if (statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } && _method.HelperCalls.TryGetValue(call, out var writeArgument))
        {
            // The helper no longer takes write: the argument that passed it goes, whatever its position or name.
            var withoutWrite = call.WithArgumentList(call.ArgumentList.WithArguments(call.ArgumentList.Arguments.Remove(writeArgument)));
            yield return YieldEach(withoutWrite).WithTriviaFrom(statement);
            yield break;
        }

        if (_method.WriteAssignments.TryGetValue(statement, out var kept))
        {
            if (kept is not null)
            {
                yield return ExpressionStatement(kept.WithoutTrivia()).WithTriviaFrom(statement);
            }

            yield break;
        }

        if (statement is ReturnStatementSyntax returned)
        {
            foreach (var replacement in ReturnToYields(returned, isLast)) yield return replacement;
            yield break;
        }

        yield return (StatementSyntax)Visit(statement)!;
    }

    private ForEachStatementSyntax YieldEach(ExpressionSyntax chunks) =>
        ForEachStatement(IdentifierName("var"), Identifier(_chunk), chunks, YieldStatement(SyntaxKind.YieldReturnStatement, IdentifierName(_chunk)));

    // A name no identifier in the method uses, so the foreach variable cannot clash with a local or a member.
    private static string UnusedName(MethodDeclarationSyntax method, string name)
    {
        var used = new HashSet<string>(method.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        var candidate = name;
        for (var i = 2; used.Contains(candidate); i++) candidate = name + i;
        return candidate;
    }

    private IEnumerable<StatementSyntax> ReturnToYields(ReturnStatementSyntax returned, bool isLast)
    {
        var yields = new List<StatementSyntax>();
        switch (returned.Expression)
        {
            case null:
                break;
            case not null when _method.EmptyReturns.Contains(returned):
                break;
            case CollectionExpressionSyntax collection:
                // [a, .. rest]: each element in turn, a spread through foreach; the literal itself has no type to enumerate.
                foreach (var element in collection.Elements)
                {
                    yields.Add(element switch
                    {
                        ExpressionElementSyntax single => YieldStatement(SyntaxKind.YieldReturnStatement, single.Expression),
                        SpreadElementSyntax spread => YieldEach(spread.Expression),
                        _ => throw new System.InvalidOperationException($"unexpected collection element {element.Kind()}"),
                    });
                }

                break;
            case ArrayCreationExpressionSyntax { Initializer: { } init }:
                yields.AddRange(init.Expressions.Select(e => YieldStatement(SyntaxKind.YieldReturnStatement, e)));
                break;
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                yields.AddRange(implicitArray.Initializer.Expressions.Select(e => YieldStatement(SyntaxKind.YieldReturnStatement, e)));
                break;
            case { } body when _method.UntypedReturns.Contains(returned):
                // `c ? [a] : [b]` and switch expressions take their type from the return: the cast gives it back.
                var enumerable = ParseTypeName("global::System.Collections.Generic.IEnumerable<byte[]>").WithAdditionalAnnotations(Simplifier.Annotation);
                yields.Add(YieldEach(CastExpression(enumerable, ParenthesizedExpression(body.WithoutTrivia()))));
                break;
            case { } body:
                yields.Add(YieldEach(body.WithoutTrivia()));
                break;
        }

        if (!isLast) yields.Add(YieldStatement(SyntaxKind.YieldBreakStatement));
        if (yields.Count == 0) return yields;
        yields[0] = yields[0].WithLeadingTrivia(returned.GetLeadingTrivia());
        yields[yields.Count - 1] = yields[yields.Count - 1].WithTrailingTrivia(returned.GetTrailingTrivia());
        return yields;
    }
}
