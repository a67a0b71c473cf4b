using System.Collections.Generic;
using System.Linq;
using Compat.Analyzers;
using Compat.Analyzers.Migration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Compat.CodeFixes;

/// <summary>
/// Rewrites one handler into an iterator, in the order its bytes went out: <c>write(x);</c> becomes
/// <c>yield return x;</c>, <c>var write = start(...);</c> becomes <c>start(...);</c> (aliases go), and
/// <c>return body;</c> yields the body's chunks and then <c>yield break;</c> (omitted at the end of the method).
/// </summary>
internal sealed class IteratorRewriter : CSharpSyntaxRewriter
{
    private readonly SemanticModel _model;
    private readonly GatewaySymbols _symbols;
    private readonly IteratorRewritePlan _plan;
    private readonly BlockSyntax _body;

    private IteratorRewriter(SemanticModel model, GatewaySymbols symbols, IteratorRewritePlan plan)
    {
        _model = model;
        _symbols = symbols;
        _plan = plan;
        _body = plan.Method!.Body!;
    }

    public static MethodDeclarationSyntax Rewrite(SemanticModel model, GatewaySymbols symbols, IteratorRewritePlan plan)
    {
        var rewriter = new IteratorRewriter(model, symbols, plan);
        var body = (BlockSyntax)rewriter.Visit(plan.Method!.Body!);
        return plan.Method.WithBody(body);
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
        if (IteratorRewritePlan.IsWriteStatement(statement, _model, _symbols, out var call))
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
        && _plan.WriteLocals.Contains(local);

    private static IEnumerable<StatementSyntax> ReturnToYields(ReturnStatementSyntax returned, bool isLast)
    {
        var yields = new List<StatementSyntax>();
        switch (returned.Expression)
        {
            case null:
                break;
            case { } empty when IteratorRewritePlan.IsEmptyCollection(empty):
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
                yields.Add(ForEachStatement(IdentifierName("var"), Identifier("chunk"), body, YieldStatement(SyntaxKind.YieldReturnStatement, IdentifierName("chunk"))));
                break;
        }

        if (!isLast) yields.Add(YieldStatement(SyntaxKind.YieldBreakStatement));
        if (yields.Count == 0) return yields;
        yields[0] = yields[0].WithLeadingTrivia(returned.GetLeadingTrivia());
        yields[yields.Count - 1] = yields[yields.Count - 1].WithTrailingTrivia(returned.GetTrailingTrivia());
        return yields;
    }
}
