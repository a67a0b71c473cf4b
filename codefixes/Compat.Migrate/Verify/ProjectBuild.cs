using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Compat.Migrate.Verify;

/// <summary>Builds a project with <c>dotnet build</c> and finds the assembly it made.</summary>
internal static class ProjectBuild
{
    /// <summary>Builds the project.</summary>
    /// <param name="project">The .csproj.</param>
    /// <returns>The assembly's path, or the build's errors.</returns>
    public static async Task<(string? Assembly, string? Error)> BuildAsync(string project)
    {
        var (exit, said, failed) = await DotnetCommand.RunAsync(Path.GetDirectoryName(project), "build", project, "-nologo", "-v", "quiet", "-t:Build", "-getProperty:TargetPath").ConfigureAwait(false);
        var output = said.Trim();
        var errors = failed.Trim();
        if (exit != 0)
        {
            var lines = (output + "\n" + errors).Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ", System.StringComparison.Ordinal)).Distinct().Take(10);
            return (null, $"'dotnet build {Path.GetFileName(project)}' failed (exit {exit}): {string.Join("; ", lines.DefaultIfEmpty(output + errors))}");
        }

        // With -getProperty the output is the property's value alone; empty for a project with several frameworks.
        return File.Exists(output)
            ? (output, null)
            : (null, $"'dotnet build {Path.GetFileName(project)}' made no single assembly to load (a project with several target frameworks?): '{output}'");
    }
}
