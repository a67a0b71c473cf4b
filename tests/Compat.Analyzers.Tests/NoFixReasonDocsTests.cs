using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Compat.Conformance;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Compat.Analyzers.Tests;

/// <summary>
/// Every reason a rule can give for offering no fix is written, word for word, on a rule page: a user who reads
/// "(no automatic fix: ...)" finds it in docs/rules. The reasons are the sentences the planners return.
/// </summary>
public sealed class NoFixReasonDocsTests
{
    private static readonly string[] Planners =
    [
        "Migration/IteratorRewriteMethod.CMPT001.CMPT002.cs",
        "Migration/IteratorRewritePlan.CMPT001.CMPT002.cs",
        "Migration/ResponseWriteFlow.CMPT001.cs",
        "Migration/RefLikeAcrossSuspension.CMPT001.CMPT002.CMPT003.CMPT004.cs",
        "Migration/AsyncAppRewritePlan.CMPT002.cs",
        "Migration/AwaitPlacement.CMPT002.CMPT003.CMPT004.cs",
        "CMPT002ReadyForAsyncAppAnalyzer.cs",
        "BlockingCallAnalysis.CMPT003.CMPT004.cs",
    ];

    public static TheoryData<string> Reasons()
    {
        // A reason given in two places (a handler's and a helper's check, say) is one test.
        return [.. Planners
            .SelectMany(file => CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "analyzers", "Compat.Analyzers", file))).GetRoot()
                .DescendantNodes().OfType<ExpressionSyntax>().Select(Pattern).OfType<string>())
            .Distinct()];
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void EachReason_IsOnARulePage(string reason)
    {
        var docs = Regex.Replace(string.Join(" ", Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs", "rules"), "*.md").Select(File.ReadAllText)), @"\s+", " ");
        Assert.Matches(new Regex(reason), docs);
    }

    // A sentence literal (several words, ending in a word) as a pattern: the holes of an interpolated string match
    // any text, as 'X' does on the pages. Fragments that are only a hole with a few words around it are skipped.
    private static string? Pattern(ExpressionSyntax expression)
    {
        var parts = expression switch
        {
            LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => [literal.Token.ValueText],
            InterpolatedStringExpressionSyntax interpolated => interpolated.Contents.Select(c => c is InterpolatedStringTextSyntax text ? text.TextToken.ValueText : null).ToList(),
            _ => null,
        };
        // The descriptors' named arguments (title:, messageFormat:) are the rule's text, not a reason.
        if (parts is null || expression.Parent is InterpolationSyntax or ArgumentSyntax { NameColon: not null }) return null;
        var words = string.Concat(parts.OfType<string>()).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (words < 5) return null;
        var pattern = new StringBuilder();
        foreach (var part in parts)
        {
            pattern.Append(part is null ? ".+?" : Regex.Escape(Regex.Replace(part, @"\s+", " ")));
        }

        return pattern.ToString();
    }
}
