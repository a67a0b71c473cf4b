using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Compat.Migrate.Tests;

public sealed class UnifiedDiffTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compat-diff-").FullName;

    public static TheoryData<string, string> Pairs => new()
    {
        { "a\nb\nc\n", "a\nB\nc\n" },
        { "one\ntwo\n", "zero\none\ntwo\n" },
        { "one\ntwo\nthree\n", "one\ntwo\n" },
        { "no newline at the end", "no newline at the end\nnow there is one\n" },
        { "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n", "1\nX\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\nY\n20\n" },
        { "keep\nold a\nold b\nkeep\n", "keep\nnew a\nkeep\nadded\n" },
        { "", "everything is new\n" },
        { "last line\n", "last line" },
        { "a\nb", "a\nc" },
        { "windows\r\nlines\r\n", "windows\r\nlines\r\nmore\r\n" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task PatchApplies_TheDiff_AndGetsTheNewText(string before, string after)
    {
        var file = Path.Combine(_directory, "file.txt");
        await File.WriteAllTextAsync(file, before);
        var diff = UnifiedDiff.Create("a/file.txt", "b/file.txt", before, after);
        await File.WriteAllTextAsync(Path.Combine(_directory, "change.diff"), diff);

        using var patch = Process.Start(new ProcessStartInfo("patch", "-p1 --forward --quiet -i change.diff") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await patch.StandardOutput.ReadToEndAsync() + await patch.StandardError.ReadToEndAsync();
        await patch.WaitForExitAsync();

        Assert.True(patch.ExitCode == 0, $"patch failed: {output}\n{diff}");
        Assert.Equal(after, await File.ReadAllTextAsync(file));
    }

    [Fact]
    public void EqualTexts_HaveNoDiff() => Assert.Equal(string.Empty, UnifiedDiff.Create("a", "b", "x\ny\n", "x\ny\n"));

    [Fact]
    public void ChangesFarApart_AreTwoHunks_WithThreeLinesOfContext()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20)) + "\n";
        var after = before.Replace("\n2\n", "\ntwo\n", StringComparison.Ordinal).Replace("\n19\n", "\nnineteen\n", StringComparison.Ordinal);

        var diff = UnifiedDiff.Create("a/n", "b/n", before, after);

        Assert.Equal(
            "--- a/n\n+++ b/n\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+nineteen\n 20\n",
            diff);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
