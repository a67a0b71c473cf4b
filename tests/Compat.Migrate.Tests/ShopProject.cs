using System.IO;
using Compat.Conformance;

namespace Compat.Migrate.Tests;

/// <summary>A handler library as a team has it: a project referencing the contract, with one source file.</summary>
internal static class ShopProject
{
    /// <summary>Writes Shop.csproj and Handlers.cs into the folder.</summary>
    /// <returns>The project's and the source's paths.</returns>
    public static (string Project, string Source) Write(string directory, string handlers)
    {
        var project = Path.Combine(directory, "Shop.csproj");
        var source = Path.Combine(directory, "Handlers.cs");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(RepositoryPaths.Root, "adapters", "Compat.Gateway", "Compat.Gateway.csproj")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(source, handlers);
        return (project, source);
    }
}
