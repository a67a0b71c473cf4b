using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Compat.Analyzers.Tests.Verifiers;

/// <summary>A test solution transform that parses the project's sources at a given C# version.</summary>
public static class LanguageVersionTransform
{
    public static Func<Solution, ProjectId, Solution> To(LanguageVersion version) => (solution, project) =>
        solution.WithProjectParseOptions(project, ((CSharpParseOptions)solution.GetProject(project)!.ParseOptions!).WithLanguageVersion(version));
}
