using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Compat.CodeFixes;
using Compat.Conformance;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Compat.Analyzers.Tests;

/// <summary>
/// A newcomer finds everything of a rule by its ID: each analyzer and fix reports or fixes the one rule its name
/// carries, `git ls-files '*CMPTxxx*'` lists its analyzer, fix, logic, doc and tests, and README's rule table is what
/// the assemblies say.
/// </summary>
public sealed class RuleLayoutTests
{
    // Infrastructure every rule uses, named for what it is rather than for a rule.
    private static readonly string[] Shared = ["RuleIds.cs", "FixProperties.cs", "GatewaySymbols.cs", "RewriteVerifier.cs", "IVerifiedRewrite.cs", "DocumentLineEndings.cs"];

    private static IReadOnlyList<string> Ids => [.. typeof(RuleIds).GetFields().Where(f => f.IsLiteral && f.Name != nameof(RuleIds.Category)).Select(f => (string)f.GetValue(null)!)];

    private static IEnumerable<DiagnosticAnalyzer> AnalyzerInstances => typeof(RuleIds).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null).Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    private static IEnumerable<CodeFixProvider> FixInstances => typeof(CMPT001WriteCallCodeFix).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null).Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);

    [Fact]
    public void EachAnalyzer_ReportsTheOneRuleItsNameCarries_AndEachRuleHasOne()
    {
        var analyzers = AnalyzerInstances.ToList();
        foreach (var analyzer in analyzers)
        {
            var rule = Assert.Single(analyzer.SupportedDiagnostics);
            Assert.StartsWith(rule.Id, analyzer.GetType().Name, StringComparison.Ordinal);
        }

        Assert.Equal(Ids.Order(), analyzers.Select(a => a.SupportedDiagnostics[0].Id).Order());
    }

    [Fact]
    public void EachFix_IsExportedUnderItsTypeName_AndFixesTheOneRuleItsNameCarries_WhichIsInRuleIds()
    {
        foreach (var fix in FixInstances)
        {
            var type = fix.GetType();
            Assert.Equal(type.Name, type.GetCustomAttribute<ExportCodeFixProviderAttribute>()!.Name);
            var id = Assert.Single(fix.FixableDiagnosticIds);
            Assert.Contains(id, Ids);
            Assert.StartsWith(id, type.Name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryFileOfTheRules_CarriesTheIdsOfTheRulesItServes_AndEachIdFindsAnalyzerFixDocAndTests()
    {
        var files = GitLsFiles();
        foreach (var file in files.Where(f => f.StartsWith("analyzers/Compat.Analyzers/", StringComparison.Ordinal) || f.StartsWith("codefixes/Compat.CodeFixes/", StringComparison.Ordinal)))
        {
            if (!file.EndsWith(".cs", StringComparison.Ordinal) || Shared.Contains(Path.GetFileName(file))) continue;
            Assert.True(file.Contains("CMPT", StringComparison.Ordinal), $"{file} serves no rule by its name; name it for the rules it serves (Type.CMPT00x.cs) or list it as shared");
        }

        foreach (var id in Ids)
        {
            var ofRule = files.Where(f => f.Contains(id, StringComparison.Ordinal)).ToList();
            Assert.Contains(ofRule, f => f.StartsWith("analyzers/Compat.Analyzers/", StringComparison.Ordinal) && f.EndsWith("Analyzer.cs", StringComparison.Ordinal));
            Assert.Contains(ofRule, f => f.StartsWith("codefixes/Compat.CodeFixes/", StringComparison.Ordinal) && f.EndsWith("CodeFix.cs", StringComparison.Ordinal));
            Assert.Contains($"docs/rules/{id}.md", ofRule);
            Assert.Contains(ofRule, f => f.StartsWith("tests/Compat.Analyzers.Tests/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ReadmesRuleTable_IsWhatTheAssembliesSay()
    {
        var table = new StringBuilder("| rule | title | default severity | fix | page |\n|---|---|---|---|---|\n");
        var fixes = FixInstances.ToList();
        foreach (var rule in AnalyzerInstances.Select(a => a.SupportedDiagnostics[0]).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            var fix = fixes.SingleOrDefault(f => f.FixableDiagnosticIds.Contains(rule.Id));
            table.Append($"| {rule.Id} | {rule.Title} | {rule.DefaultSeverity.ToString().ToLowerInvariant()} | {(fix is null ? "none" : $"`{fix.GetType().Name}`")} | [docs/rules/{rule.Id}.md](docs/rules/{rule.Id}.md) |\n");
        }

        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).ReplaceLineEndings("\n");
        const string Start = "<!-- rules: checked by RuleLayoutTests -->\n", End = "<!-- /rules -->";
        var start = readme.IndexOf(Start, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README has no rule table; add this between {Start.Trim()} and {End}:\n{table}");
        var actual = readme[(start + Start.Length)..readme.IndexOf(End, start, StringComparison.Ordinal)];
        Assert.Equal(table.ToString(), actual);
    }

    private static List<string> GitLsFiles()
    {
        var start = new ProcessStartInfo("git", ["ls-files"]) { WorkingDirectory = RepositoryPaths.Root, RedirectStandardOutput = true, UseShellExecute = false };
        using var git = Process.Start(start)!;
        var files = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        return files;
    }
}
