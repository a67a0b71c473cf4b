using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Compat.Analyzers.Tests.Verifiers;

/// <summary>
/// Runs an analyzer over test sources compiled against the installed SDK's reference pack and Compat.Gateway,
/// so no reference assemblies are downloaded at test time.
/// </summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, withGateway: true, expected);

    public static Task VerifyAsync(string source, bool withGateway, params DiagnosticResult[] expected) => VerifyAsync(source, withGateway, null, expected);

    /// <summary>Like the others, with the sources parsed at a given C# version.</summary>
    public static async Task VerifyAsync(string source, bool withGateway, LanguageVersion? languageVersion, params DiagnosticResult[] expected)
    {
        // CSharpCodeFixTest with no fix: the same harness the fix tests use, so analyzer and fix cannot drift apart.
        var test = new CSharpCodeFixTest<TAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(ReferencePack.References);
        if (withGateway)
        {
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(Compat.Gateway.SyncApp).Assembly.Location));
        }

        if (languageVersion is { } version)
        {
            test.SolutionTransforms.Add(LanguageVersionTransform.To(version));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}

/// <summary>The SDK's Microsoft.NETCore.App reference assemblies, found beside the running runtime.</summary>
public static class ReferencePack
{
    public static ImmutableArray<MetadataReference> References { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var pack = Directory.GetDirectories(Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref")).Order(StringComparer.Ordinal).Last();
        var directory = Directory.GetDirectories(Path.Combine(pack, "ref")).Single();
        return [.. Directory.GetFiles(directory, "*.dll").Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))];
    }
}
