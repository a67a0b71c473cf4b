using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Compat.Hosting.Recording;

/// <summary>What a recording directory holds: its requests in file and line order, and the lines that are not requests.</summary>
/// <param name="Requests">Each request with where it was (<c>file:line</c>).</param>
/// <param name="Problems">Lines that could not be read, as <c>file:line: reason</c>.</param>
public sealed record RecordingDirectory(IReadOnlyList<(string Location, RecordedRequest Request)> Requests, IReadOnlyList<string> Problems)
{
    /// <summary>Reads every <see cref="RecordingFormat.FileExtension"/> file of a directory, in name order.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>Its requests and problems. Blank lines and lines starting with <c>#</c> (notes in a hand-written file) are skipped.</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static RecordingDirectory Read(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: no such directory");
        List<(string, RecordedRequest)> requests = [];
        List<string> problems = [];
        foreach (var file in System.IO.Directory.GetFiles(directory, "*" + RecordingFormat.FileExtension).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
                try
                {
                    requests.Add(($"{name}:{i + 1}", RecordingFormat.Parse(line)));
                }
                catch (FormatException ex)
                {
                    problems.Add($"{name}:{i + 1}: {ex.Message}");
                }
            }
        }

        return new RecordingDirectory(requests, problems);
    }
}
