using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Compat.Analyzers.Tests.Verifiers;
using Compat.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Compat.Analyzers.Tests;

/// <summary>The check every fix's rewrite passes before it is offered or written.</summary>
public sealed class RewriteVerifierTests
{
    [Fact]
    public async Task ARewriteWhoseTextDoesNotCompile_IsCaught_ThoughTheTreeItBuiltHasNoError()
    {
        // Dropping the statement that carries an #endif leaves the #if open: the built tree knows nothing of it, the
        // file's text does not compile (CS1027). compat migrate once wrote such a file.
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("P", LanguageNames.CSharp)
            .WithParseOptions(new CSharpParseOptions(preprocessorSymbols: ["DEBUG"]))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .AddMetadataReferences(ReferencePack.References);
        var before = project.AddDocument("C.cs", """
            static class C
            {
                static int M()
                {
            #if DEBUG
                    var a = 1;
            #else
                    var a = 2;
            #endif
                    return a;
                }
            }
            """);
        var root = (await before.GetSyntaxRootAsync())!;
        var dropped = root.DescendantNodes().OfType<ReturnStatementSyntax>().Single();
        var after = before.WithSyntaxRoot(root.ReplaceNode(dropped, SyntaxFactory.ParseStatement("return a + 1;\n").WithLeadingTrivia(SyntaxFactory.Whitespace("        "))));

        var built = (await after.GetSemanticModelAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);
        var errors = await RewriteVerifier.NewErrorsAsync(before, after, CancellationToken.None);

        Assert.Empty(built);
        Assert.Contains(errors, e => e.Id == "CS1027");
    }
}
