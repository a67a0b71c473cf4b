using System;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Compat.Migrate;

/// <summary>
/// Replaces a file in one step: the text is written to a new file beside it, then renamed over it. A crash or a
/// full disk leaves either the old file or the new one, never half of each.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes the text in its own encoding (a UTF-8 file keeps or lacks its BOM as it had it).</summary>
    /// <param name="path">The file to replace, or to create.</param>
    /// <param name="text">The new content.</param>
    public static void Replace(string path, SourceText text)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.compat-migrate");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream, text.Encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                text.Write(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(path))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(path));
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
