using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Compat.Conformance;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Compat.Analyzers.Tests;

/// <summary>Every rule is documented where its help link points, and listed in the release tracking file.</summary>
public sealed class RuleMetadataTests
{
    public static TheoryData<string> Analyzers => [.. typeof(RuleIds).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Analyzers))]
    public void EachRule_LinksToItsDocFile_WhichExists_AndSaysWhatWhyBeforeAfterAndConfiguration(string analyzerName)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(typeof(RuleIds).Assembly.GetTypes().Single(t => t.Name == analyzerName))!;
        foreach (var rule in analyzer.SupportedDiagnostics)
        {
            Assert.StartsWith("CMPT", rule.Id, StringComparison.Ordinal);

            // The link is the repository's, as Directory.Build.props names it, and its path is a file of this repository.
            var repository = $"{BuildProperty("CompatRepositoryUrl")}/blob/{BuildProperty("CompatHelpBranch")}/";
            Assert.StartsWith(repository, rule.HelpLinkUri, StringComparison.Ordinal);
            Assert.DoesNotContain("invalid", rule.HelpLinkUri, StringComparison.Ordinal);
            var relative = rule.HelpLinkUri[repository.Length..];
            Assert.Equal($"docs/rules/{rule.Id}.md", relative);
            var doc = Path.Combine(RepositoryPaths.Root, relative);
            Assert.True(File.Exists(doc), $"{doc} is missing");
            var text = File.ReadAllText(doc);
            foreach (var section in new[] { "## Why", "## Before", "## After", "## When no fix is offered", "## Configuration" })
            {
                Assert.Contains(section, text, StringComparison.Ordinal);
            }

            Assert.Contains($"dotnet_diagnostic.{rule.Id}.severity", text, StringComparison.Ordinal);
        }
    }

    private static string BuildProperty(string name) =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")).Descendants(name).Single().Value;

    [Fact]
    public void TheUnshippedReleaseFile_ListsEveryRule()
    {
        var releases = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "analyzers", "Compat.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var id in typeof(RuleIds).GetFields().Where(f => f.IsLiteral && f.Name != nameof(RuleIds.Category)).Select(f => (string)f.GetValue(null)!))
        {
            Assert.Contains($"{id} |", releases, StringComparison.Ordinal);
        }
    }
}
