using System;
using System.IO;
using System.Linq;

namespace Compat.Migrate.Verify;

/// <summary>
/// A copy of the source tree a project lives in, in a temporary folder, for building a version of it without
/// touching the user's files or their bin and obj. The tree is the repository (the nearest folder up with a
/// <c>.git</c>), so Directory.Build.props, central package versions and project references inside it build as they
/// do at home; without a repository, the folder of the project or solution.
/// </summary>
internal sealed class SourceTreeCopy : IDisposable
{
    // Build output and tool state: rebuilt in the copy, and large.
    private static readonly string[] Skipped = ["bin", "obj", ".git", ".vs", ".idea", "node_modules", "TestResults"];

    private SourceTreeCopy(string source, string root)
    {
        Source = source;
        Root = root;
    }

    /// <summary>The folder copied.</summary>
    public string Source { get; }

    /// <summary>Where the copy is.</summary>
    public string Root { get; }

    /// <summary>The folder a solution or project would be copied from.</summary>
    public static string TreeOf(string path)
    {
        var start = Path.GetDirectoryName(Path.GetFullPath(path))!;
        for (var folder = start; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git"))) return folder;
        }

        return start;
    }

    /// <summary>Copies a tree into a new temporary folder.</summary>
    /// <param name="source">The folder to copy.</param>
    /// <param name="label">A word for the folder's name (before, after).</param>
    public static SourceTreeCopy Create(string source, string label)
    {
        var root = Directory.CreateTempSubdirectory($"compat-migrate-{label}-").FullName;
        var copy = new SourceTreeCopy(source, root);
        try
        {
            CopyFolder(source, root);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Where a file of the source tree is in the copy.</summary>
    /// <exception cref="InvalidOperationException">The file is outside the copied tree.</exception>
    public string Map(string path)
    {
        var relative = Path.GetRelativePath(Source, Path.GetFullPath(path));
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new InvalidOperationException($"{path} is outside {Source}, the folder that is copied to build it");
        }

        return Path.Combine(Root, relative);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temporary folder is the system's to clean.
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from).Where(f => !Skipped.Contains(Path.GetFileName(f), StringComparer.OrdinalIgnoreCase)))
        {
            if (new DirectoryInfo(folder).LinkTarget is not null) continue;
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
