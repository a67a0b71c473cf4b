using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Compat.Analyzers.Tests.Verifiers;

/// <summary>Runs an analyzer and its fix over markup sources, against the SDK's reference pack and Compat.Gateway.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Checks the diagnostics in <paramref name="source"/>'s markup and that the fix (and Fix All) turns it into <paramref name="fixedSource"/>; equal sources mean "no fix offered".</summary>
    public static Task VerifyFixAsync(string source, string fixedSource) => VerifyFixAsync(source, fixedSource, null);

    /// <summary>Like the other, with the sources parsed at a given C# version.</summary>
    public static async Task VerifyFixAsync(string source, string fixedSource, LanguageVersion? languageVersion)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.AdditionalReferences.AddRange(ReferencePack.References);
            state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Compat.Gateway.SyncApp).Assembly.Location));
        }

        if (languageVersion is { } version)
        {
            test.SolutionTransforms.Add(LanguageVersionTransform.To(version));
        }

        if (source == fixedSource)
        {
            // No fix expected: the diagnostics in the markup are still there afterwards.
            test.FixedState.MarkupHandling = MarkupMode.Allow;
        }

        await test.RunAsync();
    }
}
