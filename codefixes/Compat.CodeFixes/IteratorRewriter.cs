using System.Collections.Generic;
using System.Linq;
using Compat.Analyzers;
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
    private readonly SemanticModel _model;
    private readonly GatewaySymbols _symbols;
    private readonly IteratorRewriteMethod _method;
    private readonly BlockSyntax _body;
    private readonly string _chunk;

    private IteratorRewriter(SemanticModel model, GatewaySymbols symbols, IteratorRewriteMethod method)
    {
        _model = model;
        _symbols = symbols;
        _method = method;
        _body = method.Syntax.Body!;
        _chunk = UnusedName(method.Syntax, "chunk");
    }

    public static MethodDeclarationSyntax Rewrite(SemanticModel model, GatewaySymbols symbols, IteratorRewriteMethod method)
    {
        var rewriter = new IteratorRewriter(model, symbols, method);
        var body = (BlockSyntax)rewriter.Visit(method.Syntax.Body!);
        return method.IsHelper ? ToIteratorHelper(method, body) : method.Syntax.WithBody(body);
    }

    // void Helper(a, Write w) becomes IEnumerable<byte[]> Helper(a); one with nothing to yield still needs a yield
    // to be an iterator.
    private static MethodDeclarationSyntax ToIteratorHelper(IteratorRewriteMethod method, BlockSyntax body)
    {
        if (!IteratorRewriteMethod.OwnNodes(body).Any(n => n is YieldStatementSyntax))
        {
            body = body.AddStatements(YieldStatement(SyntaxKind.YieldBreakStatement));
        }

        // Without modifiers, the doc comment is the return type's trivia: it is taken after the <param> line went.
        var name = method.WriteParameter!.Name;
        var documented = WithoutParamDoc(method.Syntax, name);
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
        return method.ReplaceTrivia(trivia, Trivia(trimmed));
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
        if (IteratorRewriteMethod.IsWriteStatement(statement, _model, _symbols, out var call))
        {
            // start(...)(x) keeps its start_response call; write(x) keeps nothing but the yield.
            if (call.Expression is InvocationExpressionSyntax start)
            {
                yield return ExpressionStatement(start).WithLeadingTrivia(statement.GetLeadingTrivia());
                yield return YieldStatement(SyntaxKind.YieldReturnStatement, call.ArgumentList.Arguments[0].Expression).WithTrailingTrivia(statement.GetTrailingTrivia());
            }
            else
            {
                yield return YieldStatement(SyntaxKind.YieldReturnStatement, call.ArgumentList.Arguments[0].Expression).WithTriviaFrom(statement);
            }

            yield break;
        }

        if (_method.IsHelperCallStatement(statement, out var helperCall))
        {
            yield return YieldEach(WithoutWriteArgument(helperCall)).WithTriviaFrom(statement);
            yield break;
        }

        if (statement is LocalDeclarationStatementSyntax declaration && DeclaresWriteLocal(declaration))
        {
            var initializer = declaration.Declaration.Variables[0].Initializer!.Value;
            if (initializer is InvocationExpressionSyntax)
            {
                yield return ExpressionStatement(initializer).WithTriviaFrom(statement);
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

    private bool DeclaresWriteLocal(LocalDeclarationStatementSyntax declaration) =>
        declaration.Declaration.Variables.Count == 1
        && _model.GetDeclaredSymbol(declaration.Declaration.Variables[0]) is ILocalSymbol local
        && _method.WriteLocals.Contains(local);

    // The helper no longer takes write: the argument that passed it goes, whatever its position or name.
    private InvocationExpressionSyntax WithoutWriteArgument(InvocationExpressionSyntax call)
    {
        var argument = call.ArgumentList.Arguments.First(a => SymbolEqualityComparer.Default.Equals(_model.GetTypeInfo(a.Expression).Type, _symbols.Write));
        return call.WithArgumentList(call.ArgumentList.WithArguments(call.ArgumentList.Arguments.Remove(argument)));
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
            case { } empty when IteratorRewriteMethod.IsEmptyCollection(empty):
                break;
            case CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax):
                yields.AddRange(collection.Elements.Cast<ExpressionElementSyntax>().Select(e => YieldStatement(SyntaxKind.YieldReturnStatement, e.Expression)));
                break;
            case ArrayCreationExpressionSyntax { Initializer: { } init }:
                yields.AddRange(init.Expressions.Select(e => YieldStatement(SyntaxKind.YieldReturnStatement, e)));
                break;
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                yields.AddRange(implicitArray.Initializer.Expressions.Select(e => YieldStatement(SyntaxKind.YieldReturnStatement, e)));
                break;
            case { } body:
                yields.Add(YieldEach(body));
                break;
        }

        if (!isLast) yields.Add(YieldStatement(SyntaxKind.YieldBreakStatement));
        if (yields.Count == 0) return yields;
        yields[0] = yields[0].WithLeadingTrivia(returned.GetLeadingTrivia());
        yields[yields.Count - 1] = yields[yields.Count - 1].WithTrailingTrivia(returned.GetTrailingTrivia());
        return yields;
    }
}
