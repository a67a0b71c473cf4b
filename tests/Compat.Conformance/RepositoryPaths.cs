using System;
using System.IO;

namespace Compat.Conformance;

/// <summary>Where the repository is, seen from a test's output folder: tests read only files inside it.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds Compat.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Compat.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"No Compat.sln above {AppContext.BaseDirectory}.");
    }
}
