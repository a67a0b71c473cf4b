using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Compat.Analyzers;
using Compat.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Compat.Migrate;

/// <summary>The analyzers and code fixes of the Compat.Analyzers package, found as the IDE finds them: by attribute.</summary>
internal static class RuleCatalog
{
    /// <summary>Every Compat analyzer.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = Instantiate<DiagnosticAnalyzer, DiagnosticAnalyzerAttribute>(typeof(CMPT001WriteCallAnalyzer).Assembly);

    private static ImmutableArray<CodeFixProvider> Fixes { get; } = Instantiate<CodeFixProvider, ExportCodeFixProviderAttribute>(typeof(CMPT001WriteCallCodeFix).Assembly);

    /// <summary>The analyzers that report a rule.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AnalyzersFor(string ruleId) =>
        Analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == ruleId)).ToImmutableArray();

    /// <summary>The code fix for a rule, or null when it has none.</summary>
    public static CodeFixProvider? FixFor(string ruleId) => Fixes.FirstOrDefault(f => f.FixableDiagnosticIds.Contains(ruleId));

    private static ImmutableArray<T> Instantiate<T, TAttribute>(Assembly assembly)
        where TAttribute : Attribute =>
        assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<TAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
